"""Sort headers and page links keep every other parameter of the address,
written as Django writes a query string."""

import pytest
from django.http import QueryDict
from django.template import Context, Template

from users.templatetags.crm import query_with

QUERIES = [
    "",
    "q=%E7%A7%91%E6%8A%80+%E5%85%AC%E5%8F%B8&status=open",
    "owner=3&owner=7&sort=-amount&page=4",
    "expected_win_after=2026-01-01&expected_win_before=&a%26b=c%3Dd+e",
]
CHANGES = [
    {"page": 2},
    {"sort": "name", "page": None},
    {"owner": None},
    {"new": "x y"},
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("changes", CHANGES)
def test_the_query_is_written_as_django_writes_it(query, changes):
    expected = QueryDict(query, mutable=True)
    for key, value in changes.items():
        if value is None:
            expected.pop(key, None)
        else:
            expected[key] = value
    assert query_with(QueryDict(query), changes) == expected.urlencode()


def test_the_sort_header_keeps_filters_and_drops_the_page(rf):
    request = rf.get("/opportunities/", {"status": "open", "page": "3"})
    html = Template('{% load crm %}{% sort_link "amount" "Amount" %}').render(
        Context({"request": request, "sort": "amount"})
    )
    assert 'href="?status=open&amp;sort=-amount"' in html
    assert "bi-caret-up-fill" in html
