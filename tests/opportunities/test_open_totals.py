"""The kept open-deal totals match the deals, whatever writes them.

PostgreSQL keeps `OpenDealTotal` with a trigger; the workbench and the board
read it there. These tests change deals every way the product does and then
compare the kept rows with the deals added up afresh.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone

from opportunities.models import (
    OpenDealTotal,
    Opportunity,
    OpportunityStatus,
    Stage,
    open_totals_kept,
)
from reports.workbench import pipeline
from tests.factories import OpportunityFactory, UserFactory
from users.models import ReminderSettings

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="kept by a PostgreSQL trigger"
)


def kept() -> dict:
    return {
        (row.owner_id, row.stage_id): (row.deals, row.amount, row.weighted)
        for row in OpenDealTotal.objects.all()
        if row.deals
    }


def afresh() -> dict:
    rows = (
        Opportunity.objects.open()
        .values("owner", "stage")
        .annotate(
            deals=Count("id"), amount=Sum("amount"), weighted=Sum("weighted_amount")
        )
    )
    return {
        (row["owner"], row["stage"]): (row["deals"], row["amount"], row["weighted"])
        for row in rows
    }


@on_postgresql
def test_every_kind_of_write_keeps_the_totals_true(db):
    alice, bob = UserFactory(), UserFactory()
    first, second = Stage.objects.open().order_by("order")[:2]
    deals = OpportunityFactory.create_batch(3, owner=alice, stage=first, amount=1000)
    OpportunityFactory(owner=bob, stage=second, amount=250)
    assert kept() == afresh()
    assert kept()[(alice.pk, first.pk)][0] == 3

    # A save with a new amount and stage, a transfer, a close, a reopen.
    deals[0].amount = Decimal("1500")
    deals[0].stage = second
    deals[0].save()
    Opportunity.objects.filter(pk=deals[1].pk).update(owner=bob)
    Opportunity.objects.filter(pk=deals[2].pk).update(
        status=OpportunityStatus.LOST, lost_reason="Budget cut"
    )
    assert kept() == afresh()
    Opportunity.objects.filter(pk=deals[2].pk).update(status=OpportunityStatus.OPEN)
    # A bulk change of probabilities, as the recompute job makes.
    for deal in Opportunity.objects.all():
        deal.weighted_amount = deal.amount * Decimal("0.3")
        deal.win_probability = Decimal("0.3")
    Opportunity.objects.bulk_update(
        Opportunity.objects.all(), ["weighted_amount", "win_probability"]
    )
    assert kept() == afresh()
    deals[0].delete()
    assert kept() == afresh()
    assert kept()[(bob.pk, first.pk)] == (1, Decimal("1000.00"), Decimal("0.00"))


@on_postgresql
def test_a_save_that_changes_nothing_added_up_leaves_the_totals_alone(db):
    deal = OpportunityFactory(amount=1000)
    row = OpenDealTotal.objects.get(owner=deal.owner, stage=deal.stage)
    deal.name = "Renamed"
    deal.save()
    assert OpenDealTotal.objects.get(pk=row.pk).deals == 1


def test_the_workbench_pipeline_counts_stale_deals_as_the_list_does(db):
    """Kept or not, the pipeline's figures are those of the deals themselves."""
    alice = UserFactory(role="salesperson")
    now = timezone.now()
    old = now - timedelta(days=40)
    fresh = OpportunityFactory(
        owner=alice, amount=100, last_contact_at=now, next_contact_at=now
    )
    OpportunityFactory(
        owner=alice, amount=200, last_contact_at=old, next_contact_at=now
    )
    OpportunityFactory(
        owner=alice, amount=300, last_contact_at=now, next_contact_at=None
    )
    # Never contacted, created long ago: counted from its creation.
    never = OpportunityFactory(owner=alice, amount=400, next_contact_at=now)
    Opportunity.objects.filter(pk=never.pk).update(created_at=old, last_contact_at=None)
    OpportunityFactory(owner=alice, amount=500, status=OpportunityStatus.WON)
    figures = pipeline(alice, now, ReminderSettings.load().stale_after_days)
    assert figures.open_count == 4
    assert figures.amount == Decimal("1000")
    assert (
        figures.stale_count
        == Opportunity.objects.filter(owner=alice).stale(now).count()
    )
    assert figures.stale_count == 3
    assert Opportunity.objects.fresh(now, 14).get() == fresh
    assert open_totals_kept() == (connection.vendor == "postgresql")
