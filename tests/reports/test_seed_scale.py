"""`seed_scale` fills an empty database with a consistent large company."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Sum

from contracts.models import Contract
from customers.models import Customer
from opportunities.models import Activity, DealContact, Opportunity, StageChange
from payments.models import Installment
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
