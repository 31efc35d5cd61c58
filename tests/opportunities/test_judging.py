"""The judgment checklist on the deal page: ticking criteria and setting the stage.

Acceptance criteria:
- "With the seeded defaults, a deal at a 50% stage with one competitor shows 25%
  and weighted amount = amount × 0.25; with none, 40%; with three, 12.5%."
- "In mode B, ticking criteria 1, 2, 4 of an ordered list puts the deal in the
  stage of criterion 2; ticking 3 moves it to the stage of criterion 4."
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportunities.models import (
    DeterminationMode,
    FunnelSettings,
    JudgmentCriterion,
    MetCriterion,
    Opportunity,
    Stage,
    StageChange,
)
from opportunities.services import opportunity_close, opportunity_refresh_numbers
from opportunities.stage_derivation import open_checklist
from tests.factories import CompetitorFactory, OpportunityFactory
from tests.opportunities.conftest import form_data
from users.templatetags.crm import percent

HTMX = {"HX-Request": "true"}


def use_mode(mode: str) -> None:
    FunnelSettings.objects.update_or_create(pk=1, defaults={"mode": mode})


@pytest.fixture
def mode_b(db):
    use_mode(DeterminationMode.CHECKLIST)


def detail_url(deal) -> str:
    return reverse("opportunities:detail", args=[deal.pk])


def tick_url(deal) -> str:
    return reverse("opportunities:tick_criterion", args=[deal.pk])


def stage_url(deal) -> str:
    return reverse("opportunities:set_stage", args=[deal.pk])


def tick(client, deal, criterion, met=True, **extra):
    data = {"criterion": criterion.pk, "met": "on" if met else "off"}
    return client.post(tick_url(deal), data, headers=HTMX, **extra)


def text(response) -> str:
    return unescape(response.content.decode())


def number(body: str, name: str) -> str:
    """The text of a header number (`data-number="…"`) in a page or fragment."""
    start = body.index(f'data-number="{name}">') + len(f'data-number="{name}">')
    return body[start : body.index("<", start)]


# The acceptance numbers -------------------------------------------------------


@pytest.mark.parametrize(
    ("competitors", "factor", "shown", "fraction"),
    [(0, "80%", "40%", "0.4"), (1, "50%", "25%", "0.25"), (3, "25%", "12.5%", "0.125")],
)
def test_a_deal_at_the_50_percent_stage_shows_the_competition_effect(
    client, alice, alice_deal, stages, competitors, factor, shown, fraction
):
    alice_deal.amount = Decimal("123456.78")
    alice_deal.save()
    for index in range(competitors):
        alice_deal.competitors.add(CompetitorFactory(name=f"Rival {index}"))
    client.force_login(alice)
    # Put it at the 50% stage through the page, as a salesperson would.
    client.post(stage_url(alice_deal), {"stage": stages[2].pk}, headers=HTMX)

    body = text(client.get(detail_url(alice_deal)))
    weighted = (Decimal("123456.78") * Decimal(fraction)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    assert stages[2].percentage == 50
    assert number(body, "probability") == shown
    assert number(body, "weighted") == f"¥{weighted:,.2f}"
    formula = f"Win probability = stage 50% × competition {factor} = {shown}"
    assert formula in body.replace("<strong>", "")
    alice_deal.refresh_from_db()
    assert alice_deal.win_probability == Decimal(fraction)
    assert alice_deal.weighted_amount == weighted


def test_competition_effect_is_spelled_out(client, alice, alice_deal, stages):
    alice_deal.stage = stages[2]
    alice_deal.save()
    alice_deal.competitors.add(CompetitorFactory(name="A"), CompetitorFactory(name="B"))
    opportunity_refresh_numbers(opportunity=alice_deal)
    client.force_login(alice)
    body = text(client.get(detail_url(alice_deal)))
    assert "2 competitors: probability × 33.3%" in body
    assert "Win probability = stage 50% × competition 33.3% = <strong>16.7%" in body


def test_guidance_of_the_current_stage_is_shown(client, alice, alice_deal, stages):
    client.force_login(alice)
    body = text(client.get(detail_url(alice_deal)))
    assert "At this stage: Need recognized" in body
    assert stages[0].buyer_activity in body
    assert stages[0].key_persons in body
    assert stages[0].recommended_work in body


# Mode A: per stage -------------------------------------------------------------


def test_mode_a_lists_the_criteria_by_stage_with_a_stage_select(
    client, alice, alice_deal, stages
):
    client.force_login(alice)
    response = client.get(detail_url(alice_deal))
    body = text(response)
    groups = response.context["stage_groups"]
    assert [group.stage for group in groups] == stages
    assert "Evaluating vendors · 50%" in body
    assert body.count('name="met"') == len(open_checklist())
    assert 'id="judgment-stage-select"' in body
    assert stage_url(alice_deal) in body
    assert "not backed by a met criterion" not in body  # first stage needs none


def test_mode_a_tick_moves_up_and_says_why(client, alice, alice_deal, stages):
    criterion = stages[2].criteria.order_by("order").first()
    client.force_login(alice)
    response = tick(client, alice_deal, criterion)

    assert response.status_code == 200
    body = text(response)
    assert (
        "Entered “Evaluating vendors” because "
        "“The buyer attended a demo or started a trial”." in body
    )
    # The numbers, the badge and the guidance come along out of band.
    assert 'id="opportunity-numbers" class="row g-3 mb-4" hx-swap-oob="true"' in body
    assert '<span id="opportunity-stage-badge" hx-swap-oob="true">' in body
    assert number(body, "probability") == "40%"  # 50% × 80%
    assert number(body, "weighted") == "¥40,000.00"
    assert number(body, "stage") == "Evaluating vendors"
    assert "At this stage: Evaluating vendors" in body
    assert '<div id="stage-history" class="card mb-4" hx-swap-oob="true">' in body
    assert 'Need recognized <i class="bi bi-arrow-right"></i>' in body
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[2]
    assert alice_deal.win_probability == Decimal("0.4")
    assert MetCriterion.objects.get(opportunity=alice_deal).met_by == alice
    change = alice_deal.stage_changes.get()
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        stages[0],
        stages[2],
        alice,
    )
    assert (change.cause, change.criterion) == ("criterion", criterion)


def test_mode_a_untick_moves_back_and_says_why(client, alice, alice_deal, stages):
    criterion = stages[2].criteria.order_by("order").first()
    client.force_login(alice)
    tick(client, alice_deal, criterion)
    body = text(tick(client, alice_deal, criterion, met=False))
    assert (
        "Back to “Need recognized”: "
        "“The buyer attended a demo or started a trial” is no longer ticked." in body
    )
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[0]
    assert not MetCriterion.objects.filter(opportunity=alice_deal).exists()


def test_mode_a_tick_below_the_stage_keeps_it(client, alice, alice_deal, stages):
    client.force_login(alice)
    tick(client, alice_deal, stages[2].criteria.first())
    body = text(tick(client, alice_deal, stages[0].criteria.first()))
    assert "Ticked. The deal stays in “Evaluating vendors”." in body
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[2]


def test_mode_a_set_stage_moves_and_records_the_change(
    client, alice, alice_deal, stages
):
    client.force_login(alice)
    response = client.post(stage_url(alice_deal), {"stage": stages[3].pk}, headers=HTMX)
    body = text(response)
    assert "Moved to “Preferred vendor” by hand." in body
    # A manual move is not backed by any ticked criterion, and the page says so.
    assert "This stage is not backed by a met criterion." in body
    assert number(body, "probability") == "60%"  # 75% × 80%
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[3]
    assert alice_deal.weighted_amount == Decimal("60000.00")
    change = alice_deal.stage_changes.get()
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        stages[0],
        stages[3],
        alice,
    )
    # Ticking a criterion of that stage backs it.
    body = text(tick(client, alice_deal, stages[3].criteria.first()))
    assert "not backed by a met criterion" not in body


def test_set_stage_without_htmx_redirects_with_a_message(
    client, alice, alice_deal, stages
):
    client.force_login(alice)
    response = client.post(stage_url(alice_deal), {"stage": stages[1].pk}, follow=True)
    assert response.redirect_chain == [(detail_url(alice_deal), 302)]
    assert "Moved to “Requirements defined” by hand." in text(response)


def test_set_stage_refuses_won_and_lost(client, alice, alice_deal):
    client.force_login(alice)
    won = Stage.objects.get(kind="won")
    body = text(client.post(stage_url(alice_deal), {"stage": won.pk}, headers=HTMX))
    assert "Use “Mark won” or “Mark lost” to close a deal." in body
    alice_deal.refresh_from_db()
    assert alice_deal.is_open and alice_deal.stage == Stage.objects.first_open()
    assert not StageChange.objects.exists()


def test_a_manager_can_judge_a_team_members_deal(client, mary, alice_deal, stages):
    client.force_login(mary)
    tick(client, alice_deal, stages[1].criteria.first())
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[1]
    assert alice_deal.stage_changes.get().changed_by == mary


# Mode B: ordered checklist ------------------------------------------------------


def test_mode_b_ticks_1_2_4_then_3(client, alice, alice_deal, mode_b):
    checklist = open_checklist()
    client.force_login(alice)
    for position in (0, 1, 3):  # criteria 1, 2 and 4
        tick(client, alice_deal, checklist[position])
    alice_deal.refresh_from_db()
    assert alice_deal.stage == checklist[1].stage
    assert checklist[3].stage != checklist[1].stage  # 4 alone does not count

    body = text(client.get(detail_url(alice_deal)))
    assert body.count("Counts once every criterion above it is ticked.") == 1

    body = text(tick(client, alice_deal, checklist[2]))  # criterion 3
    alice_deal.refresh_from_db()
    assert alice_deal.stage == checklist[3].stage
    assert f"Entered “{checklist[3].stage.name}” because “{checklist[3].text}”." in body
    assert number(body, "stage") == checklist[3].stage.name
    assert "Counts once every criterion above it is ticked." not in body


def test_mode_b_shows_one_numbered_list_and_no_stage_select(
    client, alice, alice_deal, mode_b
):
    checklist = open_checklist()
    client.force_login(alice)
    body = text(client.get(detail_url(alice_deal)))
    assert "Ordered checklist" in body and "Tick from the top" in body
    assert f'data-number="{len(checklist)}"' in body
    assert f"{len(checklist)}.</span> {checklist[-1].text}" in body
    assert 'name="stage"' not in body
    assert stage_url(alice_deal) not in body


def test_mode_b_refuses_set_stage(client, alice, alice_deal, stages, mode_b):
    client.force_login(alice)
    response = client.post(stage_url(alice_deal), {"stage": stages[2].pk}, headers=HTMX)
    assert "Stages follow the checklist" in text(response)
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[0]
    assert not StageChange.objects.exists()

    response = client.post(stage_url(alice_deal), {"stage": stages[2].pk}, follow=True)
    assert "Stages follow the checklist" in text(response)
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[0]


def test_mode_b_edit_form_cannot_change_the_stage(
    client, alice, alice_deal, stages, mode_b
):
    client.force_login(alice)
    url = reverse("opportunities:update", args=[alice_deal.pk])
    response = client.get(url)
    assert "stage" not in response.context["form"].fields
    assert "The stage follows the judgment checklist" in text(response)

    data = form_data(alice_deal.customer, name="Renamed", stage=stages[3].pk)
    response = client.post(url, data)
    assert response.status_code == 302
    alice_deal.refresh_from_db()
    assert alice_deal.name == "Renamed"
    assert alice_deal.stage == stages[0]
    assert not StageChange.objects.exists()


def test_mode_b_new_deals_start_in_the_first_stage(
    client, alice, alice_customer, stages, mode_b
):
    client.force_login(alice)
    url = reverse("opportunities:create")
    assert "stage" not in client.get(url).context["form"].fields
    client.post(url, form_data(alice_customer, stage=stages[4].pk))
    assert Opportunity.objects.get(name="Factory MES").stage == stages[0]


# Refusals ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["bob", "olivia", "nick"])
@pytest.mark.parametrize("url", [tick_url, stage_url])
def test_outsiders_get_404(client, request, alice_deal, stages, persona, url):
    client.force_login(request.getfixturevalue(persona))
    data = {"criterion": stages[2].criteria.first().pk, "stage": stages[2].pk}
    assert client.post(url(alice_deal), data, headers=HTMX).status_code == 404
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[0]
    assert not MetCriterion.objects.exists()


@pytest.mark.parametrize("url", [tick_url, stage_url])
def test_get_is_not_allowed(client, alice, alice_deal, url):
    client.force_login(alice)
    assert client.get(url(alice_deal)).status_code == 405


@pytest.mark.parametrize("url", [tick_url, stage_url])
def test_anonymous_visitors_are_sent_to_login(client, alice_deal, url):
    response = client.post(url(alice_deal))
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize(
    "data", [{}, {"criterion": "x", "met": "on"}, {"criterion": "1", "met": "maybe"}]
)
def test_malformed_tick_is_a_bad_request(client, alice, alice_deal, data):
    client.force_login(alice)
    assert client.post(tick_url(alice_deal), data).status_code == 400


def test_a_criterion_that_does_not_exist_is_404(client, alice, alice_deal):
    client.force_login(alice)
    data = {"criterion": 999999, "met": "on"}
    assert client.post(tick_url(alice_deal), data).status_code == 404


def test_closed_deal_refuses_ticks_and_moves(client, alice, alice_deal, stages):
    opportunity_close(opportunity=alice_deal, by=alice, won=True)
    client.force_login(alice)
    body = text(tick(client, alice_deal, stages[2].criteria.first()))
    assert "A closed opportunity's criteria cannot change." in body
    body = text(
        client.post(stage_url(alice_deal), {"stage": stages[2].pk}, headers=HTMX)
    )
    assert "Reopen the opportunity before changing its stage." in body
    alice_deal.refresh_from_db()
    assert alice_deal.status == "won"
    assert not MetCriterion.objects.exists()
    assert alice_deal.stage_changes.count() == 1  # just the close


def test_closed_deal_shows_a_read_only_checklist(client, alice, alice_deal):
    opportunity_close(opportunity=alice_deal, by=alice, won=False, lost_reason="Price")
    client.force_login(alice)
    body = text(client.get(detail_url(alice_deal)))
    assert "This opportunity is closed" in body
    assert tick_url(alice_deal) not in body
    assert 'name="stage"' not in body
    assert body.count(" disabled") >= len(open_checklist())


def test_tick_without_htmx_redirects_with_the_reason(client, alice, alice_deal, stages):
    client.force_login(alice)
    criterion = stages[1].criteria.order_by("order").first()
    data = {"criterion": criterion.pk, "met": "on"}
    response = client.post(tick_url(alice_deal), data, follow=True)
    assert response.redirect_chain == [(detail_url(alice_deal), 302)]
    assert f"Entered “Requirements defined” because “{criterion.text}”." in text(
        response
    )


# Query budgets ------------------------------------------------------------------


def _add_criteria_and_ticks(deal, by, per_stage: int) -> None:
    for stage in Stage.objects.open():
        for index in range(per_stage):
            criterion = JudgmentCriterion.objects.create(
                stage=stage, order=50 + index, text_en=f"Extra {index}", text_zh="额外"
            )
            MetCriterion.objects.create(
                opportunity=deal, criterion=criterion, met_by=by
            )


@pytest.mark.parametrize("mode", [DeterminationMode.PER_STAGE, "B"])
def test_detail_queries_do_not_grow_with_criteria_or_ticks(
    client, alice, alice_deal, mode
):
    use_mode(mode)
    client.force_login(alice)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(alice_deal)).status_code == 200
        return len(queries)

    _add_criteria_and_ticks(alice_deal, alice, per_stage=1)
    few = count_queries()
    _add_criteria_and_ticks(alice_deal, alice, per_stage=6)
    assert count_queries() == few


def test_tick_queries_do_not_grow_with_criteria_or_ticks(client, alice, stages):
    client.force_login(alice)
    deal = OpportunityFactory(owner=alice)
    target = stages[1].criteria.first()

    def count_queries() -> int:
        # Same starting point each time: the tick moves the deal up.
        MetCriterion.objects.filter(criterion=target).delete()
        Opportunity.objects.filter(pk=deal.pk).update(stage=stages[0])
        with CaptureQueriesContext(connection) as queries:
            assert tick(client, deal, target).status_code == 200
        return len(queries)

    _add_criteria_and_ticks(deal, alice, per_stage=1)
    few = count_queries()
    _add_criteria_and_ticks(deal, alice, per_stage=6)
    assert count_queries() == few


def test_the_notice_names_the_new_stage_and_win_probability(
    client, alice, alice_deal, stages
):
    criterion = (
        JudgmentCriterion.objects.filter(stage__kind="open")
        .order_by("stage__order", "order")
        .last()
    )
    client.force_login(alice)
    response = client.post(
        reverse("opportunities:tick_criterion", args=[alice_deal.pk]),
        {"criterion": criterion.pk, "met": "on"},
        HTTP_HX_REQUEST="true",
    )
    alice_deal.refresh_from_db()
    standing = re.search(r'data-role="standing">([^<]*)<', response.content.decode())
    assert standing.group(1) == (
        f"Stage now: {alice_deal.stage.name} ({alice_deal.stage.percentage}%), "
        f"win probability {percent(alice_deal.win_probability)}."
    )
