"""Lead pages: the list, the shared pool, create/edit, detail and the lead moves."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from leads import services
from leads.filters import DEFAULT_SORT, LIST_SORTS, POOL_SORTS, LeadFilter
from leads.forms import (
    LeadActivityForm,
    LeadAssignForm,
    LeadBulkAssignForm,
    LeadForm,
    LeadStatusForm,
)
from leads.models import Lead
from leads.scoring import COMPLETENESS_FIELDS, LeadFacts, lead_score
from leads.views.list_row_html import lead_rows_html, pool_rows_html
from users.change_history import change_history
from users.forms import add_service_errors
from users.listing import paginate, sort_queryset
from users.versioning import save_versioned
from users.visibility import get_visible_or_404

HISTORY_SHOWN = 50
# As on customer and deal pages: the latest follow-ups, not years of them.
TIMELINE_LENGTH = 20
# The creator is set once; a conversion already shows as its status change.
HISTORY_EXCLUDED = ("created_by", "converted_at")


def _can_assign(user) -> bool:
    return user.is_manager or user.is_admin


def _next_url(request: HttpRequest, default: str) -> str:
    """The `next` field of a POST when it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _with_may_log(leads, user) -> list[Lead]:
    """Mark the leads whose row offers a quick follow-up: not pool leads a
    salesperson must claim first. The form itself is fetched when a row's
    button first opens it (`lead_followup_form`)."""
    rows = list(leads)
    for lead in rows:
        lead.may_log = lead.may_change(user)
    return rows


def _refuse_unclaimed(request: HttpRequest, lead: Lead) -> HttpResponse | None:
    """Send a salesperson back to a pool lead's page: they must claim it first."""
    if lead.may_change(request.user):
        return None
    messages.error(request, services.POOL_READ_ONLY)
    detail = reverse("leads:detail", args=[lead.pk])
    # An htmx form would swap the whole page into its target: reload instead.
    return HttpResponseClientRedirect(detail) if request.htmx else redirect(detail)


@login_required
def lead_list(request: HttpRequest) -> HttpResponse:
    leads = Lead.objects.visible_to(request.user).select_related("owner")
    filterset = LeadFilter(request.GET, queryset=leads, request=request)
    ordered, sort = sort_queryset(request, filterset.qs, LIST_SORTS, DEFAULT_SORT)
    page_obj = paginate(request, ordered)
    can_assign = _can_assign(request.user)
    leads = _with_may_log(page_obj.object_list, request.user)
    return render(
        request,
        "leads/lead_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "leads": leads,
            "rows_html": lead_rows_html(
                leads,
                request=request,
                can_assign=can_assign,
                next_url=request.get_full_path(),
            ),
            "sort": sort,
            "is_filtered": any(v for k, v in request.GET.items() if k != "sort"),
            "can_assign": can_assign,
            "assign_form": LeadBulkAssignForm(user=request.user)
            if can_assign
            else None,
        },
    )


@login_required
def lead_pool(request: HttpRequest) -> HttpResponse:
    # Every salesperson sees the pool, whoever they are (docs/PRODUCT.md §5).
    leads = Lead.objects.visible_to(request.user).pool()
    filterset = LeadFilter(request.GET, queryset=leads, request=request)
    ordered, sort = sort_queryset(request, filterset.qs, POOL_SORTS, DEFAULT_SORT)
    page_obj = paginate(request, ordered)
    return render(
        request,
        "leads/lead_pool.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "rows_html": pool_rows_html(
                page_obj.object_list,
                request=request,
                next_url=request.get_full_path(),
            ),
            "sort": sort,
            "is_filtered": any(v for k, v in request.GET.items() if k != "sort"),
        },
    )


@login_required
def lead_create(request: HttpRequest) -> HttpResponse:
    form = LeadForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        lead = form.save(commit=False)
        if "owner" not in form.fields:
            lead.owner = request.user
        lead.created_by = request.user
        lead.save()
        messages.success(request, _("Lead “%(name)s” was created.") % {"name": lead})
        return redirect("leads:detail", pk=lead.pk)
    return render(request, "leads/lead_form.html", {"form": form, "lead": None})


@login_required
def lead_update(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_visible_or_404(Lead, request.user, pk=pk)
    if refused := _refuse_unclaimed(request, lead):
        return refused
    form = LeadForm(request.POST or None, instance=lead, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_versioned(form, form.save) is not None
    ):
        messages.success(request, _("Lead “%(name)s” was saved.") % {"name": lead})
        return redirect("leads:detail", pk=lead.pk)
    return render(request, "leads/lead_form.html", {"form": form, "lead": lead})


@dataclass(frozen=True)
class ScorePart:
    label: str
    points: int
    maximum: int
    hint: str


def _score_parts(lead: Lead) -> list[ScorePart]:
    """The score split into its three parts, each computed by `lead_score`."""
    now = timezone.now()
    filled = frozenset(name for name in COMPLETENESS_FIELDS if getattr(lead, name))
    source_only = lead_score(LeadFacts(frozenset(), lead.source, None), now)
    with_fields = lead_score(LeadFacts(filled, lead.source, None), now)
    everything = lead_score(LeadFacts(filled, lead.source, lead.last_contact_at), now)
    missing = [
        str(Lead._meta.get_field(name).verbose_name)
        for name in COMPLETENESS_FIELDS
        if name not in filled
    ]
    return [
        ScorePart(
            _("Completeness"),
            with_fields - source_only,
            40,
            _("Missing: %(fields)s") % {"fields": ", ".join(missing)}
            if missing
            else _("Every key field is filled in."),
        ),
        ScorePart(_("Source"), source_only, 30, lead.get_source_display()),
        ScorePart(
            _("Recent contact"),
            everything - with_fields,
            30,
            _("Full points for a contact within 7 days, fewer up to 90 days."),
        ),
    ]


def _timeline(lead: Lead) -> dict:
    """The latest follow-ups of a lead, and whether older ones were left out."""
    latest = list(
        lead.activities.select_related("logged_by").order_by("-occurred_at", "-id")[
            : TIMELINE_LENGTH + 1
        ]
    )
    return {
        "activities": latest[:TIMELINE_LENGTH],
        "timeline_cut": len(latest) > TIMELINE_LENGTH,
        "timeline_length": TIMELINE_LENGTH,
    }


def _render_detail(
    request: HttpRequest, lead: Lead, activity_form: LeadActivityForm | None = None
) -> HttpResponse:
    can_assign = _can_assign(request.user)
    return render(
        request,
        "leads/lead_detail.html",
        {
            "lead": lead,
            "activity_form": activity_form or LeadActivityForm(),
            **_timeline(lead),
            "score_parts": _score_parts(lead),
            "history": change_history(
                lead, limit=HISTORY_SHOWN, exclude=HISTORY_EXCLUDED
            ),
            "can_assign": can_assign,
            "may_change": lead.may_change(request.user),
            "assign_form": (
                LeadAssignForm(user=request.user, initial={"owner": lead.owner_id})
                if can_assign
                else None
            ),
            "status_choices": LeadStatusForm.base_fields["status"].choices,
        },
    )


@login_required
def lead_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_visible_or_404(
        Lead.objects.select_related("owner", "created_by"), request.user, pk=pk
    )
    return _render_detail(request, lead)


@login_required
@require_GET
def lead_followup_form(request: HttpRequest, pk: int) -> HttpResponse:
    """A list row's quick follow-up form, fetched when the row first opens it."""
    lead = get_visible_or_404(Lead, request.user, pk=pk)
    if refused := _refuse_unclaimed(request, lead):
        return refused
    return render(
        request,
        "leads/_lead_followup_form.html",
        {
            "lead": lead,
            "form": LeadActivityForm(auto_id=f"id_lead{lead.pk}_%s"),
            "next_url": _next_url(request, reverse("leads:list")),
        },
    )


@login_required
@require_POST
def lead_log_activity(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_visible_or_404(Lead.objects.select_related("owner"), request.user, pk=pk)
    if refused := _refuse_unclaimed(request, lead):
        return refused
    as_row = request.POST.get("fragment") == "row"
    form = LeadActivityForm(
        request.POST, auto_id=f"id_lead{lead.pk}_%s" if as_row else "id_%s"
    )
    logged = False
    if form.is_valid():
        try:
            services.lead_log_activity(lead=lead, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logged = True
    if logged and not request.htmx:
        messages.success(request, _("The follow-up was logged."))
        return redirect(_next_url(request, reverse("leads:detail", args=[lead.pk])))
    if logged:
        form = LeadActivityForm(auto_id=form.auto_id)
    elif not request.htmx:
        return _render_detail(request, lead, form)
    if as_row:
        lead.may_log = True
        lead.followup_form = None if logged else form
        return HttpResponse(
            lead_rows_html(
                [lead],
                request=request,
                can_assign=_can_assign(request.user),
                next_url=_next_url(request, reverse("leads:list")),
                logged=logged,
                followup_open=not logged,
            )
        )
    return render(
        request,
        "leads/_activity_timeline.html",
        {
            "lead": lead,
            "activity_form": form,
            **_timeline(lead),
            "score_parts": _score_parts(lead),
            "may_change": True,
            "logged": logged,
            "refresh_facts": logged,
        },
    )


@login_required
@require_POST
def lead_claim(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        lead = get_visible_or_404(Lead, request.user, pk=pk)
    except Http404:
        # Everyone saw a pool lead, so saying that someone took it reveals nothing.
        if not Lead.history.filter(id=pk, owner__isnull=True).exists():
            raise
        messages.error(request, _("Someone else has already claimed this lead."))
        return redirect("leads:pool")
    try:
        services.lead_claim(lead_id=lead.pk, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_next_url(request, "leads:pool"))
    messages.success(
        request, _("Lead “%(name)s” is now yours.") % {"name": lead.company_name}
    )
    return redirect(_next_url(request, reverse("leads:detail", args=[lead.pk])))


@login_required
@require_POST
def lead_return(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_visible_or_404(Lead, request.user, pk=pk)
    if lead.in_pool:
        messages.info(request, _("This lead is already in the shared pool."))
    else:
        try:
            services.lead_return_to_pool(lead=lead, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Lead “%(name)s” was returned to the shared pool.")
                % {"name": lead.company_name},
            )
    return redirect("leads:detail", pk=lead.pk)


@login_required
@require_POST
def lead_assign(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_visible_or_404(Lead, request.user, pk=pk)
    if not _can_assign(request.user):
        raise PermissionDenied(_("Only managers and administrators assign leads."))
    form = LeadAssignForm(request.POST, user=request.user)
    if form.is_valid():
        owner = form.cleaned_data["owner"]
        services.lead_assign(leads=[lead], owner=owner, by=request.user)
        messages.success(
            request,
            _("Lead “%(name)s” was assigned to %(owner)s.")
            % {"name": lead.company_name, "owner": owner},
        )
    else:
        messages.error(request, " ".join(form.errors["owner"]))
    return redirect("leads:detail", pk=lead.pk)


@login_required
@require_POST
def lead_bulk_assign(request: HttpRequest) -> HttpResponse:
    if not _can_assign(request.user):
        raise PermissionDenied(_("Only managers and administrators assign leads."))
    form = LeadBulkAssignForm(request.POST, user=request.user)
    if form.is_valid():
        owner = form.cleaned_data["owner"]
        count = services.lead_assign(
            leads=form.cleaned_data["leads"], owner=owner, by=request.user
        )
        messages.success(
            request,
            ngettext(
                "%(count)d lead assigned to %(owner)s.",
                "%(count)d leads assigned to %(owner)s.",
                count,
            )
            % {"count": count, "owner": owner},
        )
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect(_next_url(request, "leads:list"))


@login_required
@require_POST
def lead_set_status(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_visible_or_404(Lead, request.user, pk=pk)
    if refused := _refuse_unclaimed(request, lead):
        return refused
    form = LeadStatusForm(request.POST)
    if lead.is_converted:
        messages.error(request, _("A converted lead keeps its status."))
    elif not form.is_valid():
        messages.error(request, " ".join(form.errors["status"]))
    else:
        lead.status = form.cleaned_data["status"]
        lead.save(update_fields=["status", "updated_at"])
        messages.success(
            request,
            _("The lead is now “%(status)s”.") % {"status": lead.get_status_display()},
        )
    return redirect("leads:detail", pk=lead.pk)
