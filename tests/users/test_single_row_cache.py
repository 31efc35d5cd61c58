"""A settings row read through the shared cache follows every save at once."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import OpportunityFactory
from users.models import ReminderSettings

URL = reverse("opportunities:list")


def settings_queries(queries) -> int:
    return sum("users_remindersettings" in q["sql"] for q in queries.captured_queries)


def stale_marks(client) -> list[bool]:
    return [o.is_stale for o in client.get(URL).context["opportunities"]]


@pytest.fixture
def silent_deal(alice):
    now = timezone.now()
    return OpportunityFactory(
        owner=alice,
        last_contact_at=now - timedelta(days=20),
        next_contact_at=now + timedelta(days=1),
    )


def test_the_list_reads_the_settings_row_once_and_then_from_the_cache(
    client, alice, silent_deal
):
    client.force_login(alice)
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    with CaptureQueriesContext(connection) as second:
        client.get(URL)
    assert settings_queries(first) == 1
    assert settings_queries(second) == 0


def test_a_saved_setting_shows_on_the_next_view(client, alice, silent_deal):
    client.force_login(alice)
    settings = ReminderSettings.load()
    settings.stale_after_days = 14
    settings.save()
    assert stale_marks(client) == [True]

    settings.stale_after_days = 30
    settings.save()
    assert stale_marks(client) == [False]


def test_a_row_cached_during_a_write_is_dropped_when_it_commits(
    db, django_capture_on_commit_callbacks
):
    before = ReminderSettings.load()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        settings = ReminderSettings.load()
        settings.stale_after_days = before.stale_after_days + 3
        settings.save()
        # Another page, which cannot see the write yet, caches the old row.
        cache.set(ReminderSettings._cache_key(), before)
    assert ReminderSettings.cached().stale_after_days == before.stale_after_days + 3


def test_a_deleted_row_is_made_afresh_with_its_defaults(db):
    settings = ReminderSettings.load()
    default = settings.stale_after_days
    settings.stale_after_days = default + 5
    settings.save()
    assert ReminderSettings.cached().stale_after_days == default + 5
    settings.delete()
    assert ReminderSettings.cached().stale_after_days == default
