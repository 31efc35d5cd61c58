"""Settings models that hold exactly one row (pk 1), edited in admin."""

from typing import Self

from django.core.cache import cache
from django.db import models, transaction

# How long a page may show a settings row as the shared cache holds it
# (seconds). Saving or deleting the row drops it there at once.
CACHED_FOR = 300


class SingleRowModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self._forget()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        self._forget()
        return deleted

    @classmethod
    def load(cls) -> Self:
        """The row, created with its defaults the first time it is asked for.

        A plain read first: most requests only read settings, and a
        get_or_create is routed as a write (to the primary database).
        """
        return cls.objects.filter(pk=1).first() or cls.objects.get_or_create(pk=1)[0]

    @classmethod
    def cached(cls) -> Self:
        """`load()` through the shared cache, for pages that only show what
        the settings say (a list's "stale after" days) and read them on
        every view. Services and jobs that act on a setting call `load()`.
        """
        key = cls._cache_key()
        row = cache.get(key)
        if row is None:
            row = cls.load()
            cache.set(key, row, CACHED_FOR)
        return row

    @classmethod
    def _cache_key(cls) -> str:
        return f"single-row:{cls._meta.label_lower}"

    @classmethod
    def _forget(cls) -> None:
        """Drop the cached row now, and again once the write commits: a
        page may cache the old row in between."""
        key = cls._cache_key()
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))
