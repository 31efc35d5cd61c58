"""Only one beat sends scheduled tasks, with Redis configured."""

import pytest
import redis
from django.conf import settings

from config.beat import BeatLock

pytestmark = pytest.mark.skipif(
    not settings.REDIS_URL, reason="the beat lock lives in Redis"
)


@pytest.fixture
def client():
    client = redis.Redis.from_url(settings.REDIS_URL)
    yield client
    client.delete("test:beat:leader")


def test_a_second_beat_waits_while_the_first_holds_the_lock(client):
    first = BeatLock(client, key="test:beat:leader")
    second = BeatLock(client, key="test:beat:leader")
    assert first.hold()
    assert not second.hold()
    # Renewing keeps it: the first beat goes on sending.
    assert first.hold()
    assert not second.hold()


def test_the_lock_passes_on_when_its_holder_stops(client):
    first = BeatLock(client, key="test:beat:leader")
    second = BeatLock(client, key="test:beat:leader")
    assert first.hold()
    first.release()
    assert second.hold()
    assert not first.hold()


def test_the_lock_expires_when_its_holder_dies(client):
    first = BeatLock(client, key="test:beat:leader")
    assert first.hold()
    assert 0 < client.ttl("test:beat:leader") <= BeatLock.ttl
    client.expire("test:beat:leader", 0)  # as if the holder stopped renewing
    assert BeatLock(client, key="test:beat:leader").hold()
