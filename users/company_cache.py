"""How many people the company has and its teams by name: what an
administrator's filters read on every view of a list, kept in the shared
cache (`users/shared_cache.py`) and dropped from it whenever a person is
added or removed, or a team saved or deleted."""

from users.models import Team, User
from users.shared_cache import forget, remembered

PEOPLE_KEY = "people-count"
TEAMS_KEY = "team-choices"


def people_count() -> int:
    """Everyone with an account, people who have left included."""
    return remembered(PEOPLE_KEY, User.objects.count)


def every_team() -> list[tuple[int, str]]:
    """(id, name) of every team, by name."""
    return remembered(TEAMS_KEY, _read_teams)


def _read_teams() -> list[tuple[int, str]]:
    return list(Team.objects.order_by("name", "pk").values_list("pk", "name"))


def forget_people_count(created: bool = True, **_kwargs) -> None:
    """Drop the count when a person is added or removed (a save that only
    changes someone keeps it)."""
    if created:
        forget(PEOPLE_KEY)


def forget_teams(**_kwargs) -> None:
    """Drop the teams; connected to a team's save and delete."""
    forget(TEAMS_KEY)
