"""What the database keeps of a deal's stages (`opportunities.stage_facts`).

The list sorts by `stage_order`, the reports count how far deals got by
`furthest_order` and how long they stayed by each change's `left_at`; all
must always equal what the stage and the history say. These tests move deals
every way the product does and compare the kept columns with the values
derived afresh from the history.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from opportunities.models import Opportunity, Stage, StageChange, StageKind
from opportunities.services import opportunity_close, opportunity_reopen
from opportunities.stage_moves import opportunity_set_stage
from reports.scale_seed import real_dates
from tests.factories import OpportunityFactory


def derived(deal: Opportunity) -> tuple[int, int]:
    """(stage order, furthest order) from the stage and the history alone."""
    deal = Opportunity.objects.select_related("stage").get(pk=deal.pk)
    entered = (
        StageChange.objects.filter(opportunity=deal)
        .exclude(to_stage__kind=StageKind.LOST)
        .aggregate(top=Max("to_stage__order"))["top"]
        or 0
    )
    here = 0 if deal.stage.kind == StageKind.LOST else deal.stage.order
    return deal.stage.order, max(entered, here)


def kept(deal: Opportunity) -> tuple[int, int]:
    row = Opportunity.objects.values("stage_order", "furthest_order").get(pk=deal.pk)
    return row["stage_order"], row["furthest_order"]


def assert_kept_right(*deals: Opportunity) -> None:
    for deal in deals:
        assert kept(deal) == derived(deal)


@pytest.fixture
def open_stages(db) -> list[Stage]:
    return list(Stage.objects.open().order_by("order"))


def test_moves_forward_back_lost_won_and_reopened_keep_the_facts(alice, open_stages):
    first, second, third, fourth = open_stages[:4]
    deal = OpportunityFactory(owner=alice, stage=first)
    assert kept(deal) == (first.order, first.order)

    opportunity_set_stage(opportunity=deal, stage=third, by=alice)
    assert kept(deal) == (third.order, third.order)
    # Back: the deal is in the second stage, but got as far as the third.
    opportunity_set_stage(opportunity=deal, stage=second, by=alice)
    assert kept(deal) == (second.order, third.order)
    assert_kept_right(deal)

    # Lost: its stage is the lost one, and lost is not a place reached.
    opportunity_close(opportunity=deal, by=alice, won=False, lost_reason="Budget")
    lost = Stage.objects.get(kind=StageKind.LOST)
    assert kept(deal) == (lost.order, third.order)

    # Reopened where its ticks put it (the first stage): still got as far.
    deal.refresh_from_db()
    opportunity_reopen(opportunity=deal, by=alice)
    assert kept(deal) == (first.order, third.order)
    opportunity_set_stage(opportunity=deal, stage=fourth, by=alice)
    assert_kept_right(deal)

    # Won: past every open stage, and stays so when reopened.
    opportunity_close(opportunity=deal, by=alice, won=True)
    won = Stage.objects.get(kind=StageKind.WON)
    assert kept(deal) == (won.order, won.order)
    deal.refresh_from_db()
    opportunity_reopen(opportunity=deal, by=alice)
    assert kept(deal) == (first.order, won.order)
    assert_kept_right(deal)


def test_a_plain_save_of_an_old_copy_does_not_put_old_facts_back(alice, open_stages):
    first, second = open_stages[:2]
    deal = OpportunityFactory(owner=alice, stage=first)
    old_copy = Opportunity.objects.get(pk=deal.pk)
    opportunity_set_stage(opportunity=deal, stage=second, by=alice)
    old_copy.name = "Renamed"
    old_copy.stage = second
    old_copy.save()
    assert kept(deal) == (second.order, second.order)


def test_history_written_in_bulk_or_removed_keeps_the_furthest(alice, open_stages):
    first, second, third = open_stages[:3]
    deal, other = OpportunityFactory.create_batch(2, owner=alice, stage=first)
    StageChange.objects.bulk_create(
        StageChange(opportunity=d, from_stage=first, to_stage=to, to_status="open")
        for d, to in ((deal, third), (deal, second), (other, second))
    )
    assert kept(deal)[1] == third.order
    assert kept(other)[1] == second.order

    StageChange.objects.filter(opportunity=deal, to_stage=third).delete()
    assert kept(deal)[1] == second.order
    StageChange.objects.filter(opportunity=other).update(to_stage=third)
    assert kept(other)[1] == third.order
    assert_kept_right(deal, other)


def test_reordering_a_stage_moves_its_deals_and_what_they_reached(alice, open_stages):
    first, second, third = open_stages[:3]
    climber = OpportunityFactory(owner=alice, stage=first)
    opportunity_set_stage(opportunity=climber, stage=third, by=alice)
    opportunity_set_stage(opportunity=climber, stage=second, by=alice)
    sitting = OpportunityFactory(owner=alice, stage=third)
    assert kept(climber) == (2, 3)

    # The second stage moves after every open one: the deal in it is now the
    # furthest along; the one in the third stage is unaffected.
    Stage.objects.filter(pk=second.pk).update(order=7)
    assert kept(climber) == (7, 7)
    assert kept(sitting) == (3, 3)
    assert_kept_right(climber, sitting)

    # Back where it was, through a save as the admin makes it: the furthest
    # falls back to the third stage the deal had entered.
    second.refresh_from_db()
    second.order = 2
    second.save()
    assert kept(climber) == (2, 3)
    assert_kept_right(climber, sitting)


def test_deleting_a_deal_with_history_works(alice, open_stages):
    deal = OpportunityFactory(owner=alice, stage=open_stages[0])
    opportunity_set_stage(opportunity=deal, stage=open_stages[1], by=alice)
    deal.delete()
    assert not Opportunity.objects.filter(pk=deal.pk).exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own triggers")
def test_emptying_stages_before_their_history_works(migrated_data, alice):
    """A flush empties tables in any order with foreign keys off: a deal whose
    stage is gone keeps its position when its history goes after it."""
    stages = list(Stage.objects.open().order_by("order"))
    deal = OpportunityFactory(owner=alice, stage=stages[0])
    opportunity_set_stage(opportunity=deal, stage=stages[1], by=alice)
    with connection.constraint_checks_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM opportunities_stage")
        cursor.execute("DELETE FROM opportunities_stagechange")
    assert kept(deal)[0] == stages[1].order


def stays(deal: Opportunity) -> dict[int, object]:
    """Change id → when the deal left that stage, kept by the database."""
    return dict(
        StageChange.objects.filter(opportunity=deal).values_list("id", "left_at")
    )


def stays_derived(deal: Opportunity) -> dict[int, object]:
    """Change id → the time of the deal's next change (by time, then id)."""
    changes = list(
        StageChange.objects.filter(opportunity=deal)
        .order_by("created_at", "id")
        .values_list("id", "created_at")
    )
    following = [at for _, at in changes[1:]] + [None]
    return {pk: after for (pk, _), after in zip(changes, following, strict=True)}


def test_each_stay_ends_at_the_next_change_however_history_is_written(
    alice, open_stages
):
    first, second, third = open_stages[:3]
    deal, other = OpportunityFactory.create_batch(2, owner=alice, stage=first)
    opportunity_set_stage(opportunity=deal, stage=second, by=alice)
    opportunity_set_stage(opportunity=deal, stage=third, by=alice)
    assert stays(deal) == stays_derived(deal)
    assert list(stays(deal).values()).count(None) == 1  # the latest goes on

    # Written in bulk, out of time order, for two deals at once.
    day = timezone.now() - timedelta(days=30)
    with real_dates(StageChange):
        StageChange.objects.bulk_create(
            StageChange(
                opportunity=d,
                to_stage=to,
                to_status="open",
                created_at=day + offset,
                updated_at=day + offset,
            )
            for d, to, offset in (
                (other, third, timedelta(days=9)),
                (other, first, timedelta(0)),
                (deal, first, timedelta(days=-5)),
                (other, second, timedelta(days=4)),
            )
        )
    assert stays(other) == stays_derived(other)
    assert stays(deal) == stays_derived(deal)
    assert sorted(d for d in stays(other).values() if d) == [
        day + timedelta(days=4),
        day + timedelta(days=9),
    ]

    # Moved in time, removed, or saved from a copy loaded before a change.
    moved = StageChange.objects.filter(opportunity=other, to_stage=second).get()
    StageChange.objects.filter(pk=moved.pk).update(created_at=day + timedelta(20))
    assert stays(other) == stays_derived(other)
    StageChange.objects.filter(opportunity=other, to_stage=third).delete()
    assert stays(other) == stays_derived(other)
    loaded = StageChange.objects.filter(opportunity=deal).first()  # the latest
    assert loaded.left_at is None
    opportunity_set_stage(opportunity=deal, stage=first, by=alice)
    loaded.note = "Edited"
    loaded.save()
    assert stays(deal) == stays_derived(deal)
