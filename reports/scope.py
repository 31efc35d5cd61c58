"""Whose figures a report shows, over which days: the one filter of every report.

The filter form reads `?period=&start=&end=&team=&rep=` (bookmarkable); the
resulting Scope restricts every loader's rows and builds the drill-down
links, so a figure and the list behind it select the same deals.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opportunities.models import Opportunity
from reports.metrics.periods import Period, Preset, resolve
from users.filters import (
    PersonSearchField,
    TeamChoiceField,
    offered_teams,
    owner_choices,
    owners_seen_by,
    team_choices,
)
from users.models import Team, User
from users.team_tree import subtree_ids
from users.visibility import seen_people_count, sees_every_record

PERIOD_CHOICES = [
    (Preset.THIS_MONTH.value, _("This month")),
    (Preset.LAST_MONTH.value, _("Last month")),
    (Preset.THIS_QUARTER.value, _("This quarter")),
    (Preset.THIS_YEAR.value, _("This year")),
    (Preset.CUSTOM.value, _("Custom range")),
]


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"), choices=PERIOD_CHOICES, required=False
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    team = TeamChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("All my teams"),
    )
    rep = PersonSearchField(
        label=_("Salesperson"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Everyone I see"),
    )

    def __init__(self, data, *, request, default_period: str):
        super().__init__(data)
        self.default_period = default_period
        self.fields["period"].initial = default_period
        user = request.user
        team, rep = self.fields["team"], self.fields["rep"]
        team.queryset = team_choices(request)
        # The teams and how many people are known without a query: a
        # manager's from their visibility, an administrator's from the cache.
        team.teams = offered_teams(user)
        rep.queryset = owner_choices(request)
        rep.people_seen = seen_people_count(user)
        self.show_team = bool(team.teams)
        self.show_rep = user.is_admin or user.is_manager


@dataclass(frozen=True)
class Scope:
    viewer: User
    period: Period
    preset: str
    team: Team | None = None
    rep: User | None = None

    # The bounds of the period as aware datetimes: [since, until).
    @property
    def since(self) -> datetime:
        return local_midnight(self.period.start)

    @property
    def until(self) -> datetime:
        return local_midnight(self.period.end + timedelta(days=1))

    def owner_q(self, field: str = "owner") -> Q:
        """The team and salesperson chosen, as a filter on an owner field."""
        q = Q()
        if self.rep is not None:
            q &= Q(**{f"{field}_id": self.rep.pk})
        if self.team is not None:
            q &= Q(**{f"{field}__team_id__in": self.team_ids})
        return q

    @cached_property
    def team_ids(self) -> set[int]:
        """The chosen team and every team below it (read once per scope)."""
        parent_of = dict(Team.objects.values_list("id", "parent_id"))
        return subtree_ids(parent_of, [self.team.pk])

    @property
    def is_everyone(self) -> bool:
        """Whether the report covers the whole company: an administrator with
        no team or salesperson chosen."""
        return self.viewer.is_admin and self.team is None and self.rep is None

    @cached_property
    def is_every_deal(self) -> bool:
        """Whether the report covers every deal of the company: no team or
        salesperson chosen, by an administrator or by a manager who sees
        every deal (`sees_every_record`: a head of sales)."""
        if self.team is not None or self.rep is not None:
            return False
        return sees_every_record(self.viewer, Opportunity.objects.all())

    def deals(self) -> QuerySet:
        """The deals the viewer sees, narrowed to the chosen team and person."""
        return Opportunity.objects.visible_to(self.viewer).filter(self.owner_q())

    def scoped(self, queryset: QuerySet, field: str = "owner") -> QuerySet:
        return queryset.visible_to(self.viewer).filter(self.owner_q(field))

    def people(self) -> QuerySet:
        """The salespeople whose figures the report shows, each once."""
        people = owners_seen_by(self.viewer)
        if self.rep is not None:
            people = people.filter(pk=self.rep.pk)
        if self.team is not None:
            people = people.filter(team_id__in=self.team_ids)
        return people

    def filter_params(self) -> dict[str, str]:
        params = {}
        if self.team is not None:
            params["team"] = str(self.team.pk)
        if self.rep is not None:
            params["owner"] = str(self.rep.pk)
        return params

    def deal_list_url(self, **params) -> str:
        """The opportunity list filtered to the deals behind a figure."""
        query = {**self.filter_params(), **{k: v for k, v in params.items() if v}}
        return reverse("opportunities:list") + "?" + urlencode(query)

    def report_query(self) -> str:
        """This scope as a report's query string (for links between reports)."""
        query = {"period": self.preset}
        if self.preset == Preset.CUSTOM:
            query |= {
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            }
        if self.team is not None:
            query["team"] = str(self.team.pk)
        if self.rep is not None:
            query["rep"] = str(self.rep.pk)
        return urlencode(query)


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def scope_from_request(request, *, default_period: str = Preset.THIS_QUARTER):
    """The form and Scope for a report request; a team or person not seen is 404."""
    data = request.GET.copy()
    if not data.get("period"):
        data["period"] = default_period
    form = ReportFilterForm(data, request=request, default_period=default_period)
    if not form.is_valid():
        if {"team", "rep"} & set(form.errors):
            raise Http404
        form = ReportFilterForm(
            {k: v for k, v in request.GET.items() if k in ("team", "rep")},
            request=request,
            default_period=default_period,
        )
        if not form.is_valid():
            raise Http404
    data = form.cleaned_data
    preset = data["period"] or default_period
    period = resolve(preset, timezone.localdate(), data["start"], data["end"])
    if preset == Preset.CUSTOM and not (data["start"] and data["end"]):
        preset = Preset.THIS_MONTH
    scope = Scope(
        viewer=request.user,
        period=period,
        preset=preset,
        team=data["team"],
        rep=data["rep"],
    )
    return form, scope
