"""payments:list — unpaid installments by window, filters, cards, sorting."""

from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ContractFactory, CustomerFactory, InstallmentFactory
from tests.payments.conftest import make_plan, pay, signed_contract

URL = reverse("payments:list")


def due_dates(response) -> list[str]:
    return [i.due_date.isoformat() for i in response.context["installments"]]


@pytest.fixture
def spread(alice, clock):
    """Unpaid installments around Monday 2026-06-15, one paid, one on a draft."""
    contract = signed_contract(alice, amount="800", title="Spread")
    rows = make_plan(
        contract,
        ("2026-05-20", "100"),  # overdue, last month
        ("2026-06-01", "100"),  # overdue, this month
        ("2026-06-14", "100"),  # overdue, last Sunday (previous week)
        ("2026-06-15", "100"),  # due today
        ("2026-06-21", "100"),  # this Sunday
        ("2026-06-22", "100"),  # next week, this month
        ("2026-06-30", "100"),  # end of the month
        ("2026-07-01", "100"),  # next month
    )
    draft = ContractFactory(owner=alice, amount=100)
    InstallmentFactory(contract=draft, due_date="2026-06-16", amount=100)
    return contract, rows


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_all_unpaid_by_default_in_due_date_order(client, alice, spread):
    contract, _rows = spread
    pay(contract, "100", "2026-05-20")  # settles the first one
    client.force_login(alice)
    response = client.get(URL)
    assert response.context["window"] == "all"
    assert due_dates(response) == [
        "2026-06-01",
        "2026-06-14",
        "2026-06-15",
        "2026-06-21",
        "2026-06-22",
        "2026-06-30",
        "2026-07-01",
    ]


def test_windows_at_a_fixed_date(client, alice, spread):
    client.force_login(alice)
    assert due_dates(client.get(URL, {"window": "overdue"})) == [
        "2026-05-20",
        "2026-06-01",
        "2026-06-14",
    ]
    assert due_dates(client.get(URL, {"window": "week"})) == [
        "2026-06-15",
        "2026-06-21",
    ]
    # Nothing overdue is due this week or month as well: they start today.
    assert due_dates(client.get(URL, {"window": "month"})) == [
        "2026-06-15",
        "2026-06-21",
        "2026-06-22",
        "2026-06-30",
    ]


def test_summary_cards_add_up_the_remaining_amounts(client, alice, spread):
    contract, _rows = spread
    pay(contract, "150", "2026-06-10")  # the first and half the second
    client.force_login(alice)
    response = client.get(URL, {"window": "week"})
    summary = response.context["summary"]
    assert (summary["overdue"]["count"], summary["overdue"]["amount"]) == (
        2,
        Decimal("150"),
    )
    assert summary["week"]["amount"] == Decimal("200")
    assert summary["month"]["amount"] == Decimal("400")
    assert summary["all"]["amount"] == Decimal("650")
    # Overdue and due to month end part the unpaid amount; July is the rest.
    assert summary["overdue"]["amount"] + summary["month"]["amount"] == Decimal("550")
    body = response.content.decode()
    assert "¥150.00" in body
    assert "¥400.00" in body
    assert "Due from today to Sunday" in body
    assert "Due from today to month end" in body


def test_overdue_rows_say_by_how_many_days(client, alice, spread):
    client.force_login(alice)
    body = client.get(URL, {"window": "overdue"}).content.decode()
    assert "overdue 26 days" in body  # 2026-05-20
    assert "overdue 1 day<" in body  # 2026-06-14


def test_partly_paid_installment_shows_paid_and_remaining(client, alice, clock):
    contract = signed_contract(alice, amount="1000")
    make_plan(contract, ("2026-06-20", "1000"))
    pay(contract, "400", "2026-06-12")
    client.force_login(alice)
    response = client.get(URL)
    [row] = response.context["installments"]
    assert row.paid_amount == Decimal("400")
    assert row.remaining_amount == Decimal("600")
    assert "¥600.00" in response.content.decode()


def test_salesperson_sees_only_her_contracts(client, alice, bob, olivia, clock):
    make_plan(signed_contract(alice, amount="100", title="Mine"), ("2026-06-20", "100"))
    make_plan(signed_contract(bob, amount="100", title="Bob's"), ("2026-06-20", "100"))
    make_plan(
        signed_contract(olivia, amount="100", title="Hers"), ("2026-06-20", "100")
    )
    client.force_login(alice)
    response = client.get(URL)
    assert [i.contract.title for i in response.context["installments"]] == ["Mine"]
    assert response.context["summary"]["all"]["count"] == 1


def test_manager_filters_by_owner_and_text(client, mary, alice, kate, clock):
    make_plan(
        signed_contract(alice, amount="100", title="Alice ERP"), ("2026-06-20", "100")
    )
    make_plan(
        signed_contract(kate, amount="100", title="Kate ERP"), ("2026-06-20", "100")
    )
    make_plan(
        signed_contract(kate, amount="100", title="Kate MES"), ("2026-06-20", "100")
    )
    client.force_login(mary)
    titles = lambda r: sorted(i.contract.title for i in r.context["installments"])  # noqa: E731
    assert titles(client.get(URL)) == ["Alice ERP", "Kate ERP", "Kate MES"]
    assert titles(client.get(URL, {"owner": kate.pk})) == ["Kate ERP", "Kate MES"]
    assert titles(client.get(URL, {"q": "erp", "owner": kate.pk})) == ["Kate ERP"]
    # The summary follows the other filters too.
    response = client.get(URL, {"owner": kate.pk})
    assert response.context["summary"]["all"]["amount"] == Decimal("200")


def test_salesperson_has_no_owner_filter(client, alice, clock):
    client.force_login(alice)
    assert 'name="owner"' not in client.get(URL).content.decode()


def test_customer_filter_names_the_customer(client, alice, clock):
    mine = CustomerFactory(owner=alice, legal_name="杭州乙公司")
    make_plan(
        signed_contract(alice, amount="100", customer=mine), ("2026-06-20", "100")
    )
    make_plan(signed_contract(alice, amount="100"), ("2026-06-20", "100"))
    client.force_login(alice)
    response = client.get(URL, {"customer": mine.pk})
    assert len(response.context["installments"]) == 1
    assert "杭州乙公司" in response.content.decode()


def test_due_date_range_and_sorting(client, alice, spread):
    client.force_login(alice)
    response = client.get(
        URL, {"due_after": "2026-06-14", "due_before": "2026-06-22", "sort": "-due"}
    )
    assert due_dates(response) == [
        "2026-06-22",
        "2026-06-21",
        "2026-06-15",
        "2026-06-14",
    ]


def test_empty_state(client, alice, clock):
    client.force_login(alice)
    body = client.get(URL, {"window": "overdue"}).content.decode()
    assert "Nothing is overdue." in body


@pytest.mark.parametrize("persona", ["alice", "mary"])
def test_query_count_does_not_grow_with_rows(client, request, persona, alice, clock):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"owner": alice.pk}).status_code == 200
        return len(queries)

    def add(n):
        for index in range(n):
            customer = CustomerFactory(owner=alice)
            contract = signed_contract(alice, amount="100", customer=customer)
            # Half overdue, half due later: both kinds of rows are drawn.
            make_plan(contract, ("2026-06-01" if index % 2 else "2026-06-20", "100"))

    add(5)
    five = count_queries()
    add(45)  # 50 rows: two pages
    assert count_queries() == five


def test_mid_week_the_week_runs_from_today_to_sunday(client, alice, spread):
    # On Wednesday, Monday's unpaid installment is overdue, not due this week.
    with time_machine.travel("2026-06-17 09:00 +0800", tick=False):
        client.force_login(alice)
        response = client.get(URL, {"window": "week"})
        assert due_dates(response) == ["2026-06-21"]
        assert response.context["summary"]["week"]["amount"] == Decimal("100")
        overdue = client.get(URL, {"window": "overdue"})
        assert due_dates(overdue)[-1] == "2026-06-15"
        assert list(overdue.context["installments"])[-1].days_overdue == 2
