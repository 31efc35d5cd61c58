"""Teams of deals for the coaching tests: counts chosen to make a stage weak."""

from opportunities.models import Opportunity, StageChange
from tests.factories import CustomerFactory, OpportunityFactory
from tests.reports.history import stage


def deals(owner, count: int, order: int, status: str = "open", **fields) -> list:
    """`count` deals of `owner` now at the stage of `order` with `status`.

    A lost deal gets a history entry at the stage it was lost from (`order`).
    """
    customer = CustomerFactory(owner=owner)
    at = stage({"won": 98, "lost": 99}.get(status, order))
    made = OpportunityFactory.create_batch(
        count,
        owner=owner,
        customer=customer,
        stage=at,
        status=status,
        lost_reason="Too expensive" if status == "lost" else "",
        **fields,
    )
    if status == "lost":
        StageChange.objects.bulk_create(
            StageChange(opportunity=deal, to_stage=stage(order), to_status="open")
            for deal in made
        )
    if status != "open":
        Opportunity.objects.filter(pk__in=[d.pk for d in made]).update(
            closed_at=made[0].created_at
        )
    return made


def weak_at_stage_2(alice, bob):
    """alice: 20 deals reached stage 2, 6 went on (30 %); bob, her team: 60 → 40.

    bob: 20 open at stage 2, 20 at stage 3, 10 won, 10 lost from stage 3, so
    the team's win rate from stage 3 is 50 %.
    """
    deals(alice, 14, 2)
    deals(alice, 6, 3)
    deals(bob, 20, 2)
    deals(bob, 20, 3)
    deals(bob, 10, 3, "won")
    deals(bob, 10, 3, "lost")
