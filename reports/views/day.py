"""My day and my week: the agenda and plan, always current, each contact with
one-tap actions (log a follow-up, reschedule) answered with htmx.

Contract with the rows (`reports/views/day_row_html.py`): each row's root is
`#day-<kind>-<pk>`; both actions answer that row again, with its new next
contact; a follow-up form with errors answers itself, retargeted onto the
row's panel.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from customers.models import Customer
from leads.models import Lead
from opportunities.models import Opportunity
from reports import services
from reports.agenda import DETAIL_URLS, Entry, day_agenda, deal_entries, week_plan
from reports.day_forms import QUICK_CHOICES, QuickFollowUpForm, RescheduleForm
from reports.views.day_row_html import day_rows_html
from users.forms import add_service_errors
from users.listing import pk_url
from users.visibility import get_visible_or_404

RECORDS = {
    "opportunity": lambda: Opportunity.objects.open().select_related("customer"),
    "customer": lambda: Customer.objects.all(),
    "lead": lambda: Lead.objects.open().select_related("owner"),
}
# Sections of deals that also take the contact actions.
DEAL_SECTIONS = {"stale", "past_expected", "wins_week", "wins_month"}


def _with_entries(sections):
    for section in sections:
        if section.key in DEAL_SECTIONS:
            section.rows = deal_entries(section.rows)
    return sections


def with_links(entries) -> None:
    """Each row's page, follow-up and reschedule addresses, from one reverse
    per kind and address (`pk_url`): a salesperson's day holds 150 rows."""
    made = {}
    for entry in entries:
        kind = entry.kind
        if kind not in made:
            made[kind] = {
                "detail": pk_url(DETAIL_URLS[kind]),
                "follow_up": pk_url("reports:follow_up", kind),
                "reschedule": pk_url("reports:reschedule", kind),
            }
        pk = entry.record.pk
        entry.links.update({name: url(pk) for name, url in made[kind].items()})


def _contact_entries(gathered) -> list[Entry]:
    """The rows of a day or week that take the contact actions."""
    rows = [row for section in gathered.sections for row in section.rows]
    for _day, entries in getattr(gathered, "days", ()):
        rows += entries
    return [row for row in rows if isinstance(row, Entry)]


@login_required
def my_day(request: HttpRequest) -> HttpResponse:
    agenda = day_agenda(request.user, timezone.now())
    return _page(request, "reports/my_day.html", agenda=agenda)


@login_required
def my_week(request: HttpRequest) -> HttpResponse:
    plan = week_plan(request.user, timezone.now())
    return _page(request, "reports/my_week.html", plan=plan)


def _page(request: HttpRequest, template: str, **content) -> HttpResponse:
    (gathered,) = content.values()
    sections = _with_entries(gathered.sections)
    with_links(_contact_entries(gathered))
    for section in sections:
        entries = [row for row in section.rows if isinstance(row, Entry)]
        section.rows_html = day_rows_html(entries)
    days = [
        (day, entries, day_rows_html(entries))
        for day, entries in getattr(gathered, "days", ())
    ]
    return render(
        request,
        template,
        {
            **content,
            "sections": sections,
            "days": days,
            "reschedule_choices": QUICK_CHOICES,
        },
    )


def _record(request: HttpRequest, kind: str, pk: int):
    if kind not in RECORDS:
        raise Http404
    return get_visible_or_404(RECORDS[kind](), request.user, pk=pk)


def _row(request, kind: str, record, **marks) -> HttpResponse:
    record.refresh_from_db(fields=["next_contact_at", "last_contact_at"])
    entry = Entry(kind, record, record.next_contact_at)
    with_links([entry])
    return HttpResponse(day_rows_html([entry], **marks))


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    record = _record(request, kind, pk)
    form = QuickFollowUpForm(
        request.POST or None, auto_id=f"id_{kind}{pk}_%s", initial={"when": ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_log_follow_up(
                record=record,
                by=request.user,
                kind=form.cleaned_data["kind"],
                summary=form.cleaned_data["summary"],
                next_contact_at=form.cleaned_data["next_contact_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = _row(request, kind, record, done="logged")
            response["HX-Trigger"] = "activityLogged"
            return response
    entry = Entry(kind, record, record.next_contact_at)
    response = render(
        request, "reports/_day_follow_up.html", {"entry": entry, "form": form}
    )
    if request.method == "POST":
        panel = f"#day-{kind}-{pk} [data-role=panel]"
        response = reswap(retarget(response, panel), "innerHTML")
    return response


@login_required
@require_POST
def reschedule(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    record = _record(request, kind, pk)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            services.contact_reschedule(
                record=record,
                when=form.cleaned_data["next_contact_at"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _row(request, kind, record, done="rescheduled")
    return _row(request, kind, record, reschedule_form=form)
