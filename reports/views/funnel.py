"""The funnel report: the live snapshot per stage and the flow over the period."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from opportunities.models import OpportunityStatus
from reports import charts
from reports.loaders.funnel import open_stages, period_flow, snapshot
from reports.scope import scope_from_request
from reports.views.common import Table, export_if_asked, render_report
from users.spreadsheets.exporting import ExportColumn


@login_required
@require_GET
def funnel_report(request: HttpRequest) -> HttpResponse:
    form, scope = scope_from_request(request)
    stages = open_stages()
    now_rows = snapshot(scope, stages)
    flow = period_flow(scope, stages)
    created = {
        "created_after": scope.period.start.isoformat(),
        "created_before": scope.period.end.isoformat(),
    }
    now_table = [
        {
            "stage": row.stage,
            "deals": row.deals,
            "amount": row.amount,
            "weighted": row.weighted,
            "link": scope.deal_list_url(
                status=OpportunityStatus.OPEN, stage=row.stage.pk
            ),
        }
        for row in now_rows
    ]
    names = {stage.pk: stage for stage in stages}
    flow_table = [
        {
            "stage": names[step.stage_id],
            "reached": step.reached,
            "amount": step.amount,
            "conversion": step.conversion,
            "median_days": step.median_days,
            "link": scope.deal_list_url(reached=step.stage_id, **created),
        }
        for step in flow.steps
    ]
    response = export_if_asked(
        request,
        {
            "now": lambda: Table("funnel-now", now_table, NOW_COLUMNS),
            "flow": lambda: Table("funnel-flow", flow_table, FLOW_COLUMNS),
        },
    )
    if response:
        return response
    won_link = scope.deal_list_url(status=OpportunityStatus.WON, **created)
    return render_report(
        request,
        "reports/funnel.html",
        form,
        scope,
        {
            "now_table": now_table,
            "now_total": {
                "deals": sum(r["deals"] for r in now_table),
                "amount": sum(r["amount"] for r in now_table),
                "weighted": sum(r["weighted"] for r in now_table),
                "link": scope.deal_list_url(status=OpportunityStatus.OPEN),
            },
            "flow_table": flow_table,
            "flow": flow,
            "created_link": scope.deal_list_url(**created),
            "won_link": won_link,
            "open_link": scope.deal_list_url(status=OpportunityStatus.OPEN, **created),
            "lost_link": scope.deal_list_url(status=OpportunityStatus.LOST, **created),
            "now_chart": charts.funnel(
                [
                    (r["stage"].name, r["deals"], r["amount"], r["link"])
                    for r in now_table
                ]
            ),
            "flow_chart": charts.bars(
                [r["stage"].name for r in flow_table] + [_("Won")],
                charts.series(
                    _("Deals that reached the stage"),
                    [r["reached"] for r in flow_table] + [flow.won],
                    links=[r["link"] for r in flow_table] + [won_link],
                    unit="number",
                ),
                charts.series(
                    _("Conversion to the next stage"),
                    [r["conversion"] for r in flow_table] + [None],
                    kind="line",
                    unit="percent",
                    axis=1,
                ),
            ),
        },
    )


NOW_COLUMNS = (
    ExportColumn(_("Stage"), lambda r: r["stage"].name),
    ExportColumn(_("Open deals"), lambda r: r["deals"]),
    ExportColumn(_("Amount"), lambda r: r["amount"]),
    ExportColumn(_("Weighted amount"), lambda r: r["weighted"]),
)
FLOW_COLUMNS = (
    ExportColumn(_("Stage"), lambda r: r["stage"].name),
    ExportColumn(_("Deals that reached the stage"), lambda r: r["reached"]),
    ExportColumn(_("Amount"), lambda r: r["amount"]),
    ExportColumn(_("Conversion to the next stage"), lambda r: r["conversion"]),
    ExportColumn(_("Median days in stage"), lambda r: r["median_days"]),
)
