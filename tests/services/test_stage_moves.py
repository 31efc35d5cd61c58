"""Ticking judgment criteria and moving stages, in both determination modes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from opportunities.models import (
    CompetitionFactor,
    DeterminationMode,
    FunnelSettings,
    JudgmentCriterion,
    Opportunity,
    Stage,
    StageChange,
)
from opportunities.recompute import recompute_open_deals, rederive_open_deals
from opportunities.services import opportunity_close, opportunity_reopen
from opportunities.stage_derivation import open_checklist
from opportunities.stage_moves import opportunity_set_stage, opportunity_tick_criterion
from tests.factories import CompetitorFactory, OpportunityFactory


def stage(order: int) -> Stage:
    return Stage.objects.get(order=order)


def use_mode(mode: str) -> None:
    FunnelSettings.objects.update_or_create(pk=1, defaults={"mode": mode})


@pytest.fixture
def deal(alice):
    return OpportunityFactory(owner=alice, amount=Decimal("100000"))


def tick(deal, criterion, by, met=True):
    move = opportunity_tick_criterion(
        opportunity=deal, criterion=criterion, met=met, by=by
    )
    deal.refresh_from_db()
    return move


def test_every_default_open_stage_has_three_to_five_criteria(db):
    for open_stage in Stage.objects.open():
        assert 3 <= open_stage.criteria.count() <= 5


def test_mode_a_ticking_a_criterion_moves_the_deal_to_its_stage(deal, alice):
    criterion = stage(3).criteria.first()
    move = tick(deal, criterion, alice)
    assert deal.stage == stage(3)
    assert move.reason == criterion
    assert deal.win_probability == Decimal("0.4")  # 50% x 80%, no competitor
    change = StageChange.objects.filter(opportunity=deal).latest("id")
    assert (change.to_stage, change.changed_by, change.note) == (
        stage(3),
        alice,
        criterion.text_en,
    )


def test_mode_a_unticking_the_deciding_criterion_moves_back(deal, alice):
    low, high = stage(1).criteria.first(), stage(3).criteria.first()
    tick(deal, low, alice)
    tick(deal, high, alice)
    tick(deal, high, alice, met=False)
    assert deal.stage == stage(1)


def test_mode_a_a_tick_never_lowers_a_deal_moved_up_by_hand(deal, alice):
    opportunity_set_stage(opportunity=deal, stage=stage(4), by=alice)
    deal.refresh_from_db()
    move = tick(deal, stage(2).criteria.first(), alice)
    assert deal.stage == stage(4)
    assert not move.moved
    assert deal.stage_changes.count() == 1  # the hand move, nothing since


def test_mode_a_unticking_a_lower_criterion_keeps_a_hand_placed_stage(deal, alice):
    low = stage(2).criteria.first()
    tick(deal, low, alice)
    opportunity_set_stage(opportunity=deal, stage=stage(4), by=alice)
    deal.refresh_from_db()
    tick(deal, low, alice, met=False)
    assert deal.stage == stage(4)


def test_mode_b_unticking_records_the_criterion_that_broke_the_prefix(deal, alice):
    use_mode(DeterminationMode.CHECKLIST)
    checklist = open_checklist()
    for criterion in checklist[:5]:
        tick(deal, criterion, alice)
    assert deal.stage == checklist[4].stage
    tick(deal, checklist[1], alice, met=False)
    change = deal.stage_changes.latest("id")
    assert (change.to_stage, change.cause, change.criterion) == (
        checklist[0].stage,
        "unticked",
        checklist[1],
    )


@pytest.mark.parametrize("mode", [DeterminationMode.PER_STAGE, "B"])
def test_reopening_puts_the_deal_where_its_ticks_are(deal, alice, mode):
    use_mode(mode)
    for criterion in open_checklist()[:5]:  # the first stage's and two more
        tick(deal, criterion, alice)
    expected = deal.stage
    assert expected != stage(1)
    opportunity_close(opportunity=deal, by=alice, won=False, lost_reason="价格")
    opportunity_reopen(opportunity=deal, by=alice)
    deal.refresh_from_db()
    assert (deal.status, deal.stage) == ("open", expected)


def test_rederiving_in_mode_b_moves_deals_to_their_ticks_once(alice, bob):
    use_mode(DeterminationMode.CHECKLIST)
    checklist = open_checklist()
    by_hand = OpportunityFactory(owner=alice, stage=stage(4))
    ticked = OpportunityFactory(owner=alice, stage=stage(1))
    for criterion in checklist[:4]:
        ticked.met_criteria.create(criterion=criterion, met_by=alice)
    right = OpportunityFactory(owner=alice, stage=stage(1))
    closed = OpportunityFactory(owner=alice, stage=stage(4))
    opportunity_close(opportunity=closed, by=alice, won=True)

    assert rederive_open_deals(by=bob, batch_size=2) == 2

    by_hand.refresh_from_db()
    ticked.refresh_from_db()
    assert by_hand.stage == stage(1)
    assert ticked.stage == checklist[3].stage
    assert Opportunity.objects.get(pk=right.pk).stage == stage(1)
    assert Opportunity.objects.get(pk=closed.pk).status == "won"
    change = by_hand.stage_changes.latest("id")
    assert (change.cause, change.changed_by) == ("configuration", bob)
    assert rederive_open_deals() == 0


def test_rederiving_in_mode_a_moves_nothing(alice):
    deal = OpportunityFactory(owner=alice, stage=stage(4))
    assert rederive_open_deals() == 0
    deal.refresh_from_db()
    assert deal.stage == stage(4)


def test_mode_b_follows_the_unbroken_prefix(deal, alice):
    use_mode(DeterminationMode.CHECKLIST)
    checklist = open_checklist()
    for position in (0, 1, 3):  # criteria 1, 2 and 4
        tick(deal, checklist[position], alice)
    assert deal.stage == checklist[1].stage
    tick(deal, checklist[2], alice)  # criterion 3 closes the gap
    assert deal.stage == checklist[3].stage


def test_mode_b_refuses_manual_stage_moves(deal, alice):
    use_mode(DeterminationMode.CHECKLIST)
    with pytest.raises(ValidationError):
        opportunity_set_stage(opportunity=deal, stage=stage(3), by=alice)


def test_manual_move_records_history_and_numbers(deal, alice):
    deal.competitors.set([CompetitorFactory()])
    opportunity_set_stage(opportunity=deal, stage=stage(3), by=alice)
    deal.refresh_from_db()
    assert deal.win_probability == Decimal("0.25")
    assert deal.weighted_amount == Decimal("25000.00")
    assert StageChange.objects.filter(opportunity=deal, to_stage=stage(3)).exists()


def test_closed_deals_keep_their_criteria_and_stage(deal, alice):
    opportunity_close(opportunity=deal, by=alice, won=True)
    deal.refresh_from_db()
    with pytest.raises(ValidationError):
        tick(deal, JudgmentCriterion.objects.first(), alice)
    with pytest.raises(ValidationError):
        opportunity_set_stage(opportunity=deal, stage=stage(2), by=alice)


def test_bulk_recompute_follows_a_new_percentage_and_table(alice):
    deals = [
        OpportunityFactory(owner=alice, amount=Decimal("1000"), stage=stage(3))
        for _ in range(5)
    ]
    won = OpportunityFactory(owner=alice, amount=Decimal("1000"), stage=stage(3))
    opportunity_close(opportunity=won, by=alice, won=True)
    Stage.objects.filter(order=3).update(percentage=60)
    CompetitionFactor.objects.filter(competitors=0).update(factor=Decimal("0.9"))
    assert recompute_open_deals(batch_size=2) == 5
    for deal in Opportunity.objects.filter(pk__in=[d.pk for d in deals]):
        assert deal.win_probability == Decimal("0.54")
        assert deal.weighted_amount == Decimal("540.00")
    won.refresh_from_db()
    assert won.win_probability == Decimal("1")
    assert recompute_open_deals() == 0  # a second run changes nothing
