"""Hygiene's decision-maker part: open deals in a stage that needs a decision
maker with none on their buying team, counted per person in SQL."""

from collections import defaultdict

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Opportunity, Stage
from reports.coaching_models import HygieneSnapshot
from reports.coaching_notes import hygiene_snapshot_take
from reports.loaders.coaching import Capability, add_hygiene, hygiene_rules
from reports.loaders.funnel import open_stages
from reports.metrics.hygiene import Part
from tests.factories import DealContactFactory, OpportunityFactory
from tests.reports.coaching_data import deals
from tests.reports.history import stage

LABEL = "Open deals not missing a decision maker (in stages that need one)"


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel("2026-12-04 10:00 +0800", tick=False):
        yield


@pytest.fixture
def alices_deals(alice, bob):
    """alice's four open deals, one of them missing its decision maker.

    - Preferred vendor (needs one), a decision maker linked: in order
    - Preferred vendor, only an influencer linked: missing
    - Purchase approval (needs one), a decision maker linked: in order
    - Need recognized (needs none), nobody linked: in order
    and a lost deal from Preferred vendor with nobody linked: not open, not
    counted. bob's deal in Preferred vendor with nobody linked is his own.
    """
    covered = OpportunityFactory(owner=alice, stage=stage(4))
    DealContactFactory(opportunity=covered, role="decision_maker")
    missing = OpportunityFactory(owner=alice, stage=stage(4))
    DealContactFactory(opportunity=missing, role="influencer")
    approval = OpportunityFactory(owner=alice, stage=stage(5))
    DealContactFactory(opportunity=approval, role="decision_maker")
    OpportunityFactory(owner=alice, stage=stage(1))
    deals(alice, 1, 4, "lost")
    OpportunityFactory(owner=bob, stage=stage(4))
    return missing


def hygiene_of(*people):
    """Each person's hygiene counts, and what hygiene counts now."""
    by_owner = defaultdict(Capability)
    stages = open_stages()
    add_hygiene(by_owner, Opportunity.objects.all(), stages, timezone.now())
    return [by_owner[p.pk] for p in people], hygiene_rules(stages)


def test_the_count_is_the_open_deals_missing_one_where_the_stage_needs_it(
    alice, bob, alices_deals
):
    (mine, his), rules = hygiene_of(alice, bob)

    assert (mine.open_deals, mine.missing_decision_maker) == (4, 1)
    assert (his.open_deals, his.missing_decision_maker) == (1, 1)
    assert rules.decision_maker


def test_the_part_and_the_score_by_hand(alice, bob, alices_deals):
    (mine, _), rules = hygiene_of(alice, bob)

    result = mine.hygiene(rules)

    # 1 of 4 open deals misses its decision maker: 0.75. The other parts of
    # these fresh deals: no next contact (0), none overdue (1), contacted
    # today (1), no expected date passed (1), no stage backed by a met
    # criterion (0, mode A), no competitor information (0).
    assert result.parts[Part.DECISION_MAKER] == 0.75
    assert result.score == round(100 * (0 + 1 + 1 + 1 + 0 + 0 + 0.75) / 7)  # 54


def test_no_stage_needing_one_leaves_the_part_out(alice, bob, alices_deals):
    Stage.objects.update(needs_decision_maker=False)

    (mine, _), rules = hygiene_of(alice, bob)
    result = mine.hygiene(rules)

    assert not rules.decision_maker
    assert Part.DECISION_MAKER not in result.parts
    assert result.score == 50  # (0 + 1 + 1 + 1 + 0 + 0) / 6


def test_the_capability_page_shows_the_part_in_both_languages(
    client, mary, alice, bob, alices_deals
):
    client.force_login(mary)
    url = reverse("reports:rep", args=[alice.pk])

    response = client.get(url)

    assert response.context["mine_hygiene"].score == 54
    parts = {row["label"]: row["mine"] for row in response.context["hygiene_parts"]}
    assert parts[LABEL] == 0.75
    assert LABEL in response.content.decode()
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "未缺少决策者的进行中商机（需要决策者的阶段）" in chinese


def test_the_coaching_overview_scores_with_the_part(
    client, mary, alice, bob, alices_deals
):
    client.force_login(mary)
    response = client.get(reverse("reports:coaching"))
    rows = {row.person: row for _, team in response.context["teams"] for row in team}
    assert rows[alice].hygiene.score == 54
    # bob: one open deal, missing its decision maker.
    assert rows[bob].hygiene.parts[Part.DECISION_MAKER] == 0


def test_the_weekly_snapshot_keeps_the_part(alice, bob, alices_deals):
    hygiene_snapshot_take(today=timezone.localdate())
    snapshot = HygieneSnapshot.objects.get(person=alice)
    assert snapshot.score == 54
    assert snapshot.parts["decision_maker"] == 0.75


def test_the_count_costs_no_query_per_deal(alice, bob, alices_deals):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            hygiene_of(alice)
        return len(queries)

    few = count_queries()
    for _ in range(20):
        DealContactFactory(opportunity=OpportunityFactory(owner=alice, stage=stage(5)))
    assert count_queries() == few
