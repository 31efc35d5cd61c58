"""What pages read on every view and an administrator rarely changes (a
settings row, the stages), kept in the shared cache for a few minutes and
dropped from it whenever it changes."""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# How long a page may show such a value as the cache holds it (seconds).
KEPT_FOR = 300


def remembered(key: str, read: Callable[[], T]) -> T:
    """The value under `key`, read (and kept) when the cache has none."""
    value = cache.get(key)
    if value is None:
        value = read()
        cache.set(key, value, KEPT_FOR)
    return value


def forget(key: str) -> None:
    """Drop `key` now, and again once the current write commits: a page may
    keep the old value in between."""
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
