"""The form that puts a contact of the deal's customer on its buying team."""

from django import forms
from django.utils.translation import gettext_lazy as _

from customers.models import BuyingRole, Contact
from opportunities.models import Opportunity
from users.clean_forms import CleanForm


def linkable_contacts(opportunity: Opportunity):
    """The customer's contacts that are not on the deal's team yet.

    Whoever may edit the deal works with its customer's people, as the
    follow-up form on the same page does, even when a manager gave the deal
    to someone who does not own the customer.
    """
    return (
        Contact.objects.filter(customer=opportunity.customer_id)
        .exclude(deal_links__opportunity=opportunity)
        .order_by("name", "pk")
    )


class DealContactForm(CleanForm):
    contact = forms.ModelChoiceField(
        label=_("Contact"),
        queryset=Contact.objects.none(),
        error_messages={
            "invalid_choice": _(
                "Choose a contact of this deal’s customer who is not on the "
                "buying team yet."
            )
        },
    )
    role = forms.ChoiceField(
        label=_("Role on this deal"),
        required=False,
        choices=[("", _("As on their contact card")), *BuyingRole.choices],
    )

    def __init__(self, *args, opportunity: Opportunity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = linkable_contacts(opportunity)
