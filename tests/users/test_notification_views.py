"""The bell, the notifications page, opening and marking notifications read."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import NotificationFactory, OpportunityFactory
from users.models import Notification

LIST = reverse("notifications:list")
BELL = reverse("notifications:bell")


def test_the_bell_counts_only_my_unread_notifications(client, alice, bob):
    deal = OpportunityFactory(owner=alice, name="ERP 升级")
    NotificationFactory(recipient=alice, record=deal)
    NotificationFactory(recipient=alice, record=deal, read_at="2026-06-17T10:00Z")
    NotificationFactory(recipient=bob, record=deal)
    client.force_login(alice)
    response = client.get(BELL)
    assert response.context["unread_count"] == 1
    assert "ERP 升级" in response.content.decode()


def test_every_page_loads_the_bell_without_a_query_of_its_own(client, alice):
    client.force_login(alice)
    body = client.get(reverse("home")).content.decode()
    assert f'hx-get="{BELL}"' in body and 'hx-trigger="load, ' in body


def test_the_message_reads_in_the_readers_language(client, alice):
    deal = OpportunityFactory(owner=alice, name="ERP 升级")
    NotificationFactory(recipient=alice, record=deal)
    client.force_login(alice)
    assert "Next contact at" in client.get(LIST).content.decode()
    with translation.override("zh-hans"):
        body = client.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "下次联系" in body


def test_opening_marks_read_and_goes_to_the_deal(client, alice):
    deal = OpportunityFactory(owner=alice)
    notification = NotificationFactory(recipient=alice, record=deal)
    client.force_login(alice)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.url == reverse("opportunities:detail", args=[deal.pk])
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.get(BELL).context["unread_count"] == 0


def test_a_record_handed_on_is_no_longer_linked(client, alice, bob):
    deal = OpportunityFactory(owner=alice, name="Handed on")
    notification = NotificationFactory(recipient=alice, record=deal)
    deal.owner = bob
    deal.save()
    client.force_login(alice)
    body = client.get(LIST).content.decode()
    assert "Handed on" in body
    assert reverse("notifications:open", args=[notification.pk]) not in body
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.url == LIST
    detail = reverse("opportunities:detail", args=[deal.pk])
    assert detail not in client.get(LIST).content.decode()


def test_filters_by_kind_and_read_state(client, alice):
    deal = OpportunityFactory(owner=alice)
    unread = NotificationFactory(recipient=alice, record=deal)
    NotificationFactory(recipient=alice, record=deal, read_at="2026-06-17T10:00Z")
    NotificationFactory(
        recipient=alice, kind="daily_agenda", params={"day": "2026-06-17"}
    )
    client.force_login(alice)

    def shown(**query):
        rows = client.get(LIST, query).context["rows"]
        return [row["notification"] for row in rows]

    assert len(shown()) == 3
    assert shown(state="unread", kind="contact_due") == [unread]
    assert len(shown(kind="daily_agenda")) == 1
    assert len(shown(state="read")) == 1
    assert shown(kind="nonsense") == []


def test_mark_one_read_with_htmx_answers_the_row(client, alice):
    notification = NotificationFactory(recipient=alice, record=None)
    client.force_login(alice)
    url = reverse("notifications:read", args=[notification.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response["HX-Trigger"] == "notificationsRead"
    assert f'id="notification-{notification.pk}"' in response.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read_touches_only_mine(client, alice, bob):
    NotificationFactory.create_batch(3, recipient=alice)
    theirs = NotificationFactory(recipient=bob)
    client.force_login(alice)
    response = client.post(reverse("notifications:read_all"))
    assert response.url == LIST
    assert not Notification.objects.filter(recipient=alice).unread().exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_someone_elses_notification_is_404(client, alice, bob):
    notification = NotificationFactory(recipient=bob)
    client.force_login(alice)
    for name in ("notifications:open", "notifications:read"):
        url = reverse(name, args=[notification.pk])
        response = client.post(url) if name.endswith("read") else client.get(url)
        assert response.status_code == 404


def test_empty_state_and_pagination(client, alice):
    client.force_login(alice)
    assert "No notifications yet." in client.get(LIST).content.decode()
    NotificationFactory.create_batch(30, recipient=alice)
    response = client.get(LIST, {"page": 2})
    assert len(response.context["rows"]) == 5


def test_list_query_count_does_not_grow(client, alice):
    client.force_login(alice)
    deals = OpportunityFactory.create_batch(3, owner=alice)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(LIST)
        return len(queries)

    for deal in deals:
        NotificationFactory(recipient=alice, record=deal)
    few = count()
    for deal in OpportunityFactory.create_batch(20, owner=alice):
        NotificationFactory(recipient=alice, record=deal)
    # session, user, count, page, unread count, one visibility query per
    # kind of record: never one per notification.
    assert count() == few


def test_preferences_save_channels_per_kind_and_language(client, alice):
    url = reverse("notifications:preferences")
    client.force_login(alice)
    form = client.get(url).context["form"]
    assert form["contact_due__email"].value() is True
    data = {
        "language": "zh-hans",
        "contact_due__team_chat": "on",
        "daily_agenda__email": "on",
    }
    response = client.post(url, data)
    assert response.url == url
    alice.refresh_from_db()
    assert alice.language == "zh-hans"
    saved = {
        p.kind: (p.email, p.team_chat) for p in alice.notification_preferences.all()
    }
    assert saved["contact_due"] == (False, True)
    assert saved["daily_agenda"] == (True, False)
