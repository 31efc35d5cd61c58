"""Filters of the receivable lists; each starts from the viewer's visible rows."""

import django_filters
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract, ContractStatus
from customers.models import Customer
from payments.models import Installment, Invoice, InvoiceKind, InvoiceStatus, Payment
from payments.windows import Window
from users.filters import CleanFilterSet, OwnerFilter, SearchFilter, TeamFilter

DATE_RANGE = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})


def visible_customers(request):
    """Customers the viewer sees: a customer page links the lists with one."""
    if request is None:
        return Customer.objects.none()
    return Customer.objects.visible_to(request.user)


def _customer_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=visible_customers, label=_("Customer")
    )


def _owner_filter(field_name: str) -> OwnerFilter:
    return OwnerFilter(field_name=field_name)


class ReceivableFilter(CleanFilterSet):
    window = django_filters.ChoiceFilter(
        choices=Window.CHOICES,
        method="filter_window",
        empty_label=None,
        label=_("Show"),
    )
    q = SearchFilter(
        fields=("contract__number", "contract__title", "contract__customer__legal_name")
    )
    owner = _owner_filter("contract__owner")
    customer = _customer_filter("contract__customer")
    due = django_filters.DateFromToRangeFilter(
        field_name="due_date", label=_("Due between"), widget=DATE_RANGE
    )

    class Meta:
        model = Installment
        fields = ["window", "q", "owner", "customer", "due"]

    def filter_window(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Window.q(value, timezone.localdate()))

    @property
    def qs_without_window(self) -> QuerySet:
        """The rows of every filter but the window: what the summary cards add up."""
        queryset = self.queryset.all()
        if not self.is_bound:
            return queryset
        self.form.is_valid()  # fills cleaned_data
        for name, value in self.form.cleaned_data.items():
            if name != "window":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def current_window(self) -> str:
        """The window shown: the chosen one, or all unpaid."""
        if not self.is_bound:
            return Window.ALL
        self.form.is_valid()  # fills cleaned_data
        return self.form.cleaned_data.get("window") or Window.ALL


class BalanceFilter(CleanFilterSet):
    """On contracts annotated by payments.figures.with_money."""

    q = SearchFilter(fields=("number", "title", "customer__legal_name"))
    owner = _owner_filter("owner")
    customer = _customer_filter("customer")
    status = django_filters.ChoiceFilter(
        choices=[
            (ContractStatus.SIGNED, ContractStatus.SIGNED.label),
            (ContractStatus.COMPLETED, ContractStatus.COMPLETED.label),
        ],
        empty_label=_("Any"),
        label=_("Status"),
    )
    has_overdue = django_filters.BooleanFilter(
        method="filter_has_overdue",
        label=_("Has overdue"),
        widget=django_filters.widgets.BooleanWidget(),
    )
    not_fully_invoiced = django_filters.BooleanFilter(
        method="filter_not_fully_invoiced",
        label=_("Not fully invoiced"),
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Contract
        fields = [
            "q",
            "owner",
            "customer",
            "status",
            "has_overdue",
            "not_fully_invoiced",
        ]

    def filter_has_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue__gt=0) if value else queryset.filter(overdue=0)

    def filter_not_fully_invoiced(self, queryset, name, value):
        if value is None:
            return queryset
        less = Q(invoiced__lt=F("amount"))
        return queryset.filter(less) if value else queryset.exclude(less)


class PaymentFilter(CleanFilterSet):
    q = SearchFilter(
        fields=(
            "contract__number",
            "contract__title",
            "contract__customer__legal_name",
            "reference",
        )
    )
    received = django_filters.DateFromToRangeFilter(
        field_name="received_on", label=_("Received between"), widget=DATE_RANGE
    )
    method = django_filters.ChoiceFilter(
        choices=Payment._meta.get_field("method").choices,
        empty_label=_("Any"),
        label=_("Method"),
    )
    owner = _owner_filter("contract__owner")
    customer = _customer_filter("contract__customer")
    # Set by the reports' drill-down links; not in the filter bar.
    team = TeamFilter(owner_field="contract__owner")

    class Meta:
        model = Payment
        fields = ["q", "received", "method", "owner", "customer"]


class InvoiceFilter(CleanFilterSet):
    q = SearchFilter(
        fields=(
            "number",
            "contract__number",
            "contract__title",
            "contract__customer__legal_name",
        )
    )
    kind = django_filters.ChoiceFilter(
        choices=InvoiceKind.choices, empty_label=_("Any"), label=_("Type")
    )
    status = django_filters.ChoiceFilter(
        choices=InvoiceStatus.choices, empty_label=_("Any"), label=_("Status")
    )
    issued = django_filters.DateFromToRangeFilter(
        field_name="issued_on", label=_("Issued between"), widget=DATE_RANGE
    )
    owner = _owner_filter("contract__owner")
    customer = _customer_filter("contract__customer")

    class Meta:
        model = Invoice
        fields = ["q", "kind", "status", "issued", "owner", "customer"]
