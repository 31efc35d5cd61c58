"""Celery beat's scheduler: the schedules in the database, sent by one beat only.

Several beat processes (a second container started by mistake, an old one
not yet stopped during a deploy) would each send every due task. With Redis
configured, a beat sends only while it holds a lock in Redis, renewed on every
tick, so exactly one sends and another takes over within `BeatLock.ttl`
seconds when it stops. The embedded broker serves one machine's processes,
started by `scripts/run`, where one beat is all there is.
"""

import contextlib
import logging
import os
import socket
import uuid

import redis
from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)


class BeatLock:
    """A lock in Redis that one holder keeps by renewing it before it expires."""

    key = "crm:beat:leader"
    ttl = 60

    # Take the lock when it is free, renew it when it is ours: one round trip,
    # so two beats cannot both see it free.
    _HOLD = """
    local holder = redis.call('GET', KEYS[1])
    if holder == false or holder == ARGV[1] then
      redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
      return 1
    end
    return 0
    """
    _RELEASE = """
    if redis.call('GET', KEYS[1]) == ARGV[1] then
      return redis.call('DEL', KEYS[1])
    end
    return 0
    """

    def __init__(self, client: redis.Redis, *, key: str | None = None) -> None:
        self.client = client
        self.key = key or self.key
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
        self.held: bool | None = None

    def hold(self) -> bool:
        """Take or renew the lock; False while another beat holds it."""
        held = bool(self.client.eval(self._HOLD, 1, self.key, self.token, self.ttl))
        if held != self.held:
            logger.info(
                "This beat sends the scheduled tasks."
                if held
                else "Another beat sends the scheduled tasks; this one stands by."
            )
        self.held = held
        return held

    def release(self) -> None:
        self.client.eval(self._RELEASE, 1, self.key, self.token)
        self.held = False


class SingleBeatScheduler(DatabaseScheduler):
    """The django-celery-beat scheduler, sending only while it holds `BeatLock`."""

    def __init__(self, *args, **kwargs) -> None:
        url = settings.REDIS_URL
        self.lock = BeatLock(redis.Redis.from_url(url)) if url else None
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs) -> float:
        if self.lock is not None:
            try:
                held = self.lock.hold()
            except redis.RedisError:
                logger.warning("Redis is unreachable; no task is sent until it is.")
                held = False
            if not held:
                # Renew well before the lock could expire under the holder.
                return min(self.max_interval, BeatLock.ttl / 3)
        return super().tick(*args, **kwargs)

    def close(self) -> None:
        if self.lock is not None and self.lock.held:
            # Unreachable Redis: the lock expires by itself.
            with contextlib.suppress(redis.RedisError):
                self.lock.release()
        super().close()
