"""The stages as a choice lists them (key and names, in order): read on
every view of the deal list, changed only when an administrator edits the
stages. They are kept in the shared cache (`users/shared_cache.py`), and
dropped from it whenever a stage is saved or deleted."""

from opportunities.models import Stage
from opportunities.models.configuration import in_language
from users.shared_cache import forget, remembered

KEY = "stage-choices"


def stage_choices() -> list[tuple[str, str]]:
    """(key, name in the active language) of every stage, in order."""
    rows = remembered(KEY, _read)
    return [(str(pk), in_language(english, chinese)) for pk, english, chinese in rows]


def _read() -> list[tuple[int, str, str]]:
    stages = Stage.objects.order_by("order")
    return list(stages.values_list("pk", "name_en", "name_zh"))


def forget_stage_choices(**_kwargs) -> None:
    """Drop the cached stages; connected to a stage's save and delete."""
    forget(KEY)
