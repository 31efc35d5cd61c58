"""The targets grid: one measure of a year's targets, a row per person or team."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from reports.models import Target
from users.models import Team, User
from users.visibility import managed_team_ids, visible_users

MEASURES = {
    "won_amount": _("Won amount"),
    "received_amount": _("Received amount"),
    "new_customers": _("New customers"),
}


def editable_people(editor: User) -> QuerySet:
    """Whose targets `editor` sets: an admin everyone's, a manager their people's."""
    people = (
        visible_users(editor).select_related("team").order_by("team__name", "username")
    )
    if editor.is_admin:
        return people
    if editor.is_manager:
        return people.exclude(pk=editor.pk)
    return people.none()


def editable_teams(editor: User) -> QuerySet:
    if editor.is_admin:
        return Team.objects.order_by("name")
    if editor.is_manager:
        return Team.objects.filter(pk__in=managed_team_ids(editor)).order_by("name")
    return Team.objects.none()


@dataclass(frozen=True)
class GridRow:
    kind: str  # "user" or "team"
    record: object
    cells: list  # bound fields, one per month


class TargetGridForm(forms.Form):
    """A cell per (person or team, month); an empty cell means no target."""

    def __init__(self, data=None, *, people, teams, months: list[date], measure: str):
        super().__init__(data)
        self.people = {p.pk: p for p in people}
        self.teams = {t.pk: t for t in teams}
        self.months = months
        self.measure = measure
        existing = Target.objects.filter(
            Q(user__in=list(self.people)) | Q(team__in=list(self.teams)),
            month__in=months,
        ).values_list("user", "team", "month", measure)
        initial = {
            self.cell_name("user" if user else "team", user or team, month): value
            for user, team, month, value in existing
        }
        for kind, records in (("user", self.people), ("team", self.teams)):
            for pk in records:
                for month in months:
                    name = self.cell_name(kind, pk, month)
                    self.fields[name] = self.cell_field(month)
                    self.initial[name] = initial.get(name)

    @staticmethod
    def cell_name(kind: str, pk: int, month: date) -> str:
        return f"{kind[0]}{pk}-{month.month}"

    def cell_field(self, month: date) -> forms.Field:
        label = month.strftime("%Y-%m")
        if self.measure == "new_customers":
            return forms.IntegerField(required=False, min_value=0, label=label)
        return forms.DecimalField(
            required=False,
            min_value=Decimal(0),
            max_digits=14,
            decimal_places=2,
            label=label,
        )

    def rows(self) -> list[GridRow]:
        result = []
        for kind, records in (("team", self.teams), ("user", self.people)):
            for pk, record in records.items():
                cells = [self[self.cell_name(kind, pk, m)] for m in self.months]
                result.append(GridRow(kind, record, cells))
        return result

    def changed_values(self) -> dict[tuple[str, int, date], object]:
        """(kind, id, month) → the new value, for the cells the editor changed."""
        values = {}
        for kind, records in (("user", self.people), ("team", self.teams)):
            for pk in records:
                for month in self.months:
                    name = self.cell_name(kind, pk, month)
                    if name in self.changed_data:
                        values[(kind, pk, month)] = self.cleaned_data[name]
        return values
