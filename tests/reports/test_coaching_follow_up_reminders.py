"""A manager is reminded of a coaching note's follow-up when its day comes."""

from datetime import date

import time_machine
from django.urls import reverse

from reports.coaching_tasks import remind_coaching_follow_ups
from reports.models import CoachingNote
from users.notifications.records import Kind, Notification

TODAY = "2026-12-04 09:00:00+08:00"


def note(mary, alice, **fields):
    return CoachingNote.objects.create(
        person=alice, author=mary, agreed="Book the decision maker earlier", **fields
    )


@time_machine.travel(TODAY, tick=False)
def test_the_author_is_reminded_once_on_the_follow_up_day(client, mary, alice):
    due = note(mary, alice, follow_up_on=date(2026, 12, 4))
    assert remind_coaching_follow_ups() == 1
    assert remind_coaching_follow_ups() == 0  # a second tick, or a retry
    reminder = Notification.objects.get(recipient=mary)
    assert reminder.kind == Kind.COACHING_FOLLOW_UP
    assert reminder.dedupe_key == f"coaching:{due.pk}"
    client.force_login(mary)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Coaching follow-up with" in page
    assert "Book the decision maker earlier" in page
    opened = client.get(reverse("notifications:open", args=[reminder.pk]))
    assert opened.url == reverse("reports:coaching")


@time_machine.travel(TODAY, tick=False)
def test_no_reminder_before_the_day_after_it_is_done_or_without_a_date(mary, alice):
    note(mary, alice, follow_up_on=date(2026, 12, 5))
    note(mary, alice, follow_up_on=None)
    done = note(mary, alice, follow_up_on=date(2026, 12, 1))
    CoachingNote.objects.filter(pk=done.pk).update(followed_up_at="2026-12-02T10:00Z")
    assert remind_coaching_follow_ups() == 0
    assert not Notification.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_an_author_who_left_is_not_reminded(mary, alice):
    note(mary, alice, follow_up_on=date(2026, 12, 3))
    mary.is_active = False
    mary.save()
    assert remind_coaching_follow_ups() == 0


def test_a_new_installation_schedules_the_reminder(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="Remind managers of coaching follow-ups")
    assert task.task == "reports.coaching_tasks.remind_coaching_follow_ups"
