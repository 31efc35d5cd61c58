"""The demo tells a year of sales, so every report shows varied figures."""

from datetime import timedelta

from django.core.management import call_command
from django.db.models import Max, Min
from django.utils import timezone

from opportunities.models import Activity, Opportunity, StageChange
from reports.models import ForecastSnapshot, Target
from users.models import User


def test_seed_demo_gives_every_salesperson_a_year_of_history(db):
    call_command("seed_demo")
    span = StageChange.objects.aggregate(
        first=Min("created_at"), last=Max("created_at")
    )
    assert span["last"] - span["first"] >= timedelta(days=365)
    for person in User.objects.filter(username__startswith="sales"):
        deals = Opportunity.objects.filter(owner=person)
        assert {"open", "won", "lost"} <= set(deals.values_list("status", flat=True))
        assert Target.objects.filter(user=person).count() >= 12
        assert ForecastSnapshot.objects.filter(owner=person).count() >= 12
    won_months = {
        timezone.localtime(at).strftime("%Y-%m")
        for at in Opportunity.objects.filter(status="won").values_list(
            "closed_at", flat=True
        )
    }
    assert len(won_months) >= 10
    # Chinese customers hear from us in Chinese only.
    notes = Activity.objects.exclude(customer__legal_name__regex=r"^[ -~]+$")
    assert not any(
        summary.isascii() for summary in notes.values_list("summary", flat=True)
    )
    lost = Opportunity.objects.filter(status="lost").exclude(
        customer__legal_name__regex=r"^[ -~]+$"
    )
    assert not any(
        reason.isascii() for reason in lost.values_list("lost_reason", flat=True)
    )
