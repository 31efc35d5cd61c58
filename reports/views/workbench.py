from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from reports import workbench as wb
from users.models import Team, User


@login_required
def workbench(request):
    """Each role's home page: today's agenda, the pipeline, and a manager's people."""
    user = request.user
    now = timezone.now()
    deals_today, deals_overdue = wb.agenda_deals(user, now)
    teams = Team.objects.none()
    by_owner = []
    if user.is_manager or user.is_admin:
        by_owner = [
            {**row, "name": _display_name(row)} for row in wb.pipeline_by_owner(user)
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
            "leads_due": wb.agenda_leads(user, now),
            "pipeline": wb.pipeline(user, now),
            "pipeline_by_owner": by_owner,
            "receivables": wb.receivables(user, timezone.localdate(now)),
            "contracts_to_approve": wb.contracts_to_approve(user),
            "stale_days": settings.STALE_AFTER_DAYS,
            "now": now,
        },
    )


def _display_name(row: dict) -> str:
    user = User(
        username=row["owner__username"],
        first_name=row["owner__first_name"],
        last_name=row["owner__last_name"],
    )
    return str(user)
