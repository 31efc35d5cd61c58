"""The workbench's people: a manager's teams a level at a time, people a page at a time.

The figures are counted for everyone the viewer sees in one grouped query
each (so the rows can be sorted and added up), but only one level of teams
and one page of people are shown: a regional director opens on their ten
teams and the 25 people with the most overdue contacts, and a team's name
opens its own teams and people (`?team=`).
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opportunities.models import OpportunityStatus
from reports.loaders.people import (
    DEFAULT_SORT,
    SORTS,
    RepRow,
    branch_rows,
    rep_rows,
    sorted_rows,
    total_row,
)
from reports.metrics.periods import Preset, month_end
from reports.scope import Scope
from users.models import Team
from users.team_tree import ancestor_ids, branch_of, level_below
from users.visibility import managed_team_ids

PER_PAGE = 25


def people_section(request, scope: Scope, now, stale_days: int) -> dict:
    """The context of the teams table and the page of people (managers only)."""
    user = request.user
    if not (user.is_manager or user.is_admin):
        return {"reps": [], "team_totals": []}
    tree = {team.pk: team for team in Team.objects.only("name", "parent_id")}
    parent_of = {pk: team.parent_id for pk, team in tree.items()}
    visible = set(tree) if user.is_admin else managed_team_ids(user)
    chosen = chosen_team(request, visible)
    node, parts = level_below(parent_of, visible, chosen)
    scope = Scope(user, scope.period, scope.preset, team=tree.get(chosen))
    # People with nothing open, closed or logged this month are left out.
    rows = [
        row
        for row in rep_rows(scope, now, stale_days)
        if row.open_deals or row.won or row.lost or row.follow_ups
    ]
    teams = sorted((tree[pk] for pk in parts), key=str)
    team_totals = branch_rows(rows, teams, branch_of(parent_of, parts))
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") not in SORTS:
        sort = DEFAULT_SORT
    page = Paginator(sorted_rows(rows, sort), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    for row in team_totals:
        with_links(scope, row, "team")
        query["team"] = str(row.person.pk)
        row.links["people"] = f"{reverse('home')}?{query.urlencode()}#people"
    trail = [tree[pk] for pk in reversed(ancestor_ids(parent_of, chosen))]
    return {
        "reps": [with_links(scope, row) for row in page],
        "people_page": page,
        "people_total": with_links(scope, total_row(_("Everyone"), rows), None),
        "team_totals": team_totals,
        "people_team": tree.get(node),
        "people_trail": [team for team in trail if team.pk in visible],
        "chosen_team": tree.get(chosen),
        "sort": sort,
    }


def chosen_team(request, visible: set[int]) -> int | None:
    """The `?team=` the people are narrowed to; a team not seen is 404."""
    value = request.GET.get("team")
    if not value:
        return None
    try:
        team = int(value)
    except ValueError:
        raise Http404 from None
    if team not in visible:
        raise Http404
    return team


def with_links(scope: Scope, row: RepRow, kind: str | None = "owner") -> RepRow:
    """Links from a person's (kind="team": a team's; None: the total's) counts.

    Each opens the list or report of exactly the deals behind the figure.
    """
    who = {kind: row.person.pk} if kind else {}
    report = {"period": Preset.THIS_MONTH.value}
    if scope.team is not None:
        report["team"] = scope.team.pk
    if kind:
        report["rep" if kind == "owner" else "team"] = row.person.pk
    report = "?" + urlencode(report)
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
