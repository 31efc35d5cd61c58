"""Year 1 and year 9999 in every date field of every form and filter: no 500.

The test opens every page a salesperson and an administrator use, finds each
form on it that has a date or date-time input, and sends that form back with
the far date in one field at a time (every other field as the page filled it).
List filters get the far dates in their query string, exports too. Each
answer is a page with the date-range message or a redirect, never a 500, and
no far date is stored.
"""

from html.parser import HTMLParser

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from contracts.models import Contract
from leads.models import Lead
from opportunities.models import Opportunity
from payments.models import Installment, Invoice, Payment
from tests.conftest import _plan
from tests.test_access_matrix import OBJECT_URLS, records  # noqa: F401 (fixture)
from users.date_bounds import EARLIEST, LATEST


@pytest.fixture(autouse=True)
def configuration_rows(db):
    """Stages and settings, even after a transactional test flushed them."""
    loader = MigrationLoader(connection)
    for key in _plan(loader):
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, RunPython):
                operation.code(django_apps, None)


FAR = {"date": ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"]}
FAR["datetime-local"] = [f"{day}T09:30" for day in FAR["date"]]
MESSAGE = f"Enter a date between {EARLIEST.isoformat()} and {LATEST.isoformat()}."

FORM_PAGES = [
    "leads:create",
    "customers:create",
    "opportunities:create",
    "contracts:create",
]
LIST_PAGES = [
    ("leads:list", "leads:export"),
    ("leads:pool", None),
    ("customers:list", "customers:export"),
    ("opportunities:list", "opportunities:export"),
    ("opportunities:board", None),
    ("contracts:list", "contracts:export"),
    ("payments:list", "payments:export"),
    ("payments:balances", "payments:balances_export"),
    ("payments:received", "payments:received_export"),
    ("payments:invoices", "payments:invoices_export"),
]


class Forms(HTMLParser):
    """The forms of a page: method, action, and each field's value and type."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (a.get("method") or "get").lower(),
                    "action": a.get("action") or "",
                    "data": {},
                    "dates": {},
                }
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if "__prefix__" in name:  # a formset's template row, not sent
                return
            if kind in ("date", "datetime-local"):
                form["dates"][name] = kind
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                form["data"].setdefault(name, a.get("value") or "")
        elif tag == "textarea" and name:
            form["data"].setdefault(name, "")
        elif tag == "select" and name:
            self._select = name
            form["data"].setdefault(name, "")
        elif tag == "option" and self._select and a.get("value"):
            first_or_selected = "selected" in a or not form["data"][self._select]
            if first_or_selected:
                form["data"][self._select] = a["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_with_dates(page: str, url: str) -> list[dict]:
    parser = Forms()
    parser.feed(page)
    found = [form for form in parser.forms if form["dates"]]
    for form in found:
        form["action"] = form["action"] or url
    return found


def far_dates_stored() -> list:
    """Stored dates outside the accepted range, in every model a form writes."""
    out = []
    checks = [
        (Lead, ["next_contact_at", "last_contact_at"]),
        (Opportunity, ["expected_win_date", "next_contact_at"]),
        (Contract, ["signed_on"]),
        (Installment, ["due_date"]),
        (Payment, ["received_on"]),
        (Invoice, ["issued_on"]),
    ]
    for model, fields in checks:
        for field in fields:
            for value in model.objects.values_list(field, flat=True):
                day = value.date() if hasattr(value, "date") else value
                if day and not EARLIEST <= day <= LATEST:
                    out.append((model.__name__, field, value))
    return out


def page_urls(objects: dict) -> list[str]:
    urls = [reverse(name) for name in FORM_PAGES]
    urls += [reverse(name) for name, _export in LIST_PAGES]
    urls.append(
        f"{reverse('opportunities:activity_log')}?customer={objects['customer'].pk}"
        f"&opportunity={objects['opportunity'].pk}"
    )
    for name, (key, kwarg, method, *extra) in OBJECT_URLS.items():
        if method == "get":
            kwargs = {kwarg: objects[key].pk, **(extra[0] if extra else {})}
            urls.append(reverse(name, kwargs=kwargs))
    return urls


@pytest.mark.parametrize("persona", ["alice", "adam"])
def test_far_dates_in_every_form_are_refused_with_a_message(client, request, persona):
    objects = request.getfixturevalue("records")
    client.force_login(request.getfixturevalue(persona))
    tried = 0
    for url in page_urls(objects):
        page = client.get(url)
        assert page.status_code == 200, url
        if page.streaming:
            continue
        for form in forms_with_dates(page.content.decode(), url):
            for name, kind in form["dates"].items():
                for value in FAR[kind]:
                    data = {**form["data"], name: value}
                    send = client.post if form["method"] == "post" else client.get
                    response = send(form["action"], data)
                    tried += 1
                    assert response.status_code in (200, 302), (url, name, value)
                    if response.status_code == 200 and form["method"] == "post":
                        assert MESSAGE in response.content.decode(), (url, name)
    assert tried >= 40
    assert far_dates_stored() == []


@pytest.mark.parametrize(("list_name", "export_name"), LIST_PAGES)
def test_far_dates_in_every_list_filter_and_export_answer_calmly(
    client, request, adam, list_name, export_name
):
    request.getfixturevalue("records")
    client.force_login(adam)
    url = reverse(list_name)
    filters = [
        form
        for form in forms_with_dates(client.get(url).content.decode(), url)
        if form["method"] == "get"
    ]
    for form in filters:
        for name in form["dates"]:
            for value in FAR["date"]:
                response = client.get(url, {name: value})
                assert response.status_code == 200, (url, name, value)
                assert MESSAGE in response.content.decode(), (url, name, value)
                if export_name:
                    for file_format in ("csv", "xlsx"):
                        exported = client.get(
                            reverse(export_name), {name: value, "format": file_format}
                        )
                        assert exported.status_code == 200, (export_name, name)
