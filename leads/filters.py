import django_filters
from django.utils.translation import gettext_lazy as _

from leads.classification import Industry, LeadSource, Region
from leads.dedupe import phone_search_key
from leads.models import Lead, LeadStatus
from users.filters import CleanFilterSet, OwnerFilter, SearchFilter, TeamFilter

# The list's `?sort=` keys and what each orders by; the export sorts the same
# way, so a download comes in the order the list shows.
LIST_SORTS = {
    "company": "company_name",
    "contact": "contact_name",
    "status": "status",
    "source": "source",
    "owner": "owner__username",
    "score": "score",
    "last_contact": "last_contact_at",
    "next_contact": "next_contact_at",
    "created": "created_at",
}
# The pool page has no owners and no export.
POOL_SORTS = {
    "company": "company_name",
    "source": "source",
    "industry": "industry",
    "region": "region",
    "score": "score",
    "created": "created_at",
}
DEFAULT_SORT = "-created"


class LeadFilter(CleanFilterSet):
    q = SearchFilter(
        fields=("company_name", "contact_name", "phone", "email"),
        normalized={"phone_normalized": phone_search_key},
    )
    status = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=LeadStatus.choices, label=_("Status")
    )
    source = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=LeadSource.choices, label=_("Source")
    )
    owner = OwnerFilter(null_label=_("Shared pool"))
    industry = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=Industry.choices, label=_("Industry")
    )
    region = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=Region.choices, label=_("Region")
    )
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at",
        label=_("Created between"),
        # The filter bar sends created_after / created_before.
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    # Set by the reports' drill-down links; not in the filter bar.
    team = TeamFilter()

    class Meta:
        model = Lead
        fields = ["q", "status", "source", "owner", "industry", "region", "created"]
