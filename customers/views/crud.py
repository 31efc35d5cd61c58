"""The customer file: list, create, edit, delete, detail, and its contacts."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from customers import services
from customers.filters import DEFAULT_SORT, SORTS, CustomerFilter
from customers.forms import (
    ContactForm,
    CustomerCreateForm,
    CustomerForm,
    FirstContactForm,
)
from customers.models import Contact, Customer
from customers.views.list_row_html import customer_rows_html
from users.change_history import change_history
from users.listing import paginate, sort_queryset
from users.versioning import save_versioned
from users.visibility import get_visible_or_404

OPPORTUNITY_LIMIT = 50
ACTIVITY_LIMIT = 20
HISTORY_LIMIT = 15
# Every follow-up moves the contact dates: in the history they would be noise.
HISTORY_EXCLUDED = ("last_contact_at", "next_contact_at")


@login_required
@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    customers = Customer.objects.visible_to(request.user).select_related("owner")
    filterset = CustomerFilter(request.GET, queryset=customers, request=request)
    customers, sort = sort_queryset(request, filterset.qs, SORTS, DEFAULT_SORT)
    page_obj = paginate(request, customers)
    filtered = any(
        request.GET.get(name) for name in ("q", "industry", "region", "owner")
    )
    return render(
        request,
        "customers/customer_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "customers": page_obj.object_list,
            "rows_html": customer_rows_html(page_obj.object_list),
            "sort": sort,
            "filtered": filtered,
            # A salesperson sees only their own customers: no owner to choose.
            "show_owner": request.user.is_manager or request.user.is_admin,
        },
    )


def _save_customer(
    form: CustomerForm, save: Callable[[], Customer] | None = None
) -> Customer | None:
    """Save (`form.save` unless told), turning a duplicate that slipped past
    validation into a form error."""
    try:
        with transaction.atomic():
            return (save or form.save)()
    except IntegrityError:
        # Two people saving the same company at the same moment: the database
        # constraint lets one through, the other reads this.
        form.add_error(
            None, _("This customer was just created by someone else. Search for it.")
        )
        return None


@login_required
@require_http_methods(["GET", "POST"])
def customer_create(request: HttpRequest) -> HttpResponse:
    form = CustomerCreateForm(
        request.POST or None, user=request.user, instance=Customer(owner=request.user)
    )
    contact_form = FirstContactForm(request.POST or None, prefix="contact")
    # Both validated, so every message shows at once.
    valid = request.method == "POST" and all([form.is_valid(), contact_form.is_valid()])
    if valid:
        first_contact = contact_form.instance if contact_form.adds_contact else None
        customer = _save_customer(
            form,
            lambda: services.customer_create(
                customer=form.instance, first_contact=first_contact
            ),
        )
        if customer is not None:
            if first_contact is None:
                done = _("Customer “%(name)s” was created.") % {"name": customer}
            else:
                done = _(
                    "Customer “%(name)s” was created with its contact “%(contact)s”."
                ) % {"name": customer, "contact": first_contact}
            messages.success(request, done)
            return redirect("customers:detail", pk=customer.pk)
    return render(
        request,
        "customers/customer_form.html",
        {"form": form, "contact_form": contact_form, "customer": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def customer_update(request: HttpRequest, pk: int) -> HttpResponse:
    customer = get_visible_or_404(Customer, request.user, pk=pk)
    form = CustomerForm(request.POST or None, user=request.user, instance=customer)
    saved = (
        request.method == "POST"
        and form.is_valid()
        and save_versioned(form, lambda: _save_customer(form))
    )
    if saved:
        messages.success(
            request, _("Customer “%(name)s” was saved.") % {"name": customer}
        )
        return redirect("customers:detail", pk=customer.pk)
    return render(
        request, "customers/customer_form.html", {"form": form, "customer": customer}
    )


@login_required
@require_http_methods(["GET", "POST"])
def customer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    customer = get_visible_or_404(Customer, request.user, pk=pk)
    if request.method == "POST":
        try:
            with transaction.atomic():
                customer.delete()
        except ProtectedError:
            messages.error(
                request,
                _(
                    "“%(name)s” has opportunities, so it cannot be deleted. "
                    "Nothing was deleted."
                )
                % {"name": customer},
            )
            return redirect("customers:detail", pk=customer.pk)
        messages.success(
            request, _("Customer “%(name)s” was deleted.") % {"name": customer}
        )
        return redirect("customers:list")
    return render(
        request,
        "customers/customer_confirm_delete.html",
        {
            "customer": customer,
            # Opportunities protect their customer: say so before the user tries.
            "has_opportunities": customer.opportunities.exists(),
            "contact_count": customer.contacts.count(),
        },
    )


@login_required
@require_GET
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = get_visible_or_404(
        Customer.objects.select_related("owner"), request.user, pk=pk
    )
    contacts = list(customer.contacts.all())
    # A deal on this customer may belong to someone else; show only what the
    # viewer may open, and only the follow-ups about those deals.
    opportunities = list(
        customer.opportunities.visible_to(request.user)
        .select_related("stage", "owner")
        .order_by("-created_at", "-pk")[:OPPORTUNITY_LIMIT]
    )
    activities = list(
        customer.activities.without_hidden_deals(request.user)
        .select_related("contact", "logged_by", "opportunity")
        .order_by("-occurred_at", "-pk")[:ACTIVITY_LIMIT]
    )
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "contacts": contacts,
            "opportunities": opportunities,
            "opportunity_limit": OPPORTUNITY_LIMIT,
            "activities": activities,
            "activity_limit": ACTIVITY_LIMIT,
            "history": change_history(
                customer, limit=HISTORY_LIMIT, exclude=HISTORY_EXCLUDED
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    customer = get_visible_or_404(Customer, request.user, pk=pk)
    form = ContactForm(request.POST or None, instance=Contact(customer=customer))
    if request.method == "POST" and form.is_valid():
        contact = form.save()
        messages.success(
            request, _("Contact “%(name)s” was added.") % {"name": contact}
        )
        return redirect("customers:detail", pk=customer.pk)
    return render(
        request,
        "customers/contact_form.html",
        {"form": form, "customer": customer, "contact": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_update(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_visible_or_404(
        Contact.objects.select_related("customer"), request.user, pk=pk
    )
    form = ContactForm(request.POST or None, instance=contact)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_versioned(form, form.save) is not None
    ):
        messages.success(
            request, _("Contact “%(name)s” was saved.") % {"name": contact}
        )
        return redirect("customers:detail", pk=contact.customer_id)
    return render(
        request,
        "customers/contact_form.html",
        {"form": form, "customer": contact.customer, "contact": contact},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_visible_or_404(
        Contact.objects.select_related("customer"), request.user, pk=pk
    )
    if request.method == "POST":
        contact.delete()
        messages.success(
            request, _("Contact “%(name)s” was deleted.") % {"name": contact}
        )
        return redirect("customers:detail", pk=contact.customer_id)
    return render(
        request,
        "customers/contact_confirm_delete.html",
        {
            "contact": contact,
            "customer": contact.customer,
            # They leave those buying teams with the contact (the history keeps them).
            "deal_count": contact.deal_links.count(),
        },
    )
