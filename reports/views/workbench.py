"""Each role's home page: the day's agenda, the pipeline with charts, the team."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opportunities.models import OpportunityStatus
from reports import charts
from reports import workbench as wb
from reports.loaders.forecast import committed_threshold, forecast_months
from reports.loaders.funnel import open_stages, snapshot
from reports.loaders.people import rep_rows, team_rows
from reports.metrics.periods import Preset, month_end, resolve
from reports.scope import Scope
from reports.views.forecast import month_links
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
    teams = Team.objects.none()
    reps, team_totals = [], []
    if user.is_manager or user.is_admin:
        reps = [_with_links(scope, row) for row in rep_rows(scope, now)]
        reps = [r for r in reps if r.open_deals or r.won or r.lost or r.follow_ups]
        if user.is_admin:
            team_totals = [
                _with_links(scope, row, "team")
                for row in team_rows(reps)
                if row.person is not None
            ]
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
            "pipeline": wb.pipeline(user, now),
            "pipeline_links": {
                "open": scope.deal_list_url(status=OpportunityStatus.OPEN),
                "stale": scope.deal_list_url(state="stale"),
            },
            "reps": reps,
            "team_totals": team_totals,
            "receivables": wb.receivables(user, today),
            "contracts_to_approve": wb.contracts_to_approve(user),
            "stale_days": ReminderSettings.load().stale_after_days,
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


def _with_links(scope: Scope, row, kind: str = "owner"):
    """Links from a person's (or with kind="team", a team's) counts to their lists."""
    who = {kind: row.person.pk}
    report = (
        f"?period=this_month&{'rep' if kind == 'owner' else 'team'}={row.person.pk}"
    )
    first = scope.period.start.isoformat()
    last = month_end(scope.period.start).isoformat()
    closed = {"closed_after": first, "closed_before": last}
    row.links = {
        "report": reverse("reports:funnel") + report,
        "open": scope.deal_list_url(status=OpportunityStatus.OPEN, **who),
        "won": scope.deal_list_url(status=OpportunityStatus.WON, **who, **closed),
        "closed": scope.deal_list_url(**who, **closed),
        "overdue": scope.deal_list_url(state="overdue", **who),
        "stale": scope.deal_list_url(state="stale", **who),
        "follow_ups": reverse("reports:activity") + report,
    }
    return row
