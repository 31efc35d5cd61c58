"""contracts:list — visibility, filters (awaiting my approval), sorting, totals."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ContractFactory, CustomerFactory

URL = reverse("contracts:list")


def titles(response) -> list[str]:
    return [contract.title for contract in response.context["contracts"]]


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_salesperson_sees_only_own_contracts(client, alice, bob, olivia):
    ContractFactory(owner=alice, title="Mine")
    ContractFactory(owner=bob, title="Teammate's")
    ContractFactory(owner=olivia, title="Outsider's")
    client.force_login(alice)
    response = client.get(URL)
    assert titles(response) == ["Mine"]
    body = response.content.decode()
    assert "Outsider" not in body and "Teammate" not in body
    # The owner column and the approval filter are for managers.
    assert response.context["show_owner"] is False
    assert 'name="awaiting"' not in body


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("mary", {"Alice's", "Kate's"}),
        ("nick", {"Olivia's"}),
        ("dora", {"Alice's", "Kate's", "Olivia's"}),
        ("adam", {"Alice's", "Kate's", "Olivia's"}),
    ],
)
def test_managers_see_their_teams_and_admins_everything(
    client, request, persona, expected, alice, kate, olivia
):
    ContractFactory(owner=alice, title="Alice's")
    ContractFactory(owner=kate, title="Kate's")
    ContractFactory(owner=olivia, title="Olivia's")
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert set(titles(response)) == expected
    assert 'name="awaiting"' in response.content.decode()


def test_row_shows_number_customer_owner_status_amount_and_dates(client, mary, alice):
    customer = CustomerFactory(owner=alice, legal_name="杭州乙制造有限公司")
    contract = ContractFactory(
        owner=alice,
        customer=customer,
        number="HT-2026-0042",
        title="MES phase 1",
        status="signed",
        signed_on="2026-03-02",
        ends_on="2027-03-01",
        amount=Decimal("880000.50"),
    )
    client.force_login(mary)
    body = client.get(URL).content.decode()
    assert reverse("contracts:detail", args=[contract.pk]) in body
    for text in (
        "HT-2026-0042",
        "MES phase 1",
        "杭州乙制造有限公司",
        str(alice),
        'data-status="signed"',
        "¥880,000.50",
        "2 Mar 2026",
        "1 Mar 2027",
    ):
        assert text in body, text


def test_search_matches_number_title_and_customer(client, alice):
    ContractFactory(owner=alice, number="HT-2026-0007", title="Alpha")
    ContractFactory(owner=alice, title="ERP rollout")
    ContractFactory(
        owner=alice,
        title="Gamma",
        customer=CustomerFactory(owner=alice, legal_name="苏州丙电子有限公司"),
    )
    ContractFactory(owner=alice, title="Nothing to do with it")
    client.force_login(alice)
    assert titles(client.get(URL, {"q": "2026-0007"})) == ["Alpha"]
    assert titles(client.get(URL, {"q": "erp"})) == ["ERP rollout"]
    assert titles(client.get(URL, {"q": "丙电子"})) == ["Gamma"]


def test_status_owner_and_signed_date_filters(client, mary, alice, bob):
    ContractFactory(owner=alice, title="Draft")
    ContractFactory(owner=alice, title="Early", status="signed", signed_on="2026-01-10")
    ContractFactory(owner=alice, title="Later", status="signed", signed_on="2026-05-10")
    ContractFactory(owner=bob, title="Bob's", status="signed", signed_on="2026-05-11")
    client.force_login(mary)
    assert set(titles(client.get(URL, {"status": "signed"}))) == {
        "Early",
        "Later",
        "Bob's",
    }
    assert set(titles(client.get(URL, {"status": "signed", "owner": alice.pk}))) == {
        "Early",
        "Later",
    }
    assert set(
        titles(
            client.get(
                URL, {"signed_after": "2026-05-01", "signed_before": "2026-05-31"}
            )
        )
    ) == {"Later", "Bob's"}


def test_owner_outside_the_rule_is_not_a_choice(client, alice, olivia):
    ContractFactory(owner=olivia)
    client.force_login(alice)
    response = client.get(URL, {"owner": olivia.pk})
    assert "owner" in response.context["filter"].errors
    assert titles(response) == []


def test_awaiting_my_approval_for_a_manager(client, mary, alice, kate, olivia):
    ContractFactory(owner=alice, title="Alice submitted", status="submitted")
    ContractFactory(owner=kate, title="Kate submitted", status="submitted")
    ContractFactory(owner=alice, title="Alice draft")
    ContractFactory(owner=alice, title="Alice approved", status="approved")
    ContractFactory(owner=mary, title="Mary's own", status="submitted")
    ContractFactory(owner=olivia, title="North submitted", status="submitted")
    client.force_login(mary)
    response = client.get(URL, {"awaiting": "on"})
    # Her own contract waits for her manager, not for her.
    assert set(titles(response)) == {"Alice submitted", "Kate submitted"}
    assert "checked" in response.content.decode().split('id="id_awaiting"')[1][:80]


def test_awaiting_my_approval_for_an_admin_and_a_salesperson(
    client, adam, alice, olivia
):
    ContractFactory(owner=alice, title="Alice submitted", status="submitted")
    ContractFactory(owner=olivia, title="North submitted", status="submitted")
    ContractFactory(owner=adam, title="Adam's own", status="submitted")
    client.force_login(adam)
    assert set(titles(client.get(URL, {"awaiting": "on"}))) == {
        "Alice submitted",
        "North submitted",
    }
    # Nobody approves their own contract: a salesperson's list stays empty.
    client.force_login(alice)
    assert titles(client.get(URL, {"awaiting": "on"})) == []


def test_sort_by_amount_both_ways_and_by_number(client, alice):
    for amount, number in ((300, "HT-C"), (100, "HT-A"), (200, "HT-B")):
        ContractFactory(
            owner=alice, title=f"Deal {amount}", amount=amount, number=number
        )
    client.force_login(alice)
    assert titles(client.get(URL, {"sort": "amount"})) == [
        "Deal 100",
        "Deal 200",
        "Deal 300",
    ]
    assert titles(client.get(URL, {"sort": "-amount"}))[0] == "Deal 300"
    assert titles(client.get(URL, {"sort": "number"})) == [
        "Deal 100",
        "Deal 200",
        "Deal 300",
    ]
    # Unknown keys fall back to newest first.
    assert titles(client.get(URL, {"sort": "password"}))[0] == "Deal 200"


def test_totals_cover_the_filtered_set_not_just_the_page(client, alice):
    for _ in range(30):
        ContractFactory(owner=alice, amount=1000, status="signed")
    ContractFactory(owner=alice, amount=5)
    client.force_login(alice)
    response = client.get(URL, {"status": "signed"})
    assert response.context["totals"]["amount"] == Decimal("30000")
    assert response.context["page_obj"].paginator.count == 30
    assert len(titles(response)) == 25
    assert "¥30,000.00" in response.content.decode()


def test_empty_states_and_export_links_keep_the_filters(client, alice):
    client.force_login(alice)
    assert "No contracts yet." in client.get(URL).content.decode()
    body = client.get(URL, {"q": "nothing"}).content.decode()
    assert "No contract matches these filters." in body
    assert reverse("contracts:export") + "?q=nothing" in body
    assert reverse("contracts:export") + "?q=nothing&amp;format=xlsx" in body


@pytest.mark.parametrize("persona", ["alice", "mary"])
def test_query_count_does_not_grow_with_rows(client, request, persona, alice):
    client.force_login(request.getfixturevalue(persona))

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"awaiting": "on"}).status_code == 200
            assert client.get(URL).status_code == 200
        return len(queries)

    def add(count: int) -> None:
        for _ in range(count):
            ContractFactory(owner=alice, status="submitted")

    add(5)
    five = count_queries()
    add(45)
    # session, user with their team (top bar), owner choices, totals, count, page
    # (customer, owner, deal joined): never one per row.
    assert count_queries() == five


def test_a_date_range_alone_counts_as_a_filter(client, alice):
    """Filtering only by signing date still offers to clear the filters."""
    client.force_login(alice)
    response = client.get(reverse("contracts:list"), {"signed_after": "2026-01-01"})
    assert response.context["is_filtered"] is True
    response = client.get(reverse("contracts:list"))
    assert response.context["is_filtered"] is False
