"""Administrators set reminders and team robots, and see every delivery."""

from django.urls import reverse

from tests.factories import NotificationFactory
from users.models import DeliveryAttempt, ReminderSettings, TeamWebhook


def test_the_settings_list_opens_the_one_row(client, adam):
    client.force_login(adam)
    response = client.get(reverse("admin:users_remindersettings_changelist"))
    assert response.url == reverse("admin:users_remindersettings_change", args=[1])
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Reminder lead time (minutes)" in page.content.decode()
    assert client.get(reverse("admin:users_remindersettings_add")).status_code == 403


def test_an_admin_changes_the_lead_time(client, adam):
    client.force_login(adam)
    row = ReminderSettings.load()
    data = {
        "lead_minutes": 45,
        "stale_after_days": row.stale_after_days,
        "due_soon_days": 7,
        "agenda_time": "08:30",
        "weekly_weekday": 0,
        "weekly_time": "08:30",
        "pool_recycle_days": 30,
        "pool_warn_days": 3,
    }
    client.post(reverse("admin:users_remindersettings_change", args=[1]), data)
    assert ReminderSettings.load().lead_minutes == 45


def test_an_admin_connects_a_team_robot(client, adam, teams):
    client.force_login(adam)
    client.post(
        reverse("admin:users_teamwebhook_add"),
        {
            "team": teams["east"].pk,
            "provider": "dingtalk",
            "url": "https://oapi.dingtalk.com/robot/send?access_token=abc",
            "secret": "SECxyz",
            "active": "on",
        },
    )
    assert TeamWebhook.objects.get().secret == "SECxyz"


def test_delivery_attempts_are_listed_with_their_reasons(client, adam, alice):
    notification = NotificationFactory(recipient=alice)
    DeliveryAttempt.objects.create(
        notification=notification, channel="wecom", delivered=False, reason="HTTP 500"
    )
    client.force_login(adam)
    body = client.get(reverse("admin:users_deliveryattempt_changelist")).content
    assert "HTTP 500" in body.decode()
    detail = reverse("admin:users_notification_change", args=[notification.pk])
    assert "HTTP 500" in client.get(detail).content.decode()


def test_salespeople_stay_out_of_admin(client, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:users_remindersettings_changelist"))
    assert response.status_code == 302
