"""The forecast report: the next six months, and how right past forecasts were."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from opportunities.models import OpportunityStatus
from reports import charts
from reports.loaders.forecast import (
    accuracy_by_month,
    accuracy_by_person,
    committed_threshold,
    forecast_months,
    months_ahead,
)
from reports.metrics.forecast import by_quarter
from reports.metrics.periods import month_end
from reports.scope import Scope, scope_from_request
from reports.views.common import Table, export_if_asked, people_page, render_report
from users.models import User
from users.spreadsheets.exporting import ExportColumn


def month_links(scope: Scope, month, threshold) -> dict[str, str]:
    """The deal lists behind one month's figures."""
    expected = {
        "status": OpportunityStatus.OPEN,
        "expected_win_after": month.isoformat(),
        "expected_win_before": month_end(month).isoformat(),
    }
    return {
        "open": scope.deal_list_url(**expected),
        "committed": scope.deal_list_url(
            **expected, min_probability=f"{threshold * 100:g}"
        ),
        "won": scope.deal_list_url(
            status=OpportunityStatus.WON,
            closed_after=month.isoformat(),
            closed_before=month_end(month).isoformat(),
        ),
    }


@login_required
@require_GET
def forecast_report(request: HttpRequest) -> HttpResponse:
    form, scope = scope_from_request(request)
    today = timezone.localdate()
    threshold = committed_threshold()
    months = forecast_months(scope, months_ahead(today), threshold)
    rows = [{"row": m, "links": month_links(scope, m.month, threshold)} for m in months]
    quarters = by_quarter(months)
    accuracy = accuracy_by_month(scope, today)
    people = accuracy_by_person(scope, today)

    def people_rows(rows) -> list[dict]:
        names = {u.pk: u for u in User.objects.filter(pk__in=[r.key for r in rows])}
        return [{"person": names[r.key], "row": r} for r in rows]

    response = export_if_asked(
        request,
        {
            "months": lambda: Table("forecast", months, MONTH_COLUMNS),
            "accuracy": lambda: Table("forecast-accuracy", accuracy, ACCURACY_COLUMNS),
            "people": lambda: Table(
                "forecast-people", people_rows(people), PERSON_COLUMNS
            ),
        },
    )
    if response:
        return response
    page = people_page(request, people)
    labels = [m.month.strftime("%Y-%m") for m in months]
    return render_report(
        request,
        "reports/forecast.html",
        form,
        scope,
        {
            "rows": rows,
            "quarters": quarters,
            "threshold": threshold,
            "accuracy": accuracy,
            "people_rows": people_rows(page.object_list),
            "page_obj": page,
            "forecast_chart": charts.bars(
                labels,
                charts.series(
                    _("Weighted"),
                    [m.weighted for m in months],
                    links=[r["links"]["open"] for r in rows],
                ),
                charts.series(
                    _("Committed"),
                    [m.committed for m in months],
                    links=[r["links"]["committed"] for r in rows],
                ),
                charts.series(
                    _("Best case"),
                    [m.best_case for m in months],
                    links=[r["links"]["open"] for r in rows],
                ),
                charts.series(
                    _("Won so far"),
                    [m.won for m in months],
                    links=[r["links"]["won"] for r in rows],
                ),
                charts.series(_("Target"), [m.target for m in months], kind="line"),
            ),
            "accuracy_chart": charts.bars(
                [r.key.strftime("%Y-%m") for r in accuracy],
                charts.series(_("Frozen forecast"), [r.forecast for r in accuracy]),
                charts.series(_("Won"), [r.actual for r in accuracy]),
                charts.series(
                    _("Accuracy"),
                    [r.accuracy for r in accuracy],
                    kind="line",
                    unit="percent",
                    axis=1,
                ),
                charts.series(
                    _("Bias"),
                    [r.bias for r in accuracy],
                    kind="line",
                    unit="percent",
                    axis=1,
                ),
            ),
        },
    )


MONTH_COLUMNS = (
    ExportColumn(_("Month"), lambda m: m.month.strftime("%Y-%m")),
    ExportColumn(_("Open deals"), lambda m: m.deals),
    ExportColumn(_("Weighted"), lambda m: m.weighted),
    ExportColumn(_("Committed"), lambda m: m.committed),
    ExportColumn(_("Best case"), lambda m: m.best_case),
    ExportColumn(_("Won so far"), lambda m: m.won),
    ExportColumn(_("Target"), lambda m: m.target),
)
ACCURACY_COLUMNS = (
    ExportColumn(_("Month"), lambda r: r.key.strftime("%Y-%m")),
    ExportColumn(_("Frozen forecast"), lambda r: r.forecast),
    ExportColumn(_("Won"), lambda r: r.actual),
    ExportColumn(_("Accuracy"), lambda r: round(r.accuracy, 4)),
    ExportColumn(_("Bias"), lambda r: round(r.bias, 4)),
)
PERSON_COLUMNS = (
    ExportColumn(_("Salesperson"), lambda r: str(r["person"])),
    ExportColumn(_("Frozen forecast"), lambda r: r["row"].forecast),
    ExportColumn(_("Won"), lambda r: r["row"].actual),
    ExportColumn(_("Accuracy"), lambda r: round(r["row"].accuracy, 4)),
    ExportColumn(_("Bias"), lambda r: round(r["row"].bias, 4)),
)
