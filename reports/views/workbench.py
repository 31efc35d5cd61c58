"""Each role's home page: the day's agenda, the pipeline with charts, the team."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opportunities.models import OpportunityStatus
from reports import charts
from reports import workbench as wb
from reports.loaders.forecast import committed_threshold, forecast_months
from reports.loaders.funnel import open_stages, snapshot
from reports.metrics.periods import Preset, resolve
from reports.scope import Scope
from reports.views.forecast import month_links
from reports.views.workbench_people import people_section
from users.models import ReminderSettings, Team, User


@login_required
def workbench(request):
    """Each role's home page: today's agenda, the pipeline, and a manager's people."""
    user = request.user
    now = timezone.now()
    today = timezone.localdate(now)
    deals_today, deals_overdue = wb.agenda_deals(user, now)
    counts = wb.contact_counts(user, now)
    leads_due = list(wb.agenda_leads(user, now))
    for lead in leads_due:
        lead.contact_overdue = lead.is_overdue_at(now)
    scope = Scope(user, resolve(Preset.THIS_MONTH, today), Preset.THIS_MONTH)
    stale_days = ReminderSettings.load().stale_after_days
    teams = Team.objects.none()
    if user.is_manager:
        teams = user.managed_teams.prefetch_related(
            Prefetch(
                "members",
                queryset=User.objects.filter(is_active=True).order_by("username"),
            )
        )
    return render(
        request,
        "reports/workbench.html",
        {
            "managed_teams": teams,
            "deals_today": deals_today,
            "deals_overdue": deals_overdue,
            "today_count": counts["today"],
            "overdue_count": counts["overdue"],
            "leads_due": leads_due,
            "pipeline": wb.pipeline(user, now, stale_days),
            "pipeline_links": {
                "open": scope.deal_list_url(status=OpportunityStatus.OPEN),
                "stale": scope.deal_list_url(state="stale"),
            },
            **people_section(request, scope, now, stale_days),
            "receivables": wb.receivables(user, today),
            "contracts_to_approve": wb.contracts_to_approve(user),
            "stale_days": stale_days,
            "now": now,
            **_charts(scope, today),
        },
    )


def _charts(scope: Scope, today) -> dict:
    """The viewer's funnel now, and this month's forecast against target."""
    stages = open_stages()
    funnel_rows = snapshot(scope, stages)
    threshold = committed_threshold()
    (month,) = forecast_months(scope, [today.replace(day=1)], threshold)
    links = month_links(scope, month.month, threshold)
    labels = [
        _("Weighted"),
        _("Committed"),
        _("Best case"),
        _("Won so far"),
        _("Target"),
    ]
    return {
        "has_open_deals": any(row.deals for row in funnel_rows),
        "funnel_chart": charts.funnel(
            [
                (
                    row.stage.name,
                    row.deals,
                    row.amount,
                    scope.deal_list_url(
                        status=OpportunityStatus.OPEN, stage=row.stage.pk
                    ),
                )
                for row in funnel_rows
            ]
        ),
        "month": month,
        "month_links": links,
        "month_chart": charts.bars(
            labels,
            charts.series(
                _("This month"),
                [
                    month.weighted,
                    month.committed,
                    month.best_case,
                    month.won,
                    month.target,
                ],
                links=[
                    links["open"],
                    links["committed"],
                    links["open"],
                    links["won"],
                    "",
                ],
            ),
            horizontal=True,
        ),
    }
