from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from users.filters import owner_label, people_matching
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


@login_required
def people_search(request):
    """`?q=`: the people the viewer may filter by whose name contains it, as
    JSON for the owner filter's search (static/js/person-search.js);
    `&active=1` for someone to assign to, among those who have not left."""
    people = people_matching(
        request.user,
        request.GET.get("q", "")[:100],
        active_only=request.GET.get("active") == "1",
    )
    results = [
        {
            "value": str(person.pk),
            "text": str(owner_label(person)),
            "username": person.username,
            "team": person.team.name if person.team_id else "",
        }
        for person in people
    ]
    return JsonResponse({"results": results})
