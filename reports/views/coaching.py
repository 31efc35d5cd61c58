"""Coaching: one salesperson against the rest of their team, and the team overview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from opportunities.models import Opportunity, Stage
from reports import charts
from reports.coaching_forms import CoachingNoteForm
from reports.coaching_models import CoachingNote, HygieneSnapshot
from reports.coaching_notes import (
    coaching_note_create,
    coaching_note_mark_followed_up,
    may_coach,
)
from reports.loaders.coaching import (
    Capability,
    benchmark,
    capabilities,
    coached_teams,
    coaching_rows,
    hygiene_rules,
    stage_infos,
    team_deals,
    weakness_for,
)
from reports.loaders.funnel import days_in_stage, open_stages
from reports.metrics.coaching import MIN_REACHED
from reports.metrics.funnel import median_from_histogram
from reports.metrics.hygiene import Part
from reports.metrics.periods import Preset
from reports.scope import scope_from_request
from reports.views.common import render_report
from users.visibility import visible_users

NOTES_SHOWN = 20
TEAMS_PER_PAGE = 5
TREND_WEEKS = 12
PART_LABELS = {
    Part.FUTURE_CONTACT: _("Open deals with a next contact ahead"),
    Part.NOT_OVERDUE: _("Open deals without an overdue contact"),
    Part.RECENT_CONTACT: _("Recent contact (median days since the last one)"),
    Part.EXPECTED_DATE: _("Open deals not past their expected win date"),
    Part.STAGE_BACKED: _("Open deals whose stage is backed by a met criterion"),
    Part.COMPETITORS: _("Open deals with competitor information"),
    Part.DECISION_MAKER: _(
        "Open deals not missing a decision maker (in stages that need one)"
    ),
}


def coaching_scope(request: HttpRequest):
    """The report filter with the period only: the person is in the URL."""
    form, scope = scope_from_request(request, default_period=Preset.THIS_YEAR)
    form.show_team = form.show_rep = False
    return form, scope


@login_required
@require_GET
def my_capability(request: HttpRequest) -> HttpResponse:
    url = reverse("reports:rep", args=[request.user.pk])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


def visible_person_or_404(viewer, pk: int):
    person = (
        visible_users(viewer, include_inactive=True)
        .filter(pk=pk)
        .select_related("team")
        .first()
    )
    if person is None:
        raise Http404
    return person


@login_required
@require_GET
def rep_capability(request: HttpRequest, pk: int) -> HttpResponse:
    """A salesperson against the rest of their team, and where to improve."""
    person = visible_person_or_404(request.user, pk)
    note_form = CoachingNoteForm() if may_coach(request.user, person) else None
    return rep_page(request, person, note_form)


@login_required
@require_POST
def coaching_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager records what they agreed with a salesperson."""
    person = visible_person_or_404(request.user, pk)
    if not may_coach(request.user, person):
        raise PermissionDenied
    form = CoachingNoteForm(request.POST)
    if not form.is_valid():
        return rep_page(request, person, form, status=400)
    coaching_note_create(
        author=request.user,
        person=person,
        agreed=form.cleaned_data["agreed"],
        follow_up_on=form.cleaned_data["follow_up_on"],
    )
    messages.success(request, _("The note is saved."))
    return redirect(reverse("reports:rep", args=[person.pk]) + "#notes")


@login_required
@require_POST
def coaching_note_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The author marks a follow-up as done; it leaves their overview."""
    note = get_object_or_404(
        CoachingNote.objects.visible_to(request.user).filter(author=request.user),
        pk=pk,
    )
    coaching_note_mark_followed_up(note=note)
    return redirect("reports:coaching")


def rep_page(request: HttpRequest, person, note_form, status: int = 200):
    form, scope = coaching_scope(request)
    now = timezone.now()
    stages = open_stages()
    infos = stage_infos(stages)
    teammates = (
        list(person.team.members.values_list("pk", flat=True))
        if person.team_id
        else [person.pk]
    )
    deals = team_deals({person.team_id} - {None}, [person.pk])
    by_owner = capabilities(deals, scope, stages, now)
    mine = by_owner.get(person.pk, Capability())
    team = benchmark(by_owner, teammates, excluding=person.pk)
    cohort = deals.filter(created_at__gte=scope.since, created_at__lt=scope.until)
    rep_days = days_in_stage(cohort.filter(owner=person), stages)
    team_days = days_in_stage(
        cohort.filter(owner__in=teammates).exclude(owner=person), stages
    )
    rep_rates, team_rates = mine.rates(infos), team.rates(infos)
    weakness = weakness_for(mine, team, infos)
    by_id = {stage.pk: stage for stage in stages}
    rows = [
        {
            "stage": by_id[r.stage_id],
            "reached": r.reached,
            "conversion": r.conversion,
            "team_reached": t.reached,
            "team_conversion": t.conversion,
            "median_days": median_of(rep_days, r.stage_id),
            "team_median_days": median_of(team_days, r.stage_id),
            "weakest": weakness is not None and weakness.stage_id == r.stage_id,
        }
        for r, t in zip(rep_rates, team_rates, strict=True)
    ]
    weak_stage, work_on = None, []
    if weakness is not None:
        weak_stage = (
            Stage.objects.prefetch_related("criteria").filter(pk=weakness.stage_id)
        ).first()
        work_on = list(
            Opportunity.objects.visible_to(request.user)
            .open()
            .filter(owner=person, stage_id=weakness.stage_id)
            .select_related("customer")
            .order_by("-amount", "pk")[:20]
        )
    rules = hygiene_rules(stages)
    mine_hygiene, team_hygiene = mine.hygiene(rules), team.hygiene(rules)
    trend = list(
        HygieneSnapshot.objects.filter(person=person).order_by("-week")[:TREND_WEEKS]
    )[::-1]
    response = render_report(
        request,
        "reports/rep_capability.html",
        form,
        scope,
        {
            "note_form": note_form,
            "trend": trend,
            "trend_chart": charts.bars(
                [date_format(point.week, "SHORT_DATE_FORMAT") for point in trend],
                charts.series(
                    _("Hygiene score"),
                    [point.score for point in trend],
                    kind="line",
                    unit="number",
                ),
            ),
            "notes": CoachingNote.objects.visible_to(request.user)
            .filter(person=person)
            .select_related("author")[:NOTES_SHOWN],
            "person": person,
            "is_me": person.pk == request.user.pk,
            "has_team": len(teammates) > 1,
            "rows": rows,
            "mine": mine.results(),
            "team": team.results(),
            "mine_velocity": mine.velocity(),
            "team_velocity": team.velocity(),
            "mine_qualified": mine.qualified,
            "mine_hygiene": mine_hygiene,
            "team_hygiene": team_hygiene,
            "hygiene_parts": zip_parts(mine_hygiene, team_hygiene),
            "weakness": weakness,
            "weak_stage": weak_stage,
            "work_on": work_on,
            "min_reached": MIN_REACHED,
            "open_link": scope.deal_list_url(owner=person.pk, status="open"),
            "chart": charts.bars(
                [stage.name for stage in stages],
                charts.series(
                    person.get_full_name() or person.username,
                    [r["conversion"] for r in rows],
                    unit="percent",
                ),
                charts.series(
                    _("Rest of the team"),
                    [r["team_conversion"] for r in rows],
                    unit="percent",
                ),
                horizontal=True,
            ),
        },
    )
    response.status_code = status
    return response


def median_of(days, stage_id: int) -> float | None:
    return median_from_histogram(
        (row.days, row.count) for row in days if row.stage_id == stage_id
    )


def zip_parts(mine, team) -> list[dict]:
    return [
        {"label": PART_LABELS[part], "mine": value, "team": team.parts.get(part)}
        for part, value in mine.parts.items()
    ]


SORTS = {
    "name": lambda row: str(row.person),
    "hygiene": lambda row: row.hygiene.score,
    "win_rate": lambda row: row.results.win_rate,
    "velocity": lambda row: row.velocity,
    "risk": lambda row: row.weakness.expected_loss if row.weakness else None,
}


def sorted_rows(rows: list, sort: str) -> list:
    """Rows sorted by a column, `-column` descending; empty figures last."""
    key = SORTS.get(sort.lstrip("-"), SORTS["name"])
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    return sorted(present, key=key, reverse=sort.startswith("-")) + missing


@login_required
@require_GET
def coaching_overview(request: HttpRequest) -> HttpResponse:
    """One row per salesperson a manager coaches, per team; sortable."""
    if not (request.user.is_manager or request.user.is_admin):
        return my_capability(request)
    form, scope = scope_from_request(request, default_period=Preset.THIS_YEAR)
    form.show_rep = False
    sort = request.GET.get("sort", "-risk")
    # A few teams a page: each person is measured against their whole team,
    # so a page reads only the deals of the teams it shows.
    page = Paginator(coached_teams(scope), TEAMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # People with no open deal and none created in the period have nothing
    # to coach on (a manager without deals of their own, say).
    rows = [
        row
        for row in coaching_rows(
            scope, open_stages(), timezone.now(), teams=list(page.object_list)
        )
        if row.open_deals or row.results.won or row.results.lost or row.created
    ]
    teams: dict = {}
    for row in sorted_rows(rows, sort):
        teams.setdefault(row.person.team, []).append(row)
    return render_report(
        request,
        "reports/coaching_overview.html",
        form,
        scope,
        {
            "teams": sorted(teams.items(), key=lambda item: str(item[0] or "")),
            "sort": sort,
            "page_obj": page,
            "query_without_sort": query_without(request, "sort"),
            "follow_ups": CoachingNote.objects.visible_to(request.user).follow_ups_due(
                request.user, timezone.localdate()
            )[:NOTES_SHOWN],
            "min_reached": MIN_REACHED,
        },
    )


def query_without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()
