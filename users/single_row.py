"""Settings models that hold exactly one row (pk 1), edited in admin."""

from typing import Self

from django.db import models


class SingleRowModel(models.Model):
    class Meta:
        abstract = True

    @classmethod
    def load(cls) -> Self:
        """The row, created with its defaults the first time it is asked for.

        A plain read first: most requests only read settings, and a
        get_or_create is routed as a write (to the primary database).
        """
        return cls.objects.filter(pk=1).first() or cls.objects.get_or_create(pk=1)[0]
