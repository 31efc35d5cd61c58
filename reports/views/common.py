"""What every report page shares: its filter, its export and its links."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reports.scope import Scope
from users.spreadsheets.exporting import ExportColumn, export_response


@dataclass(frozen=True)
class ReportLink:
    name: str
    label: str | Promise
    icon: str
    summary: str | Promise


REPORTS = [
    ReportLink(
        "funnel",
        _("Funnel"),
        "bi-funnel",
        _("Deals at each stage now, and how far the period's new deals got."),
    ),
    ReportLink(
        "forecast",
        _("Forecast"),
        "bi-graph-up-arrow",
        _("Expected wins for the next six months, and how right past forecasts were."),
    ),
    ReportLink(
        "performance",
        _("Performance"),
        "bi-trophy",
        _("Won, contracted and received amounts against targets."),
    ),
    ReportLink(
        "activity",
        _("Sales behaviour"),
        "bi-telephone-outbound",
        _("Follow-ups by person and kind, fresh deals, and leads by source."),
    ),
    ReportLink(
        "losses",
        _("Losses"),
        "bi-x-octagon",
        _("Lost deals by reason, stage, competitor and person."),
    ),
    ReportLink(
        "coaching",
        _("Coaching"),
        "bi-person-up",
        _("Each salesperson against their team: the weakest stage and hygiene."),
    ),
    ReportLink(
        "calibration",
        _("Calibration"),
        "bi-bullseye",
        _("Each stage's percentage against how often its deals were really won."),
    ),
]


@dataclass(frozen=True)
class Table:
    """A report table as a file: its rows and the columns of each row."""

    stem: str
    rows: Iterable
    columns: Sequence[ExportColumn]


# A company of a thousand people reads a report's people a page at a time.
PEOPLE_PER_PAGE = 50


def people_page(request: HttpRequest, rows: Sequence) -> Page:
    """The page of a report's per-person rows the request asks for (`?page=`)."""
    return Paginator(rows, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))


def export_if_asked(
    request: HttpRequest, tables: dict[str, Callable[[], Table]]
) -> HttpResponse | None:
    """`?export=<table>&format=csv|xlsx` answers with that table's file."""
    name = request.GET.get("export")
    if not name:
        return None
    if name not in tables:
        raise Http404
    table = tables[name]()
    return export_response(request, table.rows, table.columns, stem=table.stem)


def render_report(
    request: HttpRequest, template: str, form, scope: Scope, context: dict
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "form": form,
            "scope": scope,
            "reports": REPORTS,
            "report_query": scope.report_query(),
            **context,
        },
    )
