"""What the four receivable lists share: a sorted page with its customer links,
and an export in the list's order."""

from collections.abc import Callable, Mapping

from django.http import HttpRequest, HttpResponse

from customers.models import Customer
from users.listing import is_filtered, paginate, sort_queryset
from users.spreadsheets.exporting import export_response
from users.visibility import visible_ids


def money_list_page(
    request: HttpRequest,
    filterset,
    *,
    sorts: Mapping[str, str],
    default_sort: str,
    customer_of: Callable[[object], int],
    not_filters: tuple[str, ...] = (),
) -> dict:
    """The page of the filtered rows in the asked order, and what every list shows.

    `customer_of` gives a row's customer id: the customer is linked only when
    the viewer may open it. `not_filters` are parameters that choose a view
    of the list rather than narrow it (no "Clear" for them).
    """
    rows, sort = sort_queryset(request, filterset.qs, sorts, default_sort)
    page_obj = paginate(request, rows)
    customers = [customer_of(row) for row in page_obj.object_list]
    return {
        "filter": filterset,
        "page_obj": page_obj,
        "sort": sort,
        "linkable_customers": visible_ids(Customer, request.user, customers),
        "show_owner": request.user.is_manager or request.user.is_admin,
        "is_filtered": is_filtered(request, filterset, ignore=not_filters),
    }


def money_list_export(
    request: HttpRequest,
    filterset,
    *,
    sorts: Mapping[str, str],
    default_sort: str,
    columns,
    stem: str,
) -> HttpResponse:
    """The visible rows matching the list's filters, in its order, as a file."""
    rows, _sort = sort_queryset(request, filterset.qs, sorts, default_sort)
    return export_response(request, rows, columns, stem=stem)
