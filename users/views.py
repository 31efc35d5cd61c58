from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from users.forms import ProfileForm


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("users:profile")
    team_managers = user.team.managers.all() if user.team_id else []
    return render(
        request,
        "users/user_profile.html",
        {
            "form": form,
            "team_managers": team_managers,
            "managed_teams": user.managed_teams.all(),
        },
    )
