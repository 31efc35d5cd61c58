"""Sorting and paging for list pages, shared by every app."""

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import cached_property

from config.replica import replica_reads

PAGE_SIZE = 25
# Lists count rows only up to here: past it they say "more than 10,000" and
# leave their totals out, so no page view adds up a million rows.
COUNT_CAP = 10_000
# How long a list remembers that it counted past the cap (seconds).
CAPPED_FOR = 60


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows (`capped` says it stopped).

    Counting stops at `cap` + 1 rows, read from the index that orders the
    list; past the cap the pages end at `cap` rows and say so.

    "More than 10,000" stays true while a large list's rows come and go, so
    a paginator given `remember_as` (a key naming the viewer, the list and
    its filters: `list_key`) keeps a count that reached the cap for
    `CAPPED_FOR` seconds in the shared cache. Every page and order of the
    same list with the same filters reuses it instead of reading 10,001 rows
    again (a manager's or an administrator's whole list, on every view).
    A count under the cap is never remembered: it is exact on every view.
    """

    cap = COUNT_CAP

    def __init__(self, *args, remember_as: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.remember_as = remember_as

    @cached_property
    def _capped_count(self) -> int:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return len(rows)
        key = self.remember_as and f"list-capped:{self.cap}:{self.remember_as}"
        if key and cache.get(key):
            return self.cap + 1
        count = rows.order_by().values("pk")[: self.cap + 1].count()
        if key and count > self.cap:
            cache.set(key, True, CAPPED_FOR)
        return count

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @cached_property
    def capped(self) -> bool:
        return self._capped_count > self.cap


# Query parameters that page or order a list without changing its rows.
PAGING_PARAMS = frozenset({"page", "sort"})


def list_key(request: HttpRequest) -> str:
    """What names one list's rows: the viewer, the page's address and its
    filters (every query parameter but the page and the order).

    The viewer's key stands for what they may see; a change to that (a new
    team, another role) reaches a remembered "more than" within
    `CAPPED_FOR` seconds, while the rows themselves are read on every view.
    """
    filters = sorted(
        (name, values)
        for name, values in request.GET.lists()
        if name not in PAGING_PARAMS
    )
    named = repr((request.user.pk, request.path, filters))
    return hashlib.blake2b(named.encode(), digest_size=16).hexdigest()


# A key that stands for a row's in a reversed address (`pk_url`).
PK_MARK = 918273645


def pk_url(name: str, *args) -> Callable[[int], str]:
    """`reverse(name, args=[*args, pk])` for any row's key, at the cost of one
    reverse.

    A page of rows links each row to its own page: reversing once with a
    stand-in key and putting each row's key in its place gives the same
    addresses without resolving the URL name again for every row.
    """
    url = reverse(name, args=[*args, PK_MARK])
    if url.count(str(PK_MARK)) != 1:
        return lambda pk: reverse(name, args=[*args, pk])
    before, _mark, after = url.partition(str(PK_MARK))
    return lambda pk: f"{before}{pk}{after}"


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
    paginator = CappedPaginator(queryset, per_page, remember_as=list_key(request))
    return paginator.get_page(request.GET.get("page"))


def list_totals(queryset: QuerySet, page: Page, **aggregates: Any) -> dict | None:
    """The filtered rows' `aggregates`, or None past the count cap.

    Exact sums over a few thousand rows are cheap; over a million they are
    not, so a list that holds more asks the viewer to filter first.
    """
    if page.paginator.capped:
        return None
    with replica_reads():
        return queryset.order_by().aggregate(**aggregates)


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
