"""Filter pieces every list shares: free-text search, the owner and the team."""

from collections.abc import Callable

import django_filters
from django import forms
from django.db.models import Q, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField as FilterModelChoiceField

from users.clean_forms import apply_input_rules
from users.company_cache import every_team
from users.models import Team, User
from users.team_tree import subtree_ids
from users.visibility import (
    managed_team_ids,
    managed_teams,
    seen_people_count,
    visible_users,
)


class CleanFilterSet(django_filters.FilterSet):
    """A list's filters, whose form applies the input rules of every form.

    Search text is cleaned like typed text, and a date outside the accepted
    range is an error on the filter instead of an overflow.

    `linked_only` names filters that only a link sets (a report's drill-down
    to the deals behind a figure): the filter bar does not offer them, so a
    list builds them, their form fields and their checks only when its query
    names one. A filter that is not asked for narrows nothing either way.
    """

    linked_only: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs):
        if self.linked_only:
            asked = list(data or ())
            self.base_filters = {
                name: filter_
                for name, filter_ in type(self).base_filters.items()
                if name not in self.linked_only or _names(asked, name)
            }
        super().__init__(data, *args, **kwargs)

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_input_rules", False):
            apply_input_rules(form.fields)
            form._input_rules = True
        return form


def _names(keys: list[str], name: str) -> bool:
    """Whether a query's keys set the filter `name` (or a part: `name_after`)."""
    return any(key == name or key.startswith(f"{name}_") for key in keys)


def owner_choices(request):
    """Owners the viewer may filter by: the people whose records they see.

    People who have left are offered too, after the others: their records
    are still seen, and a manager looks for them to hand them on.
    """
    if request is None:
        return User.objects.none()
    return owners_seen_by(request.user)


def owners_seen_by(viewer):
    """Everyone whose records `viewer` sees, people who have left last."""
    people = visible_users(viewer, include_inactive=True)
    return people.order_by("-is_active", "username")


# What an owner choice reads of a person: their name and whether they left.
OWNER_FIELDS = ("username", "first_name", "last_name", "is_active")


def owner_filter_choices(request):
    """`owner_choices` as a list's owner filter offers them: only what shows.

    An administrator's filter offers everyone (1,112 people at a million
    deals); reading each as a whole user with their team was most of the
    list's time. A choice shows the name and whether the person has left,
    and the filter narrows by the chosen person's key.
    """
    return owner_choices(request).select_related(None).only(*OWNER_FIELDS)


def owner_label(user) -> str:
    """A person as an owner choice: marked when they have left."""
    if user.is_active:
        return str(user)
    return _("%(name)s (inactive)") % {"name": user}


class OwnerChoiceField(forms.ModelChoiceField):
    """A form's choice of person that marks those who have left."""

    def label_from_instance(self, obj) -> str:
        return owner_label(obj)


# A viewer who sees more people than this finds an owner by typing part of
# their name (`people_matching`) instead of in a list of everyone: an
# administrator of a large company would get a thousand options on every page.
OWNER_SEARCH_THRESHOLD = 50

# How many people one search answers with.
PEOPLE_SEARCH_LIMIT = 20


class PersonSearchChoice:
    """A choice of person whose select lists everyone up to
    `OWNER_SEARCH_THRESHOLD` people and past it writes only the chosen one
    and names the search (`users:people_search`), which
    static/js/person-search.js turns into a search as one types. Mixed into
    a model choice field whose queryset is the people the viewer sees; the
    chosen key is checked against it either way."""

    null_label = None
    # How many people the queryset holds, when whoever made the field knows
    # without a query (`seen_people_count`): past the threshold the field
    # then reads nobody.
    people_seen: int | None = None

    def label_from_instance(self, obj) -> str:
        return owner_label(obj)

    def listed(self) -> list[User] | None:
        """Everyone the field offers, or None when there are more than
        `OWNER_SEARCH_THRESHOLD`: one query of at most one row more, read once."""
        if self.people_seen is not None and self.people_seen > OWNER_SEARCH_THRESHOLD:
            return None
        if not hasattr(self, "_listed"):
            # Only what a choice shows (`owner_label`), as plain rows: past the
            # threshold none of them is shown.
            fields = ("pk", *OWNER_FIELDS)
            rows = self.queryset.select_related(None).values_list(*fields)
            rows = list(rows[: OWNER_SEARCH_THRESHOLD + 1])
            self._listed = (
                [User(**dict(zip(fields, row, strict=True))) for row in rows]
                if len(rows) <= OWNER_SEARCH_THRESHOLD
                else None
            )
        return self._listed

    # The search's own query: `active=1` finds only people who have not left.
    search_query = ""

    def search_url(self) -> str:
        """Where the select finds people as one types; "" when it lists them all."""
        if self.listed() is not None:
            return ""
        url = reverse("users:people_search")
        return f"{url}?{self.search_query}" if self.search_query else url

    def offered(self, bound_field) -> list[tuple[str, str]]:
        """The people the select writes after its empty and "none" choices
        (`select_options`): everyone, or only the chosen person when the
        viewer sees too many to list (the page works without scripts, and
        the choice shows)."""
        people = self.listed()
        if people is None:
            people = self._chosen(bound_field)
        return [(str(person.pk), owner_label(person)) for person in people]

    def _chosen(self, bound_field) -> list[User]:
        """The chosen person, from the validated form when it was (no query)."""
        cleaned = getattr(bound_field.form, "cleaned_data", None)
        if cleaned is not None:
            person = cleaned.get(bound_field.name)
            return [person] if isinstance(person, User) else []
        try:
            pk = int(bound_field.value())
        except (TypeError, ValueError):
            return []
        return list(self.queryset.filter(pk=pk))


class PersonSearchField(PersonSearchChoice, OwnerChoiceField):
    """A form's choice of person that searches past the threshold (a report's
    "Salesperson")."""


class AssigneeField(PersonSearchChoice, forms.ModelChoiceField):
    """A choice of someone to give records to: the active people the viewer
    sees (`visible_users`), searched past the threshold among them only."""

    search_query = "active=1"


class _OwnerFilterField(PersonSearchChoice, FilterModelChoiceField):
    pass


def people_matching(viewer, text: str, *, active_only: bool = False) -> list[User]:
    """The first `PEOPLE_SEARCH_LIMIT` people `viewer` may filter by whose name
    or username contains `text` (any case), active first: the owner filter's
    search. Names match written either way round ("John Smith", "王强").
    `active_only` leaves out people who have left (someone to assign to)."""
    people = owners_seen_by(viewer)
    if active_only:
        people = people.filter(is_active=True)
    people = people.only(*OWNER_FIELDS, "team__name")
    text = text.strip()
    if text:
        people = people.annotate(
            first_last=Concat("first_name", Value(" "), "last_name"),
            last_first=Concat("last_name", "first_name"),
        ).filter(
            Q(username__icontains=text)
            | Q(first_last__icontains=text)
            | Q(last_first__icontains=text)
        )
    return list(people[:PEOPLE_SEARCH_LIMIT])


class OwnerFilter(django_filters.ModelChoiceFilter):
    """`?owner=` among `owner_choices`, people who have left marked as such.

    Its select lists everyone up to `OWNER_SEARCH_THRESHOLD` people; past
    it, the select names the search (`users:people_search`) and
    static/js/person-search.js turns it into a search as one types. Either
    way the chosen key is checked against the people the viewer sees.
    """

    field_class = _OwnerFilterField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", owner_filter_choices)
        kwargs.setdefault("label", _("Owner"))
        kwargs.setdefault("empty_label", _("Anyone"))
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        request = self.get_request()
        if request is not None:
            field.people_seen = seen_people_count(request.user)
        return field


class SearchFilter(django_filters.CharFilter):
    """`?q=` across several text fields (case-insensitive contains).

    `normalized` maps a field holding normalized values (a phone's digits) to
    the function that turns the search text into such a value, or into ""
    when the text is not one; the field is then searched for that value too.
    """

    def __init__(
        self,
        *args,
        fields: tuple[str, ...],
        normalized: dict[str, Callable[[str], str]] | None = None,
        **kwargs,
    ):
        self.search_fields = fields
        self.normalized = normalized or {}
        kwargs.setdefault("label", _("Search"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        q = Q()
        for field in self.search_fields:
            if LOOKUP_SEP in field:
                q |= related_match(qs.model, field, value)
            else:
                q |= Q(**{f"{field}__icontains": value})
        for field, normalize in self.normalized.items():
            if key := normalize(value):
                q |= Q(**{f"{field}__contains": key})
        return qs.filter(q)


# How many related rows (customers named like the text) a search turns into
# a list of ids; past it the search uses a subquery instead.
RELATED_MATCH_LIMIT = 2000


def related_match(model, field: str, value: str) -> Q:
    """`field` (across a relation, "customer__legal_name") contains `value`.

    The related rows are found first, on their own table and its trigram
    index, and the list filtered by their ids: an OR across a join would
    make the database read every row of the list instead.
    """
    relation, rest = field.split(LOOKUP_SEP, 1)
    related = model._meta.get_field(relation).related_model
    matches = related._default_manager.filter(**{f"{rest}__icontains": value})
    ids = list(matches.values_list("pk", flat=True)[: RELATED_MATCH_LIMIT + 1])
    if len(ids) > RELATED_MATCH_LIMIT:
        return Q(**{f"{relation}__in": matches.values("pk")})
    return Q(**{f"{relation}__in": ids})


def team_choices(request):
    """Teams the viewer may filter by: an admin's all, a manager's own tree."""
    user = getattr(request, "user", None)
    if user is None or not (user.is_admin or user.is_manager):
        return Team.objects.none()
    teams = Team.objects.all()
    if not user.is_admin:
        teams = teams.filter(pk__in=managed_team_ids(user))
    return teams.order_by("name")


def offered_teams(user) -> list[tuple[int, str]]:
    """(id, name) of the teams `user` may choose, read without a query of
    their own: a manager's, as their visibility read them; an
    administrator's, every team from the shared cache."""
    if user is None or not user.is_authenticated:
        return []
    if user.is_admin:
        return every_team()
    return managed_teams(user) if user.is_manager else []


class TeamChoice:
    """A choice of team whose select writes `teams` (`offered_teams`) when
    they are known, or reads its queryset. Mixed into a model choice field;
    a chosen team is checked against the queryset either way."""

    teams: list[tuple[int, str]] | None = None

    def offered(self, bound_field) -> list[tuple[str, str]]:
        """The teams the select writes after its empty choice."""
        teams = self.teams
        if teams is None:
            teams = self.queryset.values_list("pk", "name")
        return [(str(pk), name) for pk, name in teams]


class TeamChoiceField(TeamChoice, forms.ModelChoiceField):
    """A form's choice of team (a report's "Team")."""


class _TeamFilterField(TeamChoice, FilterModelChoiceField):
    pass


class TeamFilter(django_filters.ModelChoiceFilter):
    """`?team=`: records owned by members of a team or of any team below it."""

    field_class = _TeamFilterField

    def __init__(self, *args, owner_field: str = "owner", **kwargs):
        self.owner_field = owner_field
        kwargs.setdefault("queryset", team_choices)
        kwargs.setdefault("label", _("Team"))
        kwargs.setdefault("empty_label", _("Any team"))
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        field.teams = offered_teams(getattr(self.get_request(), "user", None))
        return field

    def filter(self, qs, value):
        if not value:
            return qs
        parent_of = dict(Team.objects.values_list("id", "parent_id"))
        teams = subtree_ids(parent_of, [value.pk])
        # Owner ids from a subquery: the rows are not joined to their owners.
        members = User.objects.filter(team_id__in=teams).values("pk")
        return qs.filter(**{f"{self.owner_field}_id__in": members})
