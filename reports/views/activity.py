"""The sales behaviour report: follow-ups, fresh deals and leads by source."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from leads.classification import ActivityKind
from leads.models import LeadStatus
from opportunities.models import OpportunityStatus
from reports import charts
from reports.loaders.activity import (
    TOUCH_WINDOWS,
    by_person_and_kind,
    by_week_and_kind,
    leads_by_source,
    touched,
    touched_since,
)
from reports.metrics.behaviour import grid, per_deal, share, week_starts
from reports.scope import scope_from_request
from reports.views.common import Table, export_if_asked, people_page, render_report
from users.spreadsheets.exporting import ExportColumn

NO_DEALS = {"open": 0, "d7": 0, "d14": 0}


@login_required
@require_GET
def activity_report(request: HttpRequest) -> HttpResponse:
    form, scope = scope_from_request(request)
    now = timezone.now()
    kinds = list(ActivityKind)
    kind_labels = [kind.label for kind in kinds]
    people = list(scope.people().filter(is_active=True).select_related("team"))
    counts = by_person_and_kind(scope)
    matrix = grid(
        [(kind, person, n) for person, kind, n in counts],
        [k.value for k in kinds],
        [p.pk for p in people],
    )
    today = timezone.localdate(now)
    fresh = touched(scope, today)
    # Everyone with follow-ups or open deals; their links only for the rows shown.
    active = [
        (person, row, fresh.get(person.pk, NO_DEALS))
        for person, row in zip(people, matrix, strict=True)
        if sum(row) or fresh.get(person.pk, NO_DEALS)["open"]
    ]
    sources = leads_by_source(scope)
    source_rows = [
        {"row": row, "links": _lead_links(scope, row.source)} for row in sources
    ]

    def person_rows(entries) -> list[dict]:
        return [_person_row(scope, today, kind_labels, *entry) for entry in entries]

    response = export_if_asked(
        request,
        {
            "people": lambda: Table(
                "follow-ups", person_rows(active), _person_columns(kinds)
            ),
            "sources": lambda: Table("leads-by-source", sources, SOURCE_COLUMNS),
        },
    )
    if response:
        return response
    page = people_page(request, active)
    shown = person_rows(page.object_list)
    weeks = week_starts(scope.period.start, scope.period.end)
    weekly = grid(by_week_and_kind(scope), weeks, [k.value for k in kinds])
    return render_report(
        request,
        "reports/activity.html",
        form,
        scope,
        {
            "kinds": kind_labels,
            "person_rows": shown,
            "page_obj": page,
            "source_rows": source_rows,
            "windows": TOUCH_WINDOWS,
            "week_chart": charts.bars(
                [week.strftime("%m-%d") for week in weeks],
                *(
                    charts.series(label, weekly[i], unit="number", stack="kinds")
                    for i, label in enumerate(kind_labels)
                ),
            ),
            "heatmap": charts.heatmap(
                kind_labels,
                [str(r["person"]) for r in shown],
                [r["by_kind"] for r in shown],
            ),
            "source_chart": charts.bars(
                [r.label for r in sources],
                charts.series(
                    _("New leads"),
                    [r.leads for r in sources],
                    links=[r["links"]["all"] for r in source_rows],
                    unit="number",
                ),
                charts.series(
                    _("Converted"),
                    [r.converted for r in sources],
                    links=[r["links"]["converted"] for r in source_rows],
                    unit="number",
                ),
                charts.series(_("Won"), [r.won for r in sources], unit="number"),
            ),
        },
    )


def _person_row(scope, today, kind_labels, person, row, deals) -> dict:
    total = sum(row)
    return {
        "person": person,
        "by_kind": row,
        "kind_cells": list(zip(kind_labels, row, strict=True)),
        "total": total,
        "open": deals["open"],
        "per_deal": per_deal(total, deals["open"]),
        "windows": [
            {
                "days": days,
                "count": deals[f"d{days}"],
                "share": share(deals[f"d{days}"], deals["open"]),
                "link": scope.deal_list_url(
                    status=OpportunityStatus.OPEN,
                    owner=person.pk,
                    last_contact_after=touched_since(today, days).isoformat(),
                ),
            }
            for days in TOUCH_WINDOWS
        ],
        "open_link": scope.deal_list_url(
            status=OpportunityStatus.OPEN, owner=person.pk
        ),
    }


def _lead_links(scope, source: str) -> dict[str, str]:
    params = {
        **scope.filter_params(),
        "source": source,
        "created_after": scope.period.start.isoformat(),
        "created_before": scope.period.end.isoformat(),
    }
    base = reverse("leads:list") + "?"
    return {
        "all": base + urlencode(params),
        "converted": base + urlencode({**params, "status": LeadStatus.CONVERTED}),
    }


def _person_columns(kinds) -> tuple:
    return (
        ExportColumn(_("Salesperson"), lambda r: str(r["person"])),
        *(
            ExportColumn(kind.label, lambda r, i=i: r["by_kind"][i])
            for i, kind in enumerate(kinds)
        ),
        ExportColumn(_("Follow-ups"), lambda r: r["total"]),
        ExportColumn(_("Open deals"), lambda r: r["open"]),
        ExportColumn(_("Follow-ups per open deal"), lambda r: r["per_deal"]),
        ExportColumn(_("Touched in 7 days"), lambda r: r["windows"][0]["share"]),
        ExportColumn(_("Touched in 14 days"), lambda r: r["windows"][1]["share"]),
    )


SOURCE_COLUMNS = (
    ExportColumn(_("Source"), lambda r: r.label),
    ExportColumn(_("New leads"), lambda r: r.leads),
    ExportColumn(_("Converted"), lambda r: r.converted),
    ExportColumn(_("Won"), lambda r: r.won),
)
