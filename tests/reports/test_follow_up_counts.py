"""The kept follow-up counts match the follow-ups, whatever writes them.

PostgreSQL keeps `FollowUpCount` with triggers; the sales behaviour report
reads it there. These tests change follow-ups and customers every way the
product can and then compare the kept rows, and the report's figures, with
the follow-ups counted afresh.
"""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection

from customers.models import Customer
from opportunities.models import Activity
from reports.follow_up_counts import follow_up_counts_kept
from reports.loaders import activity as loader
from reports.metrics.periods import Period
from reports.scope import Scope
from tests.factories import ActivityFactory, CustomerFactory
from tests.reports.history import at
from tests.reports.kept_tally import afresh, kept

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="kept by PostgreSQL triggers"
)

# Period blocks of every span, as read by the report.
RANGES = [
    (date(2026, 1, 1), date(2026, 12, 31)),  # this year: one year block
    (date(2026, 11, 1), date(2026, 11, 30)),  # a month
    (date(2026, 10, 29), date(2026, 12, 2)),  # days, weeks and a month
    (date(2026, 11, 3), date(2026, 11, 3)),  # one day
    (date(2025, 12, 20), date(2027, 1, 9)),  # across years
]


def report_figures(viewer, monkeypatch, *, kept_now: bool) -> dict:
    monkeypatch.setattr(loader, "follow_up_counts_kept", lambda: kept_now)
    figures = {}
    for start, end in RANGES:
        scope = Scope(viewer, Period(start, end), "custom")
        figures[start, end] = (
            sorted(loader.by_person_and_kind(scope)),
            sorted(loader.by_week_and_kind(scope)),
        )
    return figures


def assert_report_matches_live(viewers, monkeypatch):
    for viewer in viewers:
        kept_figures = report_figures(viewer, monkeypatch, kept_now=True)
        live = report_figures(viewer, monkeypatch, kept_now=False)
        assert kept_figures == live


@on_postgresql
def test_every_kind_of_write_keeps_the_counts_true(
    mary, alice, bob, olivia, adam, monkeypatch
):
    mine = CustomerFactory(owner=alice)
    bobs = CustomerFactory(owner=bob)
    outside = CustomerFactory(owner=olivia)
    # Late evening and just after midnight in Shanghai: different local days
    # (and months), the same UTC day.
    late = ActivityFactory(
        customer=mine, logged_by=alice, occurred_at=at("2026-11-30 23:30")
    )
    early = ActivityFactory(
        customer=mine, logged_by=alice, kind="visit", occurred_at=at("2026-12-01 00:30")
    )
    # Alice follows up a customer of Olivia's, which Mary does not see.
    helping = ActivityFactory(
        customer=outside, logged_by=alice, occurred_at=at("2026-11-03 10:00")
    )
    Activity.objects.bulk_create(
        Activity(
            customer=bobs,
            logged_by=bob,
            kind="email",
            summary="Sent the quote",
            occurred_at=at("2026-11-02 09:00") + timedelta(days=i),
        )
        for i in range(10)
    )
    assert kept() == afresh()
    assert kept()["day", date(2026, 11, 30), alice.pk, alice.pk, "call"] == 1
    assert kept()["month", date(2026, 12, 1), alice.pk, alice.pk, "visit"] == 1
    assert_report_matches_live([mary, adam, alice], monkeypatch)

    # A save to another day and kind, a move to another person and customer.
    late.occurred_at = at("2027-01-02 08:00")
    late.kind = "meeting"
    late.save()
    early.logged_by = bob
    early.save()
    Activity.objects.filter(pk=helping.pk).update(customer=bobs)
    # A bulk move of many, and a change that counts nothing.
    Activity.objects.filter(customer=bobs, kind="email").update(
        occurred_at=at("2026-12-25 12:00")
    )
    Activity.objects.filter(customer=mine).update(summary="Rewritten")
    assert kept() == afresh()
    assert_report_matches_live([mary, adam, bob], monkeypatch)

    # A customer handed to someone else takes its follow-ups' visibility.
    bobs.owner = olivia
    bobs.save()
    Customer.objects.filter(pk=mine.pk).update(owner=olivia)
    assert kept() == afresh()
    assert_report_matches_live([mary, adam, olivia], monkeypatch)

    # Deletes: one follow-up, and a customer with all of its follow-ups.
    Activity.objects.filter(pk=late.pk).delete()
    bobs.delete()
    assert kept() == afresh()
    assert_report_matches_live([mary, adam], monkeypatch)
    assert Activity.objects.count() == 1


@on_postgresql
def test_a_customer_deleted_before_its_follow_ups_leaves_no_count(alice):
    customer = CustomerFactory(owner=alice)
    ActivityFactory.create_batch(3, customer=customer, logged_by=alice)
    with connection.cursor() as cursor:
        # The foreign key is checked at commit: both go in one transaction.
        cursor.execute("DELETE FROM customers_customer WHERE id = %s", [customer.pk])
        cursor.execute(
            "DELETE FROM opportunities_activity WHERE customer_id = %s", [customer.pk]
        )
    assert kept() == afresh() == Counter()


def test_the_counts_are_kept_only_where_the_database_keeps_them():
    assert follow_up_counts_kept() == (connection.vendor == "postgresql")


@on_postgresql
def test_counts_follow_the_configured_time_zone_when_counted_again(alice, settings):
    from django.core.management import call_command

    from reports.checks import local_day_counts_zone_check

    customer = CustomerFactory(owner=alice)
    ActivityFactory(
        customer=customer, logged_by=alice, occurred_at=at("2026-12-01 07:00")
    )
    assert local_day_counts_zone_check(None, databases=["default"]) == []
    settings.TIME_ZONE = "UTC"
    try:
        errors = local_day_counts_zone_check(None, databases=["default"])
        # The follow-ups' and the performance figures' days both.
        assert [error.id for error in errors] == ["reports.E001", "reports.E002"]
        call_command("keep_day_counts", stdout=None)
        assert local_day_counts_zone_check(None, databases=["default"]) == []
        # 07:00 in Shanghai is the evening before in UTC.
        assert kept()["day", date(2026, 11, 30), alice.pk, alice.pk, "call"] == 1
    finally:
        settings.TIME_ZONE = "Asia/Shanghai"
        call_command("keep_day_counts", stdout=None)
    assert kept() == afresh()
    assert kept()["day", date(2026, 12, 1), alice.pk, alice.pk, "call"] == 1


@on_postgresql
def test_a_bulk_load_through_copy_is_counted(db):
    """`seed_scale` writes follow-ups with COPY, thousands a statement."""
    from django.core.management import call_command

    call_command("seed_scale", opportunities=300, stdout=None)
    assert Activity.objects.count() >= 600
    assert kept() == afresh()
