"""The demo shows a flagged weakest stage, "not enough data" and different
hygiene, and deals with and without their decision maker linked."""

from django.core.management import call_command
from django.db import models
from django.urls import reverse

from opportunities.models import DealContact, Opportunity, missing_decision_maker_q
from reports.metrics.hygiene import Part
from reports.models import CoachingNote
from users.models import User


def test_the_demo_tells_the_coaching_story_once(db, client):
    call_command("seed_demo")
    call_command("seed_demo")
    assert CoachingNote.objects.count() == 1
    client.force_login(User.objects.get(username="manager1"))
    rows = {
        row.person.username: row
        for _team, team_rows in client.get(reverse("reports:coaching")).context["teams"]
        for row in team_rows
    }
    assert rows["sales1"].weakness is not None
    # sales2 converts as well as the team: nothing is flagged for her.
    assert rows["sales2"].weakness is None
    assert rows["sales2"].hygiene.score - rows["sales1"].hygiene.score >= 30
    assert Part.DECISION_MAKER in rows["sales1"].hygiene.parts

    # Deals in stages that need a decision maker: most covered, a few flagged.
    needing = Opportunity.objects.open().filter(stage__needs_decision_maker=True)
    flagged = needing.filter(missing_decision_maker_q()).count()
    assert 0 < flagged < needing.count() - flagged
    # Each link is a contact of the deal's own customer.
    assert DealContact.objects.count() > 0
    assert not DealContact.objects.exclude(
        contact__customer=models.F("opportunity__customer")
    ).exists()
