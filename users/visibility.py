"""The one visibility rule every owned record goes through (docs/PRODUCT.md §5).

- a salesperson sees what they own;
- a manager sees what is owned by themselves and by members of the teams they
  manage and every team below those;
- an administrator sees everything.

Views fetch single records with `get_visible_or_404`, so records outside the
rule answer 404 and never confirm that they exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db import connections, models, router
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from users.lookups import any_of

if TYPE_CHECKING:
    from users.models import User

M = TypeVar("M", bound=models.Model)


# A manager's teams (those they manage and every team below them, with
# their names) and the people in them, in one statement: the recursive part
# walks down the team tree from the teams the manager is named on.
MANAGED_SQL = """
WITH RECURSIVE managed(id) AS (
    SELECT team_id FROM {managers} WHERE user_id = %s
    UNION
    SELECT team.id FROM {teams} team JOIN managed ON team.parent_id = managed.id
)
SELECT team.id, team.name, 0 FROM {teams} team
WHERE team.id IN (SELECT id FROM managed)
UNION ALL
SELECT person.id, NULL, 1 FROM {users} person
WHERE person.team_id IN (SELECT id FROM managed) AND person.id <> %s
"""


def _read_managed(user: User) -> None:
    """Read and memoize on `user` what `managed_team_ids`, `managed_teams`
    and `visible_owner_ids` answer: one query, on the first of them asked."""
    from users.models import Team
    from users.models import User as UserModel

    connection = connections[router.db_for_read(Team)]
    quote = connection.ops.quote_name
    sql = MANAGED_SQL.format(
        managers=quote(Team.managers.through._meta.db_table),
        teams=quote(Team._meta.db_table),
        users=quote(UserModel._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk])
        rows = cursor.fetchall()
    teams = [(pk, name) for pk, name, is_person in rows if not is_person]
    teams.sort(key=lambda team: (team[1], team[0]))
    people = sorted(pk for pk, _name, is_person in rows if is_person)
    user._managed_teams = teams
    user._managed_team_ids = {pk for pk, _name in teams}
    user._visible_owner_ids = [user.pk, *people]


def managed_team_ids(user: User) -> set[int]:
    """Ids of the teams a user manages, with every team below them (memoized)."""
    if getattr(user, "_managed_team_ids", None) is None:
        _read_managed(user)
    return user._managed_team_ids


def managed_teams(user: User) -> list[tuple[int, str]]:
    """(id, name) of the teams `managed_team_ids` holds, by name (memoized)."""
    if getattr(user, "_managed_teams", None) is None:
        _read_managed(user)
    return user._managed_teams


def visible_owner_ids(user: User) -> list[int]:
    """Ids of the people whose records a manager sees, themselves first (memoized).

    Filtering on these ids, rather than joining every row to its owner's
    team, lets the database walk the `(owner, …)` indexes.
    """
    if getattr(user, "_visible_owner_ids", None) is None:
        _read_managed(user)
    return user._visible_owner_ids


def visible_owner_q(user: User, field: str = "owner") -> models.Q | None:
    """A filter on the owner field for `user`, or None when everything is seen."""
    if not user.is_authenticated or not user.is_active:
        return models.Q(pk__in=[])
    if user.is_admin:
        return None
    if user.is_manager and managed_team_ids(user):
        return any_of(f"{field}_id", visible_owner_ids(user))
    return models.Q(**{f"{field}_id": user.pk})


def seen_people_count(user: User) -> int:
    """How many people `user` sees (`visible_users` with people who have
    left). An administrator sees everyone (`company_cache.people_count`);
    a manager's people are those `visible_owner_ids` reads once for their
    records."""
    if not user.is_authenticated:
        return 0
    if user.is_admin:
        from users.company_cache import people_count

        return people_count()
    if user.is_manager and managed_team_ids(user):
        return len(visible_owner_ids(user))
    return 1


def sees_every_record(user: User, queryset: models.QuerySet) -> bool:
    """Whether `user` sees every row of `queryset`, an owned model's: an
    administrator, or a manager whose teams hold everyone who owns one (a
    head of sales). One short query for a manager, none for anyone else."""
    if visible_owner_q(user) is None:
        return True
    if not user.is_manager:
        return False
    from users.models import User as UserModel

    unseen = UserModel.objects.exclude(any_of("pk", visible_owner_ids(user)))
    owners = f"{queryset.owner_field}__in"
    return not queryset.filter(**{owners: unseen}).exists()


def visible_users(
    user: User, *, include_inactive: bool = False
) -> models.QuerySet[User]:
    """Active users whose records `user` sees: the choices for an owner field.

    `include_inactive` adds people who have left, whose records a manager
    still sees and must be able to find to hand them on.
    """
    from users.models import User as UserModel

    users = UserModel.objects.select_related("team")
    if not include_inactive:
        users = users.filter(is_active=True)
    if user.is_admin:
        return users
    q = models.Q(pk=user.pk)
    if user.is_manager:
        q |= models.Q(team_id__in=managed_team_ids(user))
    return users.filter(q)


class OwnedQuerySet(models.QuerySet):
    """QuerySet of an owned model; start every read from `visible_to`.

    Records that belong to a parent (a customer's contacts) set `owner_field`
    to the parent's owner, e.g. "customer__owner", and follow the same rule.
    """

    owner_field = "owner"

    def visible_to(self, user: User) -> OwnedQuerySet:
        """Records `user` may see under the visibility rule."""
        q = visible_owner_q(user, self.owner_field)
        return self if q is None else self.filter(q)


def visible_exists(model: type[models.Model], user: User, ref: str) -> models.Exists:
    """An annotation: whether the `model` row that field `ref` points at is visible.

    Pages link a related record (a contract's customer) only when the link
    would open for this viewer, in the query that loads the page's rows.
    """
    rows = model.objects.visible_to(user).filter(pk=models.OuterRef(ref))
    return models.Exists(rows)


def visible_ids(model: type[models.Model], user: User, ids) -> set[int]:
    """Which of `ids` (rows of `model`) `user` may open: one query per page of links."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return set()
    rows = model.objects.visible_to(user).filter(pk__in=wanted)
    return set(rows.values_list("pk", flat=True))


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class OwnedModel(TimeStampedModel):
    """Ownership and timestamps shared by every business record."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


def get_visible_or_404(
    queryset: models.QuerySet[M] | type[M], user: User, **lookup: Any
) -> M:
    """Fetch one record `user` may see, or raise 404 as if it did not exist."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
