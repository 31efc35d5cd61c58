"""The opportunity pages: list, create, edit, detail, close and reopen."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from customers.models import Customer
from opportunities import services
from opportunities.filters import DEFAULT_SORT, SORTS, OpportunityFilter
from opportunities.forms import CloseForm, LineFormSet, OpportunityForm
from opportunities.models import Activity, Opportunity
from opportunities.views.buying_team import buying_team_context
from opportunities.views.deal_header import decision_maker
from opportunities.views.judging import judgment_context, stage_history_rows
from opportunities.views.list_row_html import list_rows_html
from opportunities.views.list_rows import mark_rows, row_context
from users.change_history import change_history
from users.forms import add_service_errors
from users.listing import is_filtered, list_totals, paginate, sort_queryset
from users.models import ReminderSettings
from users.record_keys import record_key
from users.versioning import save_versioned
from users.visibility import get_visible_or_404, visible_exists

# What a list row shows (`list_row_html`) and marks (`list_rows.mark_rows`):
# not the deal's long texts, nor whole customers, owners and stages.
LIST_ROW_FIELDS = (
    "name",
    "status",
    "amount",
    "win_probability",
    "weighted_amount",
    "expected_win_date",
    "next_contact_at",
    "last_contact_at",
    "created_at",
    "customer__legal_name",
    *(f"stage__{field}" for field in ("name_en", "name_zh", "percentage")),
)
# The owner, for the rows of those who see others' deals.
OWNER_ROW_FIELDS = tuple(
    f"owner__{field}" for field in ("username", "first_name", "last_name")
)
TIMELINE_LENGTH = 20
HISTORY_LENGTH = 20


@login_required
def opportunity_list(request: HttpRequest) -> HttpResponse:
    shared = row_context(request.user)
    owner = shared["show_owner"]
    visible = (
        Opportunity.objects.visible_to(request.user)
        .for_list(owner=owner)
        .only(*LIST_ROW_FIELDS, *(OWNER_ROW_FIELDS if owner else ()))
    )
    filterset = OpportunityFilter(request.GET, queryset=visible, request=request)
    filtered = filterset.qs
    rows, sort = sort_queryset(request, filtered, SORTS, DEFAULT_SORT)
    page_obj = paginate(request, rows)
    # One aggregate over the whole filtered set, not just the page.
    totals = list_totals(
        filtered, page_obj, amount=Sum("amount"), weighted=Sum("weighted_amount")
    )
    mark_rows(page_obj.object_list, now=timezone.now(), days=shared["stale_days"])
    return render(
        request,
        "opportunities/opportunity_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "opportunities": page_obj.object_list,
            "sort": sort,
            "totals": totals,
            "is_filtered": is_filtered(request, filterset),
            "rows_html": list_rows_html(page_obj.object_list, shared),
            **shared,
        },
    )


@login_required
def opportunity_create(request: HttpRequest) -> HttpResponse:
    opportunity = Opportunity(owner=request.user)
    initial = {}
    customer_id = record_key(request.GET.get("customer"))
    if customer_id is not None:
        initial["customer"] = get_visible_or_404(Customer, request.user, pk=customer_id)
    return _edit(request, opportunity, initial=initial)


@login_required
def opportunity_update(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_visible_or_404(
        Opportunity.objects.select_related("stage", "customer"), request.user, pk=pk
    )
    return _edit(request, opportunity)


def _edit(
    request: HttpRequest, opportunity: Opportunity, *, initial: dict | None = None
) -> HttpResponse:
    """The create and edit form with its purchase lines, saved all or nothing."""
    editing = opportunity.pk is not None
    # The form writes into the instance while validating; keep the row as it was.
    previous = copy.copy(opportunity) if editing else None
    data = request.POST if request.method == "POST" else None
    formset = LineFormSet(data, instance=opportunity, prefix="lines")
    form = OpportunityForm(
        data,
        instance=opportunity,
        user=request.user,
        initial=initial,
        has_lines=editing and bool(formset.get_queryset()),
    )
    if request.method == "POST":
        form_valid = form.is_valid()
        if formset.is_valid() and form_valid:
            try:
                saved = save_versioned(
                    form, lambda: _save(request, form, formset, previous)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if saved is None:  # someone saved first: the conflict page
                    return _render_form(request, form, formset, opportunity, editing)
                opportunity = saved
                if editing:
                    messages.success(request, _("The opportunity was saved."))
                else:
                    messages.success(request, _("The opportunity was created."))
                return redirect("opportunities:detail", pk=opportunity.pk)
    return _render_form(request, form, formset, opportunity, editing)


def _render_form(request, form, formset, opportunity, editing: bool) -> HttpResponse:
    return render(
        request,
        "opportunities/opportunity_form.html",
        {
            "form": form,
            "formset": formset,
            "opportunity": opportunity if editing else None,
            "product_prices": {
                str(product.pk): str(product.unit_price) for product in formset.products
            },
        },
    )


def _save(request, form, formset, previous) -> Opportunity:
    opportunity = form.save(commit=False)
    services.opportunity_save(
        opportunity=opportunity, by=request.user, previous=previous
    )
    form.save_competitors(opportunity)
    formset.instance = opportunity
    formset.save()
    # Lines and competitors are in now: amount, probability and weight follow.
    return services.opportunity_refresh_numbers(opportunity=opportunity)


@login_required
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The deal's owner may not see its customer (a manager assigned the deal):
    # the page then names the customer without a link that would lead to a 404.
    opportunity = get_visible_or_404(
        Opportunity.objects.select_related("customer", "owner", "stage")
        .with_decision_maker()
        .annotate(
            customer_visible=visible_exists(Customer, request.user, "customer_id")
        ),
        request.user,
        pk=pk,
    )
    lines = list(opportunity.lines.select_related("product"))
    competitors = list(opportunity.competitors.all())
    activities = (
        Activity.objects.filter(opportunity=opportunity)
        .select_related("contact", "logged_by")
        .order_by("-occurred_at", "-id")[:TIMELINE_LENGTH]
    )
    stage_changes = stage_history_rows(
        opportunity, everything=request.GET.get("stage_history") == "all"
    )
    stale_days = ReminderSettings.load().stale_after_days
    mark_rows([opportunity], now=timezone.now(), days=stale_days)
    team = buying_team_context(opportunity)
    return render(
        request,
        "opportunities/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "lines": lines,
            "lines_total": sum((line.total for line in lines), start=0),
            "competitors": competitors,
            "activities": activities,
            **stage_changes,
            "history": change_history(opportunity, limit=HISTORY_LENGTH),
            "close_form": CloseForm(initial={"outcome": "lost"}),
            **team,
            "decision_maker": decision_maker(opportunity, team["buying_team"]),
            "stale_days": stale_days,
            **judgment_context(opportunity, competitor_count=len(competitors)),
        },
    )


@login_required
@require_POST
def opportunity_close(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_visible_or_404(
        Opportunity.objects.select_related("stage"), request.user, pk=pk
    )
    form = CloseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("opportunities:detail", pk=opportunity.pk)
    won = form.cleaned_data["outcome"] == "won"
    try:
        services.opportunity_close(
            opportunity=opportunity,
            by=request.user,
            won=won,
            lost_reason=form.cleaned_data["lost_reason"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if won:
            messages.success(request, _("Congratulations: the opportunity is won."))
        else:
            messages.success(request, _("The opportunity was marked lost."))
    return redirect("opportunities:detail", pk=opportunity.pk)


@login_required
@require_POST
def opportunity_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_visible_or_404(
        Opportunity.objects.select_related("stage"), request.user, pk=pk
    )
    try:
        services.opportunity_reopen(opportunity=opportunity, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The opportunity is open again, in the first stage.")
        )
    return redirect("opportunities:detail", pk=opportunity.pk)
