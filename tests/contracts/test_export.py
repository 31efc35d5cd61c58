"""contracts:export — exactly the visible rows the list's filters select."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ContractFactory, CustomerFactory, OpportunityFactory
from tests.transfer.conftest import downloaded_rows

URL = reverse("contracts:export")


def numbers(client, params=None) -> list[str]:
    return [row[0] for row in downloaded_rows(client.get(URL, params or {}))[1:]]


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_post_is_refused(client, alice):
    client.force_login(alice)
    assert client.post(URL).status_code == 405


def test_each_person_gets_exactly_the_contracts_they_see(
    client, alice, bob, mary, olivia
):
    ContractFactory(owner=alice, number="HT-A", status="submitted")
    ContractFactory(owner=bob, number="HT-B")
    ContractFactory(owner=olivia, number="HT-O", status="submitted")
    client.force_login(alice)
    assert numbers(client) == ["HT-A"]
    client.force_login(mary)
    assert set(numbers(client)) == {"HT-A", "HT-B"}
    # The list's filters apply, including "awaiting my approval".
    assert numbers(client, {"awaiting": "on"}) == ["HT-A"]
    assert numbers(client, {"q": "HT-B"}) == ["HT-B"]


def test_rows_follow_the_lists_order(client, alice):
    for amount, number in ((300, "HT-3"), (100, "HT-1"), (200, "HT-2")):
        ContractFactory(owner=alice, number=number, amount=amount)
    client.force_login(alice)
    assert numbers(client, {"sort": "-amount"}) == ["HT-3", "HT-2", "HT-1"]


def test_columns_money_and_dates(client, alice):
    customer = CustomerFactory(owner=alice, legal_name="=cmd|' /C calc'!A0")
    deal = OpportunityFactory(owner=alice, customer=customer, name="Plant MES")
    ContractFactory(
        owner=alice,
        customer=customer,
        opportunity=deal,
        number="HT-2026-0009",
        title="MES",
        status="signed",
        signed_on="2026-04-01",
        starts_on="2026-05-01",
        ends_on="2027-04-30",
        amount=Decimal("1234567.50"),
    )
    client.force_login(alice)
    header, row = downloaded_rows(client.get(URL))
    cells = dict(zip(header, row, strict=True))
    assert header == [
        "Number",
        "Title",
        "Customer",
        "Opportunity",
        "Status",
        "Amount",
        "Signed on",
        "Starts on",
        "Ends on",
        "Owner",
        "Created",
    ]
    assert cells["Number"] == "HT-2026-0009"
    assert cells["Customer"].startswith("'=")  # formula neutralized
    assert cells["Opportunity"] == "Plant MES"
    assert cells["Status"] == "Signed"
    assert cells["Amount"] == "1234567.50"
    assert (cells["Signed on"], cells["Starts on"], cells["Ends on"]) == (
        "2026-04-01",
        "2026-05-01",
        "2027-04-30",
    )
    header, row = downloaded_rows(client.get(URL, {"format": "xlsx"}))
    assert dict(zip(header, row, strict=True))["Amount"] == 1234567.5


def test_query_count_does_not_grow_with_the_rows(client, alice):
    client.force_login(alice)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            downloaded_rows(client.get(URL))
        return len(queries)

    for _ in range(5):
        ContractFactory(owner=alice)
    five = count_queries()
    for _ in range(45):
        ContractFactory(owner=alice)
    assert count_queries() == five
