"""Logging a follow-up from any page: the form fragment and its answer.

Contract with the pages that embed it (the opportunity and customer pages):
- `GET ?customer=<id>` (a customer-level follow-up) or `?opportunity=<id>`
  (about a deal; `customer` may come along and must be the deal's) answers
  `_activity_form.html`;
- the form posts with htmx and targets `#activity-list`, the root element of
  `_activity_list.html`; success answers that list (the latest follow-ups of
  the opportunity if given, else of the customer) with `HX-Trigger:
  activityLogged`; invalid input answers the form again, retargeted onto
  itself, with status 200 so htmx swaps it;
- with `from=list` (the customer and opportunity lists) the form targets the
  record's row instead, and success answers that row, the customer list's
  (`customers/views/list_row_html.py`) or the opportunity list's
  (`opportunities/views/list_row_html.py`), with its new contact dates; the
  list closes its dialog on `activityLogged`;
- on the deal page (a deal, not from a list) success also answers, out of
  band, the header parts a follow-up changes (`deal_header.py`) and a toast.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import reswap, retarget

from customers.models import Customer
from customers.views.list_row_html import customer_rows_html
from opportunities import services
from opportunities.forms import DATETIME_LOCAL, ActivityForm
from opportunities.models import Activity, Opportunity
from opportunities.next_contact import quick_choices
from opportunities.views.deal_header import refreshed_header
from opportunities.views.list_row_html import list_rows_html
from opportunities.views.list_rows import mark_rows, row_context
from users.models import User
from users.record_keys import record_key
from users.visibility import get_visible_or_404

TIMELINE_LENGTH = 20


def _record_id(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name) or request.POST.get(name) or ""
    if not value:
        return None
    key = record_key(value)
    if key is None:
        raise Http404
    return key


def latest_activities(
    *, customer: Customer, opportunity: Opportunity | None, user: User
):
    """The follow-ups a page shows: of the opportunity if given, else the customer."""
    activities = Activity.objects.select_related("contact", "logged_by")
    if opportunity is not None:
        activities = activities.filter(opportunity=opportunity)
    else:
        activities = activities.filter(customer=customer).without_hidden_deals(user)
    return activities.order_by("-occurred_at", "-id")[:TIMELINE_LENGTH]


def _records(request: HttpRequest) -> tuple[Customer, Opportunity | None]:
    """The customer and deal to log on, each fetched through the visibility rule.

    A deal's owner may work it on a customer owned by someone else (a manager
    assigned it): the deal decides, and its customer comes with it.
    """
    customer_id = _record_id(request, "customer")
    opportunity_id = _record_id(request, "opportunity")
    if opportunity_id is None:
        if customer_id is None:
            raise Http404
        return get_visible_or_404(Customer, request.user, pk=customer_id), None
    opportunity = get_visible_or_404(
        Opportunity.objects.select_related("customer"),
        request.user,
        pk=opportunity_id,
    )
    if customer_id is not None and customer_id != opportunity.customer_id:
        raise Http404
    return opportunity.customer, opportunity


@login_required
@require_http_methods(["GET", "POST"])
def activity_log(request: HttpRequest) -> HttpResponse:
    customer, opportunity = _records(request)
    from_list = request.GET.get("from") == "list"

    form = ActivityForm(request.POST or None, customer=customer)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_log(
                by=request.user,
                customer=customer,
                opportunity=opportunity,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _logged(request, customer, opportunity, from_list=from_list)

    query = {"customer": customer.pk}
    if opportunity is not None:
        query["opportunity"] = opportunity.pk
    if from_list:
        query["from"] = "list"
    context = {
        "form": form,
        "customer": customer,
        "opportunity": opportunity,
        "post_url": f"{reverse('opportunities:activity_log')}?{urlencode(query)}",
        "swap_target": _row_id(customer, opportunity) if from_list else "activity-list",
        "next_contact_choices": next_contact_choices(),
    }
    if request.htmx:
        response = render(request, "opportunities/_activity_form.html", context)
        if request.method == "POST":
            # Errors replace the form itself, not the list the form targets.
            response = reswap(retarget(response, "#activity-form"), "outerHTML")
        return response
    return render(request, "opportunities/activity_form.html", context)


def next_contact_choices() -> list[dict[str, str]]:
    """The quick choices under the next-contact field, as values it accepts."""
    labels = {
        "in_two_hours": _("In 2 hours"),
        "tomorrow": _("Tomorrow 09:00"),
        "next_monday": _("Next Monday 09:00"),
    }
    return [
        {"label": labels[key], "value": when.strftime(DATETIME_LOCAL)}
        for key, when in quick_choices(timezone.localtime()).items()
    ]


def _logged(request, customer, opportunity, *, from_list: bool) -> HttpResponse:
    if not request.htmx:
        messages.success(request, _("The follow-up was logged."))
        if opportunity is not None:
            return redirect("opportunities:detail", pk=opportunity.pk)
        return redirect("customers:detail", pk=customer.pk)
    if from_list:
        response = _list_row(request, customer, opportunity)
    elif opportunity is not None:
        response = render(
            request,
            "opportunities/_activity_logged.html",
            {
                "activities": latest_activities(
                    customer=customer, opportunity=opportunity, user=request.user
                ),
                **refreshed_header(opportunity.pk),
                "oob": True,
            },
        )
    else:
        response = render(
            request,
            "opportunities/_activity_list.html",
            {
                "activities": latest_activities(
                    customer=customer, opportunity=opportunity, user=request.user
                ),
            },
        )
    # A plain event name: pages listen for it to refresh what depends on it.
    response["HX-Trigger"] = "activityLogged"
    return response


def _row_id(customer: Customer, opportunity: Opportunity | None) -> str:
    if opportunity is not None:
        return f"opportunity-row-{opportunity.pk}"
    return f"customer-row-{customer.pk}"


def _list_row(request, customer, opportunity) -> HttpResponse:
    """The row of the record logged on, with its new dates, read as its list does."""
    if opportunity is not None:
        opportunity = get_visible_or_404(
            Opportunity.objects.for_list(), request.user, pk=opportunity.pk
        )
        context = row_context(request.user)
        mark_rows([opportunity], now=timezone.now(), days=context["stale_days"])
        return HttpResponse(list_rows_html([opportunity], context, logged=True))
    customer = get_visible_or_404(
        Customer.objects.select_related("owner"), request.user, pk=customer.pk
    )
    return HttpResponse(customer_rows_html([customer], logged=True))
