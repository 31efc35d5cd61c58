import django_filters
from django.utils.translation import gettext_lazy as _

from opportunities.models import Opportunity, OpportunityStatus, Stage
from users.filters import CleanFilterSet, OwnerFilter, SearchFilter, TeamFilter

# The list's `?sort=` keys and what each orders by; the export sorts the same
# way, so a download comes in the order the list shows.
SORTS = {
    "name": "name",
    "customer": "customer__legal_name",
    "owner": "owner__last_name",
    "stage": "stage__order",
    "amount": "amount",
    "probability": "win_probability",
    "weighted": "weighted_amount",
    "expected": "expected_win_date",
    "next_contact": "next_contact_at",
    "created": "created_at",
}
DEFAULT_SORT = "-created"


class OpportunityFilter(CleanFilterSet):
    q = SearchFilter(fields=("name", "customer__legal_name", "content"))
    status = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=OpportunityStatus.choices, label=_("Status")
    )
    stage = django_filters.ModelChoiceFilter(
        queryset=Stage.objects.all(), label=_("Stage"), empty_label=_("Any")
    )
    owner = OwnerFilter()
    team = TeamFilter()
    expected_win = django_filters.DateFromToRangeFilter(
        field_name="expected_win_date",
        label=_("Expected win between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    amount = django_filters.RangeFilter(label=_("Amount between"))

    class Meta:
        model = Opportunity
        fields = ["q", "status", "stage", "owner", "team", "expected_win", "amount"]


class BoardFilter(CleanFilterSet):
    """The board's filters: free text, owner and team (the board is open deals)."""

    q = SearchFilter(fields=("name", "customer__legal_name"))
    owner = OwnerFilter()
    team = TeamFilter()

    class Meta:
        model = Opportunity
        fields = ["q", "owner", "team"]
