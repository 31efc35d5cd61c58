"""`seed_scale` fills an empty database with a consistent large company."""

from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Sum

from contracts.models import Contract
from customers.models import Customer
from opportunities.models import (
    Activity,
    DealContact,
    OpenDealTotal,
    Opportunity,
    Stage,
    StageChange,
)
from opportunities.models.open_totals import open_totals_kept
from payments.models import Installment
from tests.factories import ActivityFactory, OpportunityFactory
from tests.reports.kept_tally import afresh, kept, kept_stays, stays_afresh
from users.models import Team, User


@pytest.fixture
def seeded(db):
    out = StringIO()
    call_command("seed_scale", opportunities=300, stdout=out)
    return out.getvalue()


def test_seeds_a_company_with_deals_history_and_money(seeded):
    assert Opportunity.objects.count() == 300
    assert "Seeded 300 opportunities" in seeded
    assert Customer.objects.count() == 60
    # Every deal has at least its first stage; closed ones their close too.
    assert StageChange.objects.values("opportunity").distinct().count() == 300
    assert Activity.objects.count() >= 300 * 2
    statuses = set(Opportunity.objects.values_list("status", flat=True))
    assert statuses == {"open", "won", "lost"}


def test_managers_see_their_teams_and_the_head_sees_everyone(seeded):
    head = User.objects.get(username="head")
    lead = User.objects.get(username="lead1")
    assert Opportunity.objects.visible_to(head).count() == 300
    mine = Opportunity.objects.visible_to(lead).count()
    assert 0 < mine < 300
    assert Team.objects.filter(parent__isnull=True).count() == 1


def test_deals_keep_their_real_creation_dates(seeded):
    dates = Opportunity.objects.values_list("created_at", flat=True)
    assert (max(dates) - min(dates)).days > 365


def test_won_deals_have_contracts_whose_plans_add_up(seeded):
    won = Opportunity.objects.filter(status="won").count()
    assert Contract.objects.count() == won
    plans = Installment.objects.values("contract").annotate(total=Sum("amount"))
    amounts = dict(Contract.objects.values_list("pk", "amount"))
    assert all(row["total"] == amounts[row["contract"]] for row in plans)
    per_contract = plans.aggregate(n=Count("contract"))["n"]
    assert per_contract == won


def test_refuses_a_database_that_already_has_deals(seeded):
    with pytest.raises(CommandError):
        call_command("seed_scale", opportunities=10, stdout=StringIO())


def test_two_deals_in_three_have_a_buying_team_of_their_customers_people(seeded):
    with_team = DealContact.objects.values("opportunity").distinct().count()
    assert 150 <= with_team <= 200  # 200 deals, less those whose customer has none
    assert not DealContact.objects.exclude(
        contact__customer=F("opportunity__customer")
    ).exists()
    # Linked when the deal began, in the contact's own role.
    assert not DealContact.objects.exclude(
        created_at=F("opportunity__created_at")
    ).exists()
    assert not DealContact.objects.exclude(role=F("contact__buying_role")).exists()
    assert DealContact.objects.filter(role="decision_maker").exists()


def test_the_seed_writes_what_the_database_keeps(seeded):
    """Loaded with PostgreSQL's triggers off, the seed still leaves every
    derived value as the triggers define it, and the triggers on again."""
    stages = {stage.pk: stage for stage in Stage.objects.all()}
    changes = defaultdict(list)
    for change in StageChange.objects.order_by("created_at", "id"):
        changes[change.opportunity_id].append(change)
    for deal in Opportunity.objects.all():
        walked = changes[deal.pk]
        here = stages[deal.stage_id]
        entered = [stages[c.to_stage_id] for c in walked] + [here]
        assert deal.stage_order == here.order
        assert deal.furthest_order == max(
            0 if s.kind == "lost" else s.order for s in entered
        )
        losses = [c for c in walked if c.to_status == "lost"]
        assert deal.lost_from_id == (losses[-1].from_stage_id if losses else None)
        ends = [c.left_at for c in walked]
        assert ends == [c.created_at for c in walked[1:]] + [None]

    open_deals = Opportunity.objects.filter(status="open")
    by_owner_stage = open_deals.values("owner", "stage").annotate(
        n=Count("id"), amount=Sum("amount")
    )
    expected = {(r["owner"], r["stage"]): (r["n"], r["amount"]) for r in by_owner_stage}
    if open_totals_kept():
        totals = OpenDealTotal.objects.filter(deals__gt=0)
        assert {
            (t.owner_id, t.stage_id): (t.deals, t.amount) for t in totals
        } == expected
        assert kept() == afresh()
        assert kept_stays() == stays_afresh()
        # The triggers are on again: a new open deal is added up.
        deal = OpportunityFactory()
        total = OpenDealTotal.objects.get(owner=deal.owner, stage=deal.stage)
        assert total.deals == 1
        ActivityFactory(opportunity=deal, customer=deal.customer)
        assert kept() == afresh()
