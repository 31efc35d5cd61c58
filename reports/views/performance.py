"""Performance against targets, and the grid where targets are set."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from opportunities.models import OpportunityStatus
from reports import charts
from reports.loaders.performance import by_month, by_person
from reports.metrics.periods import month_end
from reports.scope import Scope, scope_from_request
from reports.services import target_grid_save
from reports.targets_grid import (
    MEASURES,
    TargetGridForm,
    editable_people,
    editable_teams,
)
from reports.views.common import Table, export_if_asked, people_page, render_report
from users.spreadsheets.exporting import ExportColumn


def _links(scope: Scope, first, last, owner=None) -> dict[str, str]:
    """The lists behind won, contracted and received money from first to last."""
    people = scope.filter_params()
    if owner is not None:
        people["owner"] = str(owner.pk)
    after, before = first.isoformat(), last.isoformat()
    return {
        "won": scope.deal_list_url(
            status=OpportunityStatus.WON,
            closed_after=after,
            closed_before=before,
            owner=people.get("owner"),
        ),
        "contracted": _list_url(
            "contracts:list",
            people,
            in_force="true",
            signed_after=after,
            signed_before=before,
        ),
        "received": _list_url(
            "payments:received", people, received_after=after, received_before=before
        ),
        "customers": _list_url(
            "customers:list", people, created_after=after, created_before=before
        ),
    }


def _list_url(name: str, people: dict, **params) -> str:
    return reverse(name) + "?" + urlencode({**people, **params})


@login_required
@require_http_methods(["GET"])
def performance_report(request: HttpRequest) -> HttpResponse:
    form, scope = scope_from_request(request)
    months = by_month(scope)
    people = by_person(scope)
    response = export_if_asked(
        request,
        {
            "months": lambda: Table("performance", months, MONTH_COLUMNS),
            "people": lambda: Table("performance-people", people, PERSON_COLUMNS),
        },
    )
    if response:
        return response
    month_rows = [
        {"row": row, "links": _links(scope, row.month, month_end(row.month))}
        for row in months
    ]
    page = people_page(request, people)
    person_rows = [
        {
            "row": row,
            "links": _links(scope, scope.period.start, scope.period.end, row.person),
        }
        for row in page.object_list
    ]
    labels = [row.month.strftime("%Y-%m") for row in months]
    return render_report(
        request,
        "reports/performance.html",
        form,
        scope,
        {
            "month_rows": month_rows,
            "person_rows": person_rows,
            "page_obj": page,
            "totals": {
                "won": sum(r.won for r in months),
                "contracted": sum(r.contracted for r in months),
                "received": sum(r.received for r in months),
                "target": months[-1].running_target if months else 0,
                "links": _links(scope, scope.period.start, scope.period.end),
            },
            "can_edit_targets": request.user.is_admin or request.user.is_manager,
            "month_chart": charts.bars(
                labels,
                charts.series(
                    gettext_lazy("Won"),
                    [r.won for r in months],
                    links=[r["links"]["won"] for r in month_rows],
                ),
                charts.series(
                    gettext_lazy("Contracted"),
                    [r.contracted for r in months],
                    links=[r["links"]["contracted"] for r in month_rows],
                ),
                charts.series(
                    gettext_lazy("Received"),
                    [r.received for r in months],
                    links=[r["links"]["received"] for r in month_rows],
                ),
                charts.series(
                    gettext_lazy("Target"), [r.target for r in months], kind="line"
                ),
                charts.series(
                    gettext_lazy("Won, running total"),
                    [r.running_won for r in months],
                    kind="line",
                ),
                charts.series(
                    gettext_lazy("Target, running total"),
                    [r.running_target for r in months],
                    kind="line",
                ),
            ),
            "person_chart": charts.bars(
                [str(r["row"].person) for r in person_rows],
                charts.series(
                    gettext_lazy("Won"),
                    [r["row"].won for r in person_rows],
                    links=[r["links"]["won"] for r in person_rows],
                ),
                charts.series(
                    gettext_lazy("Target"), [r["row"].target for r in person_rows]
                ),
                horizontal=True,
            ),
        },
    )


MONTH_COLUMNS = (
    ExportColumn(gettext_lazy("Month"), lambda r: r.month.strftime("%Y-%m")),
    ExportColumn(gettext_lazy("Won"), lambda r: r.won),
    ExportColumn(gettext_lazy("Target"), lambda r: r.target),
    ExportColumn(gettext_lazy("Attainment"), lambda r: r.attainment),
    ExportColumn(gettext_lazy("Contracted"), lambda r: r.contracted),
    ExportColumn(gettext_lazy("Received"), lambda r: r.received),
    ExportColumn(gettext_lazy("Received target"), lambda r: r.received_target),
    ExportColumn(gettext_lazy("New customers"), lambda r: r.new_customers),
    ExportColumn(
        gettext_lazy("New customers target"), lambda r: r.new_customers_target
    ),
    ExportColumn(gettext_lazy("Won, running total"), lambda r: r.running_won),
    ExportColumn(gettext_lazy("Target, running total"), lambda r: r.running_target),
)
PERSON_COLUMNS = (
    ExportColumn(gettext_lazy("Salesperson"), lambda r: str(r.person)),
    ExportColumn(gettext_lazy("Team"), lambda r: str(r.person.team or "")),
    ExportColumn(gettext_lazy("Won"), lambda r: r.won),
    ExportColumn(gettext_lazy("Target"), lambda r: r.target),
    ExportColumn(gettext_lazy("Attainment"), lambda r: r.attainment),
    ExportColumn(gettext_lazy("Rank in team"), lambda r: r.rank),
    ExportColumn(gettext_lazy("Contracted"), lambda r: r.contracted),
    ExportColumn(gettext_lazy("Received"), lambda r: r.received),
)


@login_required
@require_http_methods(["GET", "POST"])
def target_grid(request: HttpRequest) -> HttpResponse:
    """Managers set their people's and teams' targets; administrators everyone's."""
    user = request.user
    if not (user.is_admin or user.is_manager):
        raise PermissionDenied
    year = _year(request)
    measure = request.GET.get("measure")
    if measure not in MEASURES:
        measure = "won_amount"
    months = [timezone.datetime(year, m, 1).date() for m in range(1, 13)]
    people = list(editable_people(user))
    teams = list(editable_teams(user))
    form = TargetGridForm(
        request.POST or None,
        people=people,
        teams=teams,
        months=months,
        measure=measure,
    )
    if request.method == "POST" and form.is_valid():
        changed = target_grid_save(
            people=form.people,
            teams=form.teams,
            field=measure,
            values=form.changed_values(),
        )
        messages.success(
            request, _("Targets saved: %(count)d changed.") % {"count": changed}
        )
        return redirect(f"{request.path}?year={year}&measure={measure}")
    return render(
        request,
        "reports/target_grid.html",
        {
            "form": form,
            "year": year,
            "measure": measure,
            "measure_label": MEASURES[measure],
            "measures": MEASURES,
            "months": months,
        },
    )


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if today.year - 5 <= year <= today.year + 5 else today.year
