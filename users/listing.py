"""Sorting and paging for list pages, shared by every app."""

from collections.abc import Mapping

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 25


def sort_queryset(
    request: HttpRequest,
    queryset: QuerySet,
    allowed: Mapping[str, str],
    default: str,
) -> tuple[QuerySet, str]:
    """Order by the `?sort=` key (prefix '-' for descending) if it is allowed.

    `allowed` maps the public key to an ORM expression; the primary key is
    always the tie-breaker so pages never repeat or skip rows.
    """
    key = request.GET.get("sort", default)
    field = allowed.get(key.lstrip("-"))
    if field is None:
        key = default
        field = allowed[default.lstrip("-")]
    descending = key.startswith("-")
    order = f"-{field}" if descending else field
    return queryset.order_by(order, "-pk" if descending else "pk"), key


def paginate(
    request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE
) -> Page:
    """The requested page; out-of-range or junk page numbers give the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def is_filtered(
    request: HttpRequest, filterset, *, ignore: tuple[str, ...] = ()
) -> bool:
    """Whether the request sets any of the filterset's filters (for "Clear").

    A range filter arrives as several parameters (``signed_after``,
    ``signed_before``): its widget's suffixes name them.
    """
    for name, field in filterset.form.fields.items():
        if name in ignore:
            continue
        suffixes = getattr(field.widget, "suffixes", None) or [""]
        keys = [f"{name}_{suffix}" if suffix else name for suffix in suffixes]
        if any(request.GET.get(key) for key in keys):
            return True
    return False
