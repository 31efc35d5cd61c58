"""A customer choice that searches, for forms that would otherwise list them all."""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from users.record_keys import record_key

# Shown in the select when no customer is chosen, and by the search endpoint
# when there is nothing to search for yet.
SEARCH_HINT = _("— search above to choose —")


class CustomerPicker(forms.Select):
    """The widget of a ModelChoiceField of customers: a search box and a select.

    The select holds only the chosen customer, so the page stays small with
    any number of customers; typing in the search box refills it with the
    matching customers the user sees (htmx, `customers:options`). The field
    keeps its queryset, so validation refuses any customer outside it.
    Templates include the form's media for the keyboard handling.
    """

    class Media:
        js = ["js/customer-picker.js"]

    def optgroups(self, name, value, attrs=None):
        chosen = self._chosen(value)
        if chosen is None:
            option = self.create_option(name, "", SEARCH_HINT, True, 0)
        else:
            option_value, label = self.choices.choice(chosen)
            option = self.create_option(name, option_value, label, True, 0)
        return [(None, [option], 0)]

    def _chosen(self, value):
        """The chosen customer, if the field's queryset holds it: one query."""
        queryset = getattr(self.choices, "queryset", None)
        pks = [key for key in map(record_key, value) if key is not None]
        if queryset is None or not pks:
            return None
        return queryset.filter(pk=pks[0]).first()

    def use_required_attribute(self, initial) -> bool:
        # Select's own check reads the first choice, a query over every customer.
        return not self.is_hidden

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        final_attrs = self.build_attrs(self.attrs, attrs)
        if final_attrs.get("disabled"):
            # A customer that cannot change needs no search.
            return select
        return render_to_string(
            "customers/_customer_picker.html",
            {
                "select": select,
                "select_id": final_attrs.get("id", ""),
                "options_url": reverse("customers:options"),
                "invalid": "is-invalid" in final_attrs.get("class", "").split(),
            },
        )
