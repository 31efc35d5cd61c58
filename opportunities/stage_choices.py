"""The stages as a choice lists them (key and names, in order): read on
every view of the deal list, changed only when an administrator edits the
stages. They are kept in the shared cache, and dropped from it whenever a
stage is saved or deleted."""

from django.core.cache import cache
from django.db import transaction

from opportunities.models import Stage
from opportunities.models.configuration import in_language

KEY = "stage-choices"
# How long a page may list the stages as the cache holds them (seconds).
CACHED_FOR = 300


def stage_choices() -> list[tuple[str, str]]:
    """(key, name in the active language) of every stage, in order."""
    rows = cache.get(KEY)
    if rows is None:
        stages = Stage.objects.order_by("order")
        rows = list(stages.values_list("pk", "name_en", "name_zh"))
        cache.set(KEY, rows, CACHED_FOR)
    return [(str(pk), in_language(english, chinese)) for pk, english, chinese in rows]


def forget_stage_choices(**_kwargs) -> None:
    """Drop the cached stages now, and again once the write commits: a page
    may cache the old ones in between. Connected to a stage's save and delete."""
    cache.delete(KEY)
    transaction.on_commit(lambda: cache.delete(KEY))
