"""The kept performance figures match the records, whatever writes them.

PostgreSQL keeps `PerformanceCount` with triggers; the performance and
forecast reports read it there. These tests win and reopen deals, sign, void
and hand over contracts, record, move and delete payments, add and hand over
customers, then compare the kept rows with the records added up afresh, and
the reports' figures kept with the same figures added up live.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from contracts.models import Contract, ContractStatus
from customers.models import Customer
from opportunities.models import Opportunity, OpportunityStatus
from opportunities.services import opportunity_close, opportunity_reopen
from payments.models import Payment
from payments.services import payment_delete
from reports.loaders import forecast as forecast_loader
from reports.loaders import performance as loader
from reports.metrics.periods import Period
from reports.performance_counts import PerformanceCount, performance_counts_kept
from reports.scope import Scope
from tests.factories import (
    ContractFactory,
    CustomerFactory,
    OpportunityFactory,
    PaymentFactory,
)
from tests.reports.history import at
from tests.reports.kept_tally import kept_performance, performance_afresh

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="kept by PostgreSQL triggers"
)

# Periods read as blocks of every span, and months across a year's end.
RANGES = [
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2026, 11, 1), date(2026, 11, 30)),
    (date(2026, 10, 29), date(2026, 12, 2)),
    (date(2026, 11, 30), date(2026, 11, 30)),
    (date(2025, 12, 20), date(2027, 1, 9)),
]


def report_figures(viewer, monkeypatch, *, kept_now: bool) -> dict:
    monkeypatch.setattr(loader, "performance_counts_kept", lambda: kept_now)
    monkeypatch.setattr(forecast_loader, "performance_counts_kept", lambda: kept_now)
    figures = {}
    for start, end in RANGES:
        scope = Scope(viewer, Period(start, end), "custom")
        months = [
            (row.month, row.won, row.contracted, row.received, row.new_customers)
            for row in loader.by_month(scope)
        ]
        people = sorted(
            (row.person.pk, row.won, row.contracted, row.received)
            for row in loader.by_person(scope)
        )
        won = forecast_loader.won_by_month(scope, scope.period.months())
        won_by_owner = forecast_loader.won_by_owner(scope, start, end)
        figures[start, end] = (
            months,
            people,
            sorted(won.items()),
            sorted(won_by_owner.items()),
        )
    return figures


def assert_reports_match_live(viewers, monkeypatch):
    for viewer in viewers:
        kept = report_figures(viewer, monkeypatch, kept_now=True)
        assert kept == report_figures(viewer, monkeypatch, kept_now=False)


def won_at(owner, when: str, amount=100000) -> Opportunity:
    deal = OpportunityFactory(owner=owner, amount=amount)
    opportunity_close(opportunity=deal, by=owner, won=True)
    Opportunity.objects.filter(pk=deal.pk).update(closed_at=at(when))
    deal.refresh_from_db()
    return deal


def signed(owner, on: date, amount=80000, **fields) -> Contract:
    return ContractFactory(
        owner=owner, status=ContractStatus.SIGNED, signed_on=on, amount=amount, **fields
    )


@on_postgresql
def test_every_kind_of_write_keeps_the_figures_true(
    mary, alice, bob, olivia, adam, monkeypatch
):
    # Late evening and just after midnight in Shanghai: different local days
    # and months, the same UTC day.
    late = won_at(alice, "2026-11-30 23:30", 120000)
    early = won_at(alice, "2026-12-01 00:30", 50000)
    won_at(bob, "2026-01-15 10:00")
    reopened = won_at(bob, "2026-11-03 09:00")
    opportunity_reopen(opportunity=reopened, by=bob)
    lost = OpportunityFactory(owner=bob)
    opportunity_close(opportunity=lost, by=bob, won=False, lost_reason="Price")
    # A won deal's amount corrected, one handed to Olivia, one deleted.
    Opportunity.objects.filter(pk=late.pk).update(amount=Decimal("125000.50"))
    Opportunity.objects.filter(pk=early.pk).update(owner=olivia)
    won_at(alice, "2026-10-10 10:00").delete()
    # Deals won in one statement.
    bulk = [OpportunityFactory(owner=bob) for _ in range(3)]
    Opportunity.objects.filter(pk__in=[d.pk for d in bulk]).update(
        status=OpportunityStatus.WON, closed_at=at("2026-11-05 08:00")
    )

    contract = signed(alice, date(2026, 11, 30), 90000)
    completed = signed(bob, date(2025, 12, 31), 30000)
    Contract.objects.filter(pk=completed.pk).update(status=ContractStatus.COMPLETED)
    voided = signed(bob, date(2026, 11, 2))
    ContractFactory(owner=bob, status=ContractStatus.DRAFT, amount=5000)
    first = PaymentFactory(contract=contract, received_on=date(2026, 11, 30))
    second = PaymentFactory(
        contract=contract, received_on=date(2026, 12, 1), amount=Decimal("2500.25")
    )
    PaymentFactory(contract=voided, received_on=date(2026, 11, 20), amount=7000)
    Contract.objects.filter(pk=voided.pk).update(
        status=ContractStatus.VOID, void_reason="Customer withdrew"
    )
    # A payment moved to another day, one deleted through the service.
    Payment.objects.filter(pk=first.pk).update(received_on=date(2026, 10, 31))
    payment_delete(payment=second, by=alice, reason="Entered twice")
    # Alice's contract, with its money, handed to Bob; the void one to Olivia.
    Contract.objects.filter(pk=contract.pk).update(owner=bob)
    Contract.objects.filter(pk=voided.pk).update(owner=olivia)

    kept_customer = CustomerFactory(owner=alice)
    moved = CustomerFactory(owner=alice)
    Customer.objects.filter(pk=moved.pk).update(
        owner=bob, created_at=at("2026-11-30 23:59")
    )
    CustomerFactory(owner=olivia).delete()

    assert kept_performance() == performance_afresh()
    assert kept_performance()  # the test wrote figures to compare
    assert Customer.objects.filter(pk=kept_customer.pk).exists()
    assert_reports_match_live([mary, alice, bob, adam], monkeypatch)


@on_postgresql
def test_money_received_moves_with_its_contract(alice, bob):
    contract = signed(alice, date(2026, 11, 2))
    PaymentFactory(contract=contract, received_on=date(2026, 11, 3), amount=4000)
    PaymentFactory(contract=contract, received_on=date(2026, 11, 3), amount=1000)

    def received(owner) -> Decimal:
        rows = PerformanceCount.objects.filter(
            owner=owner, measure="received", span="month", first_day=date(2026, 11, 1)
        )
        return sum((row.total for row in rows), Decimal(0))

    assert (received(alice), received(bob)) == (5000, 0)
    Contract.objects.filter(pk=contract.pk).update(owner=bob)
    assert (received(alice), received(bob)) == (0, 5000)


def test_the_figures_are_kept_only_where_the_database_keeps_them():
    assert performance_counts_kept() == (connection.vendor == "postgresql")


@on_postgresql
def test_a_bulk_load_through_copy_is_added_up(db):
    """`seed_scale` writes with the triggers off and adds everything up once."""
    call_command("seed_scale", opportunities=300, stdout=None)
    assert Payment.objects.exists()
    assert kept_performance() == performance_afresh()
