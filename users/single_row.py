"""Settings models that hold exactly one row (pk 1), edited in admin."""

from typing import Self

from django.db import models

from users.shared_cache import forget, remembered


class SingleRowModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        forget(self._cache_key())

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        forget(self._cache_key())
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
        """`load()` through the shared cache (`users/shared_cache.py`), for
        pages that only show what the settings say (a list's "stale after"
        days) and read them on every view. Saving or deleting the row drops
        it there. Services and jobs that act on a setting call `load()`.
        """
        return remembered(cls._cache_key(), cls.load)

    @classmethod
    def _cache_key(cls) -> str:
        return f"single-row:{cls._meta.label_lower}"
