"""The search behind the customer picker of deal and conversion forms."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from customers.models import Customer
from customers.widgets import SEARCH_HINT

OPTION_LIMIT = 20


@login_required
@require_GET
def customer_options(request: HttpRequest) -> HttpResponse:
    """The first visible customers matching `?q=`, as <option>s (htmx)."""
    query = request.GET.get("q", "").strip()
    found = (
        Customer.objects.visible_to(request.user)
        .matching(query)
        .order_by("legal_name", "pk")
        .only("pk", "legal_name")
    )
    # One more than shown tells whether to say that the list is cut short.
    customers = list(found[: OPTION_LIMIT + 1])
    if not query:
        hint = SEARCH_HINT
    else:
        hint = _("No customer matches “%(text)s”") % {"text": query}
    return render(
        request,
        "customers/_customer_options.html",
        {
            "customers": customers[:OPTION_LIMIT],
            "more": len(customers) > OPTION_LIMIT,
            "limit": OPTION_LIMIT,
            "hint": hint,
        },
    )
