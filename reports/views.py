from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render

from users.models import Team, User


@login_required
def workbench(request):
    """Each role's home page: what to do today, and for managers, their people."""
    user = request.user
    teams = (
        user.managed_teams.prefetch_related(
            Prefetch(
                "members",
                queryset=User.objects.filter(is_active=True).order_by("username"),
            )
        )
        if user.is_manager
        else Team.objects.none()
    )
    return render(request, "reports/workbench.html", {"managed_teams": teams})
