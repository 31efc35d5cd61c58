import django_filters
from django.utils.translation import gettext_lazy as _

from leads.classification import Industry, LeadSource, Region
from leads.dedupe import phone_search_key
from leads.models import Lead, LeadStatus
from users.filters import OwnerFilter, SearchFilter


class LeadFilter(django_filters.FilterSet):
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
        widget=django_filters.widgets.RangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = Lead
        fields = ["q", "status", "source", "owner", "industry", "region", "created"]
