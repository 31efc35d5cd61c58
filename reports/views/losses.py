"""Loss analysis: lost deals by reason, stage, competitor and person."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from opportunities.models import Competitor, OpportunityStatus, Stage
from reports import charts
from reports.loaders import losses
from reports.scope import scope_from_request
from reports.views.common import Table, export_if_asked, render_report
from users.models import User
from users.spreadsheets.exporting import ExportColumn

REASONS_CHARTED = 10
PEOPLE_SHOWN = 20


@login_required
@require_GET
def losses_report(request: HttpRequest) -> HttpResponse:
    form, scope = scope_from_request(request)
    lost = {
        "status": OpportunityStatus.LOST,
        "closed_after": scope.period.start.isoformat(),
        "closed_before": scope.period.end.isoformat(),
    }
    stages = {s.pk: s for s in Stage.objects.all()}
    competitors = dict(Competitor.objects.values_list("pk", "name"))
    person_rows = losses.by_person(scope)

    def table(rows, label, param, none_label="", none_param=None):
        return [
            {
                "label": label(row.key) if row.key is not None else none_label,
                "row": row,
                "link": scope.deal_list_url(
                    **lost,
                    **({param: row.key} if row.key is not None else none_param or {}),
                ),
            }
            for row in rows
        ]

    tables = {
        "reasons": table(losses.by_reason(scope), str, "lost_reason"),
        "stages": table(
            losses.by_stage(scope),
            lambda pk: stages[pk].name,
            "lost_at",
            none_label=_("Not recorded"),
        ),
        "competitors": table(
            losses.by_competitor(scope),
            lambda pk: competitors[pk],
            "competitor",
            none_label=_("No competitor named"),
            none_param={"no_competitor": "true"},
        ),
    }

    def people_table(rows):
        names = {
            u.pk: str(u) for u in User.objects.filter(pk__in=[r.key for r in rows])
        }
        return table(rows, names.__getitem__, "owner")

    exports = {
        name: (lambda n=name, r=rows: Table(f"losses-{n}", r, COLUMNS))
        for name, rows in tables.items()
    }
    exports["people"] = lambda: Table(
        "losses-people", people_table(person_rows), COLUMNS
    )
    response = export_if_asked(request, exports)
    if response:
        return response
    # The card shows those who lost the most; the export has everyone.
    tables["people"] = people_table(person_rows[:PEOPLE_SHOWN])
    total = {
        "deals": sum(r.deals for r in person_rows),
        "amount": sum(r.amount for r in person_rows),
        "link": scope.deal_list_url(**lost),
    }
    return render_report(
        request,
        "reports/losses.html",
        form,
        scope,
        {
            "tables": tables,
            "people_not_shown": max(0, len(person_rows) - PEOPLE_SHOWN),
            "total": total,
            "reason_chart": _chart(tables["reasons"][:REASONS_CHARTED]),
            "stage_chart": _chart(tables["stages"]),
            "competitor_chart": _chart(tables["competitors"]),
        },
    )


def _chart(rows) -> dict:
    return charts.bars(
        [r["label"] for r in rows],
        charts.series(
            _("Lost deals"),
            [r["row"].deals for r in rows],
            links=[r["link"] for r in rows],
            unit="number",
        ),
        horizontal=True,
    )


COLUMNS = (
    ExportColumn(_("Group"), lambda r: r["label"]),
    ExportColumn(_("Lost deals"), lambda r: r["row"].deals),
    ExportColumn(_("Amount"), lambda r: r["row"].amount),
)
