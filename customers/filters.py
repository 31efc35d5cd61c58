import django_filters
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from leads.classification import Industry, Region
from users.filters import CleanFilterSet, OwnerFilter, SearchFilter, TeamFilter

# The list's `?sort=` keys and what each orders by; the export sorts the same
# way, so a download comes in the order the list shows.
SORTS = {
    "legal_name": "legal_name",
    "credit_code": "credit_code",
    "industry": "industry",
    "region": "region",
    "owner": "owner__username",
    "last_contact": "last_contact_at",
    "next_contact": "next_contact_at",
}
DEFAULT_SORT = "legal_name"


class CustomerFilter(CleanFilterSet):
    q = SearchFilter(fields=("legal_name", "credit_code", "phone", "address"))
    industry = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=Industry.choices, label=_("Industry")
    )
    region = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=Region.choices, label=_("Region")
    )
    owner = OwnerFilter()
    # Set by the reports' drill-down links; not in the filter bar.
    team = TeamFilter()
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at",
        label=_("Added between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = Customer
        fields = ["q", "industry", "region", "owner"]
