"""Each deal keeps the stage it was lost from, whatever writes its history."""

import pytest
from django.urls import reverse

from opportunities.models import Opportunity, StageChange
from tests.factories import OpportunityFactory
from tests.reports.history import at, deal_with_history, stage


def lost_from_history(deal) -> int | None:
    """The stage of the deal's latest move to lost came from, read from its history."""
    losses = StageChange.objects.filter(opportunity=deal, to_status="lost")
    last = losses.order_by("-created_at", "-id").first()
    return last.from_stage_id if last else None


def kept(deal) -> int | None:
    return Opportunity.objects.values_list("lost_from", flat=True).get(pk=deal.pk)


@pytest.mark.django_db
def test_the_stage_a_deal_was_lost_from_follows_its_history(alice):
    lost = deal_with_history(
        alice, "2026-11-02 10:00", [(2, "2026-11-05 10:00"), (99, "2026-11-15 10:00")]
    )
    never = deal_with_history(alice, "2026-11-02 10:00", [(3, "2026-11-05 10:00")])
    assert kept(lost) == stage(2).pk == lost_from_history(lost)
    assert kept(never) is None

    # Reopened and lost again from a later stage: the latest loss counts.
    for order, status, when in [
        (3, "open", "2026-11-20 10:00"),
        (99, "lost", "2026-11-25 10:00"),
    ]:
        change = StageChange.objects.create(
            opportunity=lost,
            from_stage=stage(2 if order == 3 else 3),
            to_stage=stage(order),
            from_status="lost" if status == "open" else "open",
            to_status=status,
        )
        StageChange.objects.filter(pk=change.pk).update(created_at=at(when))
    assert kept(lost) == stage(3).pk == lost_from_history(lost)

    # The later loss moved before the first: the first is the latest again.
    second = StageChange.objects.filter(opportunity=lost, to_status="lost").latest(
        "created_at"
    )
    StageChange.objects.filter(pk=second.pk).update(created_at=at("2026-11-10 10:00"))
    assert kept(lost) == stage(2).pk == lost_from_history(lost)
    # Removed: the other loss is left.
    StageChange.objects.filter(
        opportunity=lost, to_status="lost", from_stage=stage(2)
    ).delete()
    assert kept(lost) == stage(3).pk == lost_from_history(lost)
    # A save of the deal never writes it.
    deal = Opportunity.objects.get(pk=lost.pk)
    deal.lost_from = stage(1)
    deal.name = "Renamed"
    deal.save()
    assert kept(lost) == stage(3).pk
    # Many in one statement.
    others = OpportunityFactory.create_batch(3, owner=alice)
    StageChange.objects.bulk_create(
        StageChange(
            opportunity=other,
            from_stage=stage(1),
            to_stage=stage(99),
            from_status="open",
            to_status="lost",
        )
        for other in others
    )
    assert [kept(other) for other in others] == [stage(1).pk] * 3


@pytest.mark.django_db
def test_the_list_filter_opens_the_deals_lost_from_a_stage(client, alice):
    deal_with_history(
        alice, "2026-11-02 10:00", [(2, "2026-11-05 10:00"), (99, "2026-11-15 10:00")]
    )
    deal_with_history(alice, "2026-11-02 10:00", [(99, "2026-11-15 10:00")])
    client.force_login(alice)
    url = reverse("opportunities:list")
    response = client.get(url, {"status": "lost", "lost_at": stage(2).pk})
    assert response.context["page_obj"].paginator.count == 1
