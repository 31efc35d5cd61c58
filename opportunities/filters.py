import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from opportunities.models import Competitor, Opportunity, OpportunityStatus, Stage
from opportunities.stage_choices import stage_choices
from users.filters import CleanFilterSet, OwnerFilter, SearchFilter, TeamFilter

# The list's `?sort=` keys and what each orders by; the export sorts the same
# way, so a download comes in the order the list shows.
SORTS = {
    "name": "name",
    "customer": "customer__legal_name",
    "owner": "owner__last_name",
    "stage": "stage_order",
    "amount": "amount",
    "probability": "win_probability",
    "weighted": "weighted_amount",
    "expected": "expected_win_date",
    "next_contact": "next_contact_at",
    "created": "created_at",
}
DEFAULT_SORT = "-created"


def _date_range(field: str, label) -> django_filters.DateFromToRangeFilter:
    return django_filters.DateFromToRangeFilter(
        field_name=field,
        label=label,
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )


class _StageField(ModelChoiceField):
    """A choice of stage whose select lists the cached stages
    (`stage_choices`); a chosen one is checked against the database."""

    def offered(self, bound_field) -> list[tuple[str, str]]:
        """The stages the select writes after its empty choice."""
        return stage_choices()


class StageFilter(django_filters.ModelChoiceFilter):
    field_class = _StageField


class OpportunityFilter(CleanFilterSet):
    q = SearchFilter(fields=("name", "customer__legal_name", "content"))
    status = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=OpportunityStatus.choices, label=_("Status")
    )
    stage = StageFilter(
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
    state = django_filters.ChoiceFilter(
        label=_("Follow-up"),
        empty_label=_("Any"),
        choices=[("overdue", _("Overdue contact")), ("stale", _("Stale"))],
        method="filter_state",
    )
    # The filters below express the deals behind a report figure.
    created = _date_range("created_at", _("Created between"))
    closed = _date_range("closed_at", _("Closed between"))
    last_contact = _date_range("last_contact_at", _("Last contact between"))
    reached = django_filters.ModelChoiceFilter(
        queryset=Stage.objects.open(),
        label=_("Reached stage"),
        method="filter_reached",
    )
    min_probability = django_filters.NumberFilter(
        label=_("Win probability at least (%)"), method="filter_min_probability"
    )
    lost_reason = django_filters.CharFilter(label=_("Lost reason"))
    lost_at = django_filters.ModelChoiceFilter(
        queryset=Stage.objects.open(), label=_("Lost at stage"), method="filter_lost_at"
    )
    competitor = django_filters.ModelChoiceFilter(
        field_name="competitors",
        queryset=Competitor.objects.all(),
        label=_("Competitor"),
    )
    no_competitor = django_filters.BooleanFilter(
        label=_("No competitor named"), method="filter_no_competitor"
    )

    linked_only = (
        "created",
        "closed",
        "last_contact",
        "reached",
        "min_probability",
        "lost_reason",
        "lost_at",
        "competitor",
        "no_competitor",
    )

    class Meta:
        model = Opportunity
        fields = [
            "q",
            "status",
            "stage",
            "owner",
            "team",
            "expected_win",
            "amount",
            "state",
        ]

    def filter_state(self, queryset, name, value):
        """The one definition of each state, as the workbench counts them."""
        now = timezone.now()
        return queryset.overdue(now) if value == "overdue" else queryset.stale(now)

    def filter_reached(self, qs, name, value):
        return qs.reached(value) if value else qs

    def filter_min_probability(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(win_probability__gte=value / 100)

    def filter_no_competitor(self, qs, name, value):
        return qs.filter(competitors=None) if value else qs

    def filter_lost_at(self, qs, name, value):
        return qs.filter(lost_from=value) if value else qs


class BoardFilter(CleanFilterSet):
    """The board's filters: free text, owner and team (the board is open deals)."""

    q = SearchFilter(fields=("name", "customer__legal_name"))
    owner = OwnerFilter()
    team = TeamFilter()

    class Meta:
        model = Opportunity
        fields = ["q", "owner", "team"]
