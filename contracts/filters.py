import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract, ContractStatus
from customers.models import Customer
from users.filters import CleanFilterSet, OwnerFilter, SearchFilter, TeamFilter
from users.visibility import managed_team_ids


def customer_choices(request):
    if request is None:
        return Customer.objects.none()
    return Customer.objects.visible_to(request.user)


class ContractFilter(CleanFilterSet):
    q = SearchFilter(fields=("number", "title", "customer__legal_name"))
    status = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=ContractStatus.choices, label=_("Status")
    )
    owner = OwnerFilter()
    # Set by the customer page's "all contracts" link; not in the filter bar.
    customer = django_filters.ModelChoiceFilter(
        queryset=customer_choices, label=_("Customer")
    )
    signed = django_filters.DateFromToRangeFilter(
        field_name="signed_on",
        label=_("Signed between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    # Set by the reports' drill-down links; not in the filter bar.
    team = TeamFilter()
    in_force = django_filters.BooleanFilter(
        label=_("Signed or completed"), method="filter_in_force"
    )
    awaiting = django_filters.BooleanFilter(
        label=_("Awaiting my approval"),
        method="filter_awaiting",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Contract
        fields = ["q", "status", "owner", "customer", "signed", "awaiting"]

    def filter_in_force(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            status__in=[ContractStatus.SIGNED, ContractStatus.COMPLETED]
        )

    def filter_awaiting(self, queryset, name, value):
        """Submitted contracts the viewer may approve: never their own."""
        if not value:
            return queryset
        user = self.request.user
        waiting = queryset.filter(status=ContractStatus.SUBMITTED).exclude(owner=user)
        if user.is_admin:
            return waiting
        if user.is_manager:
            return waiting.filter(owner__team_id__in=managed_team_ids(user))
        return queryset.none()
