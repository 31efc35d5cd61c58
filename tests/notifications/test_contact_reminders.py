"""The next-contact reminder tick, on a fixed clock (Asia/Shanghai).

A deal due at 10:00 with a 30-minute lead time is reminded by the 09:30 tick
and by no later one; moved to 11:00 it is reminded again at 10:30.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from customers.tasks import remind_customer_contacts
from leads.tasks import remind_lead_contacts
from opportunities.models import Opportunity
from opportunities.tasks import remind_deal_contacts
from tests.factories import CustomerFactory, LeadFactory, OpportunityFactory
from users.models import Notification, ReminderSettings

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(clock: str) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime(2026, 6, 17, hour, minute, tzinfo=SHANGHAI)


def tick(clock: str, task=remind_deal_contacts) -> int:
    with time_machine.travel(at(clock), tick=False):
        return task()


def reminders(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind="contact_due"))


def test_one_reminder_from_the_0930_tick_and_none_from_0935(alice):
    deal = OpportunityFactory(owner=alice, name="ERP", next_contact_at=at("10:00"))
    assert tick("09:25") == 0  # not yet within the 30 minutes
    assert tick("09:30") == 1
    assert tick("09:35") == 0
    assert tick("09:30") == 0  # the same tick run twice
    [reminder] = reminders(alice)
    assert reminder.record == deal
    assert datetime.fromisoformat(reminder.params["due_at"]) == at("10:00")


def test_a_rescheduled_contact_is_reminded_again(alice):
    deal = OpportunityFactory(owner=alice, next_contact_at=at("10:00"))
    assert tick("09:30") == 1
    Opportunity.objects.filter(pk=deal.pk).update(next_contact_at=at("11:00"))
    assert tick("10:00") == 0
    assert tick("10:30") == 1
    assert len(reminders(alice)) == 2


def test_the_lead_time_is_a_setting(alice):
    ReminderSettings.objects.filter(pk=1).update(lead_minutes=60)
    OpportunityFactory(owner=alice, next_contact_at=at("10:00"))
    assert tick("09:00") == 1


def test_closed_deals_and_people_who_left_get_none(alice, bob):
    OpportunityFactory(owner=alice, status="won", next_contact_at=at("10:00"))
    OpportunityFactory(
        owner=alice, status="lost", lost_reason="price", next_contact_at=at("10:00")
    )
    bob.is_active = False
    bob.save()
    OpportunityFactory(owner=bob, next_contact_at=at("10:00"))
    assert tick("09:30") == 0
    assert Notification.objects.count() == 0


def test_a_deal_handed_on_reminds_its_new_owner(alice, bob):
    deal = OpportunityFactory(owner=alice, next_contact_at=at("10:00"))
    Opportunity.objects.filter(pk=deal.pk).update(owner=bob)
    assert tick("09:30") == 1
    assert reminders(alice) == [] and len(reminders(bob)) == 1


def test_a_contact_long_past_is_not_reminded(alice):
    OpportunityFactory(owner=alice, next_contact_at=at("08:00"))
    assert tick("09:30") == 0


def test_leads_are_reminded_unless_pooled_or_converted(alice):
    LeadFactory(owner=alice, company_name="待回访", next_contact_at=at("10:00"))
    LeadFactory(owner=None, next_contact_at=at("10:00"))
    LeadFactory(owner=alice, status="converted", next_contact_at=at("10:00"))
    assert tick("09:30", remind_lead_contacts) == 1
    [reminder] = reminders(alice)
    assert reminder.params["name"] == "待回访"
    assert tick("09:35", remind_lead_contacts) == 0


def test_customers_are_reminded(alice, bob):
    CustomerFactory(owner=alice, next_contact_at=at("10:00"))
    CustomerFactory(owner=bob, next_contact_at=at("12:00"))
    assert tick("09:30", remind_customer_contacts) == 1
    assert len(reminders(alice)) == 1 and reminders(bob) == []


def test_a_reminder_is_queued_for_delivery_once_committed(
    alice, django_capture_on_commit_callbacks
):
    OpportunityFactory(owner=alice, next_contact_at=at("10:00"))
    with django_capture_on_commit_callbacks() as callbacks:
        tick("09:30")
        tick("09:35")
    assert len(callbacks) == 1
