"""Calibration: stage percentages against the win rate of deals that reached them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from reports.loaders.calibration import closed_outcomes_by_team
from reports.loaders.funnel import open_stages
from reports.metrics.calibration import MIN_CLOSED, calibration
from reports.metrics.funnel import StageInfo
from reports.metrics.periods import Preset
from reports.scope import scope_from_request
from reports.views.common import render_report
from users.models import Team


@login_required
@require_GET
def calibration_report(request: HttpRequest) -> HttpResponse:
    """The deals the viewer sees, in all and per team (two queries and stages)."""
    form, scope = scope_from_request(request, default_period=Preset.THIS_YEAR)
    form.show_rep = False
    stages = open_stages()
    configured = [(StageInfo(s.pk, s.order), s.percentage) for s in stages]
    by_team = closed_outcomes_by_team(scope)
    names = dict(
        Team.objects.filter(pk__in=[t for t in by_team if t]).values_list("pk", "name")
    )
    by_id = {stage.pk: stage for stage in stages}
    is_admin = request.user.is_admin

    def table(rows) -> list[dict]:
        return [
            {
                "stage": by_id[row.stage_id],
                "row": row,
                "admin_link": (
                    reverse("admin:opportunities_stage_change", args=[row.stage_id])
                    if is_admin
                    else ""
                ),
            }
            for row in calibration(configured, rows)
        ]

    company = table([row for rows in by_team.values() for row in rows])
    teams = sorted(
        ((names.get(team_id), table(rows)) for team_id, rows in by_team.items()),
        key=lambda item: str(item[0] or ""),
    )
    return render_report(
        request,
        "reports/calibration.html",
        form,
        scope,
        {
            "company": company,
            "teams": teams if len(teams) > 1 else [],
            "show_suggestion": is_admin,
            "min_closed": MIN_CLOSED,
        },
    )
