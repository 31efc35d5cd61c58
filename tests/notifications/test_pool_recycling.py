"""Returning neglected leads to the pool: off by default; the owner is warned
first; the move is recorded in the lead's history."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from leads.models import Lead
from leads.tasks import recycle_neglected_leads
from tests.factories import LeadFactory
from users.models import Notification, ReminderSettings

NOW = datetime(2026, 6, 17, 3, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def run() -> int:
    with time_machine.travel(NOW, tick=False):
        return recycle_neglected_leads()


def turn_on():
    ReminderSettings.objects.filter(pk=1).update(
        pool_recycling=True, pool_recycle_days=30, pool_warn_days=3
    )


def quiet_lead(owner, days: int, **fields) -> Lead:
    return LeadFactory(
        owner=owner, last_contact_at=NOW - timedelta(days=days), **fields
    )


def test_nothing_moves_while_recycling_is_off(alice):
    lead = quiet_lead(alice, 90)
    assert run() == 0
    lead.refresh_from_db()
    assert lead.owner == alice
    assert not Notification.objects.exists()


def test_a_lead_quiet_too_long_returns_to_the_pool_with_its_history(alice):
    turn_on()
    lead = quiet_lead(alice, 31, company_name="沉睡公司")
    fresh = quiet_lead(alice, 5)
    converted = quiet_lead(alice, 60, status="converted")
    assert run() == 1
    lead.refresh_from_db()
    assert lead.in_pool
    assert lead.history.order_by("-history_id").first().history_change_reason == (
        "returned to the pool: not followed up in time"
    )
    fresh.refresh_from_db()
    converted.refresh_from_db()
    assert fresh.owner == alice and converted.owner == alice
    [notice] = Notification.objects.filter(kind="lead_recycled")
    assert notice.recipient == alice and notice.params["name"] == "沉睡公司"


def test_the_owner_is_warned_once_before_the_move(alice):
    turn_on()
    lead = quiet_lead(alice, 28)
    quiet_lead(alice, 20)
    assert run() == 0
    assert run() == 0
    [warning] = Notification.objects.filter(kind="lead_recycle_warning")
    assert warning.record == lead
    assert warning.params["day"] == "2026-06-19"
    lead.refresh_from_db()
    assert lead.owner == alice
