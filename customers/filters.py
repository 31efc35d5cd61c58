import django_filters
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from leads.classification import Industry, Region
from users.filters import OwnerFilter, SearchFilter


class CustomerFilter(django_filters.FilterSet):
    q = SearchFilter(fields=("legal_name", "credit_code", "phone", "address"))
    industry = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=Industry.choices, label=_("Industry")
    )
    region = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=Region.choices, label=_("Region")
    )
    owner = OwnerFilter()

    class Meta:
        model = Customer
        fields = ["q", "industry", "region", "owner"]
