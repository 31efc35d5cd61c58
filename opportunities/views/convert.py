"""Converting a lead into a customer, a contact and optionally an opportunity."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from customers.models import Customer
from leads.models import Lead
from opportunities import conversion
from opportunities.forms_convert import ConversionForms
from users.visibility import get_visible_or_404


@login_required
def lead_convert(request: HttpRequest, lead_id: int) -> HttpResponse:
    # A pool lead is visible to everyone; whoever converts it becomes its owner.
    lead = get_visible_or_404(
        Lead.objects.select_related("owner"), request.user, pk=lead_id
    )
    if lead.is_converted:
        messages.info(request, _("This lead has already been converted."))
        return redirect("leads:detail", pk=lead.pk)

    forms = ConversionForms.for_lead(
        lead, request.user, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and forms.is_valid():
        # The service is atomic: after either refusal below nothing was
        # written, and the forms come back with everything the user typed.
        try:
            result = conversion.lead_convert(
                lead=lead, by=request.user, **forms.service_arguments()
            )
        except ValidationError as error:
            forms.add_service_error(error)
        except IntegrityError:
            # Someone created the same customer between the duplicate check and
            # the insert: the database's unique constraint refused ours.
            forms.add_service_error(
                ValidationError(
                    _(
                        "A customer with this legal name or credit code was just "
                        "created by someone else. Nothing was saved: link the lead "
                        "to it, or ask your manager if you cannot find it."
                    )
                )
            )
        else:
            messages.success(
                request,
                _("Lead “%(lead)s” was converted: customer “%(customer)s”.")
                % {"lead": lead.company_name, "customer": result.customer},
            )
            if result.opportunity is not None:
                return redirect("opportunities:detail", pk=result.opportunity.pk)
            return redirect("customers:detail", pk=result.customer.pk)

    # A same-named customer the user cannot see blocks "create new"; say so early.
    # The page lives here (it writes customers and deals) but is a step of the
    # lead's life, so the navigation shows Leads.
    hidden_match = (
        request.method == "GET"
        and forms.choice.initial.get("customer") is None
        and Customer.objects.with_name(lead.company_name).exists()
    )
    return render(
        request,
        "opportunities/lead_convert.html",
        {
            "lead": lead,
            "forms": forms,
            "hidden_match": hidden_match,
            "nav_section": "leads",
        },
    )
