from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leads.models import Lead, LeadStatus
from leads.services import (
    lead_assign,
    lead_claim,
    lead_log_activity,
    lead_return_to_pool,
)
from tests.factories import LeadFactory


def test_pool_lead_is_claimed_by_the_first_salesperson_only(alice, olivia):
    lead = LeadFactory(owner=None)
    lead_claim(lead_id=lead.pk, user=alice)
    with pytest.raises(ValidationError):
        lead_claim(lead_id=lead.pk, user=olivia)
    lead.refresh_from_db()
    assert lead.owner == alice


def test_pool_leads_are_visible_to_every_salesperson(alice, olivia):
    pooled = LeadFactory(owner=None)
    owned = LeadFactory(owner=alice)
    assert pooled in Lead.objects.visible_to(olivia)
    assert owned not in Lead.objects.visible_to(olivia)


def test_returning_to_the_pool_clears_the_owner_and_is_in_history(alice):
    lead = LeadFactory(owner=alice)
    lead_return_to_pool(lead=lead, user=alice)
    lead.refresh_from_db()
    assert lead.owner is None
    assert lead.history.first().history_change_reason == "returned to the pool"


def test_manager_assigns_within_their_teams_only(mary, bob, olivia):
    lead = LeadFactory(owner=None)
    assert lead_assign(leads=[lead], owner=bob, by=mary) == 1
    with pytest.raises(ValidationError):
        lead_assign(leads=[lead], owner=olivia, by=mary)
    lead.refresh_from_db()
    assert lead.owner == bob


def test_salesperson_cannot_assign(alice, bob):
    lead = LeadFactory(owner=alice)
    with pytest.raises(PermissionDenied):
        lead_assign(leads=[lead], owner=bob, by=alice)


def test_logging_a_follow_up_sets_the_dates_and_marks_contacted(alice):
    lead = LeadFactory(owner=alice, status=LeadStatus.NEW)
    later = timezone.now() + timedelta(days=3)
    lead_log_activity(
        lead=lead, by=alice, kind="call", summary="Intro", next_contact_at=later
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED
    assert lead.next_contact_at == later
    assert lead.last_contact_at is not None
    # A recent contact raises the score.
    assert lead.score > LeadFactory(owner=alice, email=lead.email).score - 1


def test_an_older_follow_up_logged_late_does_not_move_the_dates_back(alice):
    lead = LeadFactory(owner=alice)
    now = timezone.now()
    lead_log_activity(
        lead=lead, by=alice, kind="call", summary="Today", occurred_at=now
    )
    lead_log_activity(
        lead=lead,
        by=alice,
        kind="email",
        summary="Last week",
        occurred_at=now - timedelta(days=7),
    )
    lead.refresh_from_db()
    assert lead.last_contact_at == now


def test_duplicates_are_found_by_normalized_name_phone_or_email(alice):
    original = LeadFactory(
        owner=alice, company_name="上海华东科技有限公司", phone="13900000001"
    )
    assert list(Lead.objects.duplicates_of(company_name="上海 华东 科技有限公司")) == [
        original
    ]
    assert list(Lead.objects.duplicates_of(phone="+86 139-0000-0001")) == [original]
    assert not Lead.objects.duplicates_of(company_name="别的公司").exists()


def test_a_follow_up_in_the_future_is_refused_and_changes_nothing(alice):
    lead = LeadFactory(owner=alice, status=LeadStatus.NEW)
    with pytest.raises(ValidationError) as refused:
        lead_log_activity(
            lead=lead,
            by=alice,
            kind="call",
            summary="Typo in the year",
            occurred_at=timezone.now() + timedelta(days=365 * 70),
        )
    assert "cannot be in the future" in str(refused.value)
    assert not lead.activities.exists()
    lead.refresh_from_db()
    assert (lead.last_contact_at, lead.status) == (None, LeadStatus.NEW)


def test_a_follow_up_a_minute_ahead_is_clock_drift_and_is_logged(alice):
    lead = LeadFactory(owner=alice)
    lead_log_activity(
        lead=lead,
        by=alice,
        kind="call",
        summary="Clocks differ",
        occurred_at=timezone.now() + timedelta(minutes=1),
    )
    assert lead.activities.count() == 1


def test_a_salesperson_logs_on_a_pool_lead_only_after_claiming_it(alice):
    lead = LeadFactory(owner=None)
    with pytest.raises(ValidationError, match="claim it before changing it"):
        lead_log_activity(lead=lead, by=alice, kind="call", summary="Not mine yet")
    assert not lead.activities.exists()
    lead = lead_claim(lead_id=lead.pk, user=alice)
    lead_log_activity(lead=lead, by=alice, kind="call", summary="Mine now")
    assert lead.activities.count() == 1
