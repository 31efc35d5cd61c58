"""The kept stay counts match the stage history, whatever writes it, and the
administrator's funnel reads the same days from them as counted live.

PostgreSQL keeps `StayCount` with triggers; the funnel reads it for the
whole company. These tests write the history every way the product can and
compare the kept rows, and the funnel's days, with the stays counted afresh.
"""

from dataclasses import astuple
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportunities.models import Opportunity, StageChange
from opportunities.stage_moves import opportunity_set_stage
from reports.loaders import funnel
from reports.metrics.periods import Period
from reports.scope import Scope
from reports.stay_counts import StayCount, stay_counts_kept
from tests.factories import ManagerFactory
from tests.reports.history import at, deal_with_history, stage
from tests.reports.kept_tally import kept_stays, stays_afresh

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="kept by PostgreSQL triggers"
)
URL = reverse("reports:funnel")
TODAY = "2026-12-04 10:00 +0800"


def days_both_ways(viewer, start, end, monkeypatch) -> tuple[list, list]:
    """The funnel's days for a period, read from the kept counts and live."""
    scope = Scope(viewer, Period(start, end), "custom")
    stages = funnel.open_stages()
    kept_rows = sorted(funnel.period_days_in_stage(scope, stages), key=astuple)
    monkeypatch.setattr(funnel, "stay_counts_kept", lambda: False)
    live_rows = sorted(funnel.period_days_in_stage(scope, stages), key=astuple)
    monkeypatch.undo()
    return kept_rows, live_rows


@on_postgresql
@time_machine.travel(TODAY, tick=False)
def test_kept_stays_follow_every_write_of_the_history(adam, alice, bob):
    # Created late in the evening and just after midnight in Shanghai: other
    # UTC days than local ones.
    late = deal_with_history(
        alice, "2026-11-30 23:30", [(2, "2026-12-02 10:00"), (3, "2026-12-03 09:00")]
    )
    early = deal_with_history(bob, "2026-11-01 00:30", [(2, "2026-11-09 10:00")])
    lost = deal_with_history(alice, "2026-10-20 10:00", [(99, "2026-11-02 10:00")])
    assert kept_stays() == stays_afresh()
    assert kept_stays()["day", date(2026, 11, 30), stage(1).pk, 1] == 1
    assert kept_stays()["month", date(2026, 10, 1), stage(1).pk, 8] == 1

    # The product moves a deal on: the stay it leaves is finished.
    opportunity_set_stage(opportunity=early, stage=stage(3), by=bob)
    assert kept_stays() == stays_afresh()
    # A stage change rewritten in time and one removed: the stays around it
    # end elsewhere.
    middle = StageChange.objects.filter(opportunity=late, to_stage=stage(2)).get()
    StageChange.objects.filter(pk=middle.pk).update(created_at=at("2026-12-01 08:00"))
    assert kept_stays() == stays_afresh()
    StageChange.objects.filter(pk=middle.pk).delete()
    assert kept_stays() == stays_afresh()
    # A deal's creation time rewritten moves its stays to another day.
    Opportunity.objects.filter(pk=late.pk).update(created_at=at("2026-09-15 12:00"))
    assert kept_stays() == stays_afresh()
    # Many changes in one statement, then a deal deleted with its history.
    StageChange.objects.bulk_create(
        StageChange(
            opportunity=lost,
            from_stage=stage(1),
            to_stage=stage(2),
            from_status="open",
            to_status="open",
        )
        for _ in range(3)
    )
    assert kept_stays() == stays_afresh()
    lost.delete()
    assert kept_stays() == stays_afresh()
    assert StayCount.objects.exclude(n=0).exists()


@on_postgresql
@time_machine.travel(TODAY, tick=False)
def test_the_administrators_funnel_reads_the_same_days_kept_or_live(
    adam, mary, alice, bob, olivia, monkeypatch
):
    assert stay_counts_kept()
    deal_with_history(alice, "2026-11-01 00:30", [(2, "2026-11-04 10:00")])  # edge
    deal_with_history(alice, "2026-11-01 09:00", [(2, "2026-11-03 10:00")])
    deal_with_history(bob, "2026-11-17 10:00", [(3, "2026-11-30 10:00")])
    deal_with_history(olivia, "2026-11-30 23:30", [(2, "2026-12-02 10:00")])  # edge
    deal_with_history(olivia, "2026-12-01 00:30", [(2, "2026-12-03 10:00")])
    deal_with_history(bob, "2026-10-31 23:00", [(99, "2026-11-03 10:00")])
    periods = [
        (date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 11, 30), date(2026, 12, 1)),
        (date(2026, 11, 1), date(2026, 11, 1)),
    ]
    for start, end in periods:
        kept_rows, live_rows = days_both_ways(adam, start, end, monkeypatch)
        assert kept_rows == live_rows, (start, end)
    november = days_both_ways(adam, *periods[0], monkeypatch)[0]
    assert sum(row.count for row in november) == 4  # both edges of the month
    # A manager who sees only some deals counts their people live.
    assert not reads_kept_stays(mary, periods[0])


def reads_kept_stays(viewer, period: tuple[date, date]) -> bool:
    scope = Scope(viewer, Period(*period), "custom")
    with CaptureQueriesContext(connection) as queries:
        funnel.period_days_in_stage(scope, funnel.open_stages())
    return "reports_staycount" in " ".join(q["sql"] for q in queries)


@on_postgresql
@time_machine.travel(TODAY, tick=False)
def test_a_head_of_sales_who_sees_every_deal_reads_the_kept_days(
    teams, alice, bob, olivia, adam, monkeypatch
):
    head = ManagerFactory(username="head", team=teams["hq"], manages=[teams["hq"]])
    deal_with_history(alice, "2026-11-01 00:30", [(2, "2026-11-04 10:00")])
    deal_with_history(olivia, "2026-11-17 10:00", [(3, "2026-11-30 10:00")])
    november = (date(2026, 11, 1), date(2026, 11, 30))
    kept_rows, live_rows = days_both_ways(head, *november, monkeypatch)
    assert kept_rows == live_rows
    assert sum(row.count for row in kept_rows) == 2
    assert reads_kept_stays(head, november)
    # A deal owned outside the head's teams (by an administrator) is one
    # the head does not see: the funnel counts what they see, live.
    deal_with_history(adam, "2026-11-10 10:00", [(2, "2026-11-12 10:00")])
    assert not reads_kept_stays(head, november)
    kept_rows, live_rows = days_both_ways(head, *november, monkeypatch)
    assert sum(row.count for row in live_rows) == 2


@on_postgresql
@time_machine.travel(TODAY, tick=False)
def test_the_administrators_funnel_costs_the_same_queries_at_any_size(
    client, adam, alice
):
    def more(n):
        for i in range(n):
            deal_with_history(
                alice, f"2026-11-{1 + i % 28:02d} 10:00", [(2, "2026-12-01 10:00")]
            )

    client.force_login(adam)
    more(2)
    with CaptureQueriesContext(connection) as small:
        response = client.get(URL, {"period": "this_year"})
    more(20)
    cache.clear()  # both views counted with nothing cached
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL, {"period": "this_year"})
    assert len(large) == len(small)
    assert response.context["flow"].created == 22
