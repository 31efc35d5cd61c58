"""A deal's buying team on its page: the card's rows and empty state, and
linking and unlinking contacts (whoever may edit the deal may do both)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from customers.models import BuyingRole
from opportunities.buying_team import deal_contact_link, deal_contact_unlink
from opportunities.forms_buying_team import DealContactForm, linkable_contacts
from opportunities.models import DealContact, Opportunity
from users.visibility import get_visible_or_404


def buying_team_context(opportunity: Opportunity) -> dict[str, Any]:
    """The card's rows and the contacts it offers to link (two queries)."""
    links = list(
        opportunity.deal_contacts.select_related("contact", "added_by").order_by(
            "contact__name", "pk"
        )
    )
    choices = list(linkable_contacts(opportunity))
    return {
        "buying_team": links,
        "linkable_contacts": choices,
        "customer_decision_makers": [
            contact
            for contact in choices
            if contact.buying_role == BuyingRole.DECISION_MAKER
        ],
        "role_choices": DealContactForm.base_fields["role"].choices,
    }


def _back(opportunity_pk: int) -> HttpResponse:
    page = reverse("opportunities:detail", args=[opportunity_pk])
    return redirect(f"{page}#buying-team")


@login_required
@require_POST
def deal_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_visible_or_404(
        Opportunity.objects.select_related("customer"), request.user, pk=pk
    )
    form = DealContactForm(request.POST, opportunity=opportunity)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(opportunity.pk)
    contact = form.cleaned_data["contact"]
    try:
        link = deal_contact_link(
            opportunity=opportunity,
            contact=contact,
            role=form.cleaned_data["role"],
            by=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s is on the buying team as %(role)s.")
            % {"name": contact, "role": link.get_role_display().lower()},
        )
    return _back(opportunity.pk)


@login_required
@require_POST
def deal_contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_visible_or_404(
        DealContact.objects.select_related("contact"), request.user, pk=pk
    )
    deal_contact_unlink(link=link, by=request.user)
    messages.success(
        request,
        _("%(name)s is no longer on this deal’s buying team.") % {"name": link.contact},
    )
    return _back(link.opportunity_id)
