"""Property-based fuzzing of every create and edit form and of the importers.

Each form is fetched as a salesperson would see it, then posted back 200
times with fields replaced at random: random text, huge and negative
numbers, non-ASCII digits, far and impossible dates, control characters, or
left out. Every answer is a page or a redirect (the test client raises on a
500), and a refused post writes nothing: the counts of every business table
and the edited record's version stay as they were.
"""

import os

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.models import Contract, ContractLine
from customers.models import Contact, Customer
from customers.resources import CUSTOMER_COLUMNS, CUSTOMER_IMPORT
from leads.models import Lead, LeadActivity
from leads.resources import LEAD_COLUMNS, LEAD_IMPORT
from opportunities.models import (
    Activity,
    DealContact,
    Opportunity,
    OpportunityLine,
    StageChange,
)
from payments.models import Installment, Invoice, Payment
from tests.test_access_matrix import records  # noqa: F401 (fixture)
from tests.test_far_dates import Forms, configuration_rows  # noqa: F401 (autouse)
from tests.transfer.conftest import csv_upload
from users.spreadsheets.importing import ImportRefused, import_rows
from users.spreadsheets.reading import SpreadsheetError, read_upload

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
TABLES = [
    Lead,
    LeadActivity,
    Customer,
    Contact,
    Opportunity,
    OpportunityLine,
    DealContact,
    Activity,
    StageChange,
    Contract,
    ContractLine,
    Installment,
    Payment,
    Invoice,
]
BAD = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "9" * 40,
            "-1e30",
            "1e309",
            "NaN",
            "-Infinity",
            "-0",
            "-1",
            "١٢٣٤",  # Arabic-Indic digits
            "１２３.４５",  # full-width
            "０",
            "0001-01-01",
            "9999-12-31",
            "9999-12-31T23:59",
            "0001-01-01T00:00",
            "2026-02-30",
            "2026-13-01T25:61",
            "\x00",
            '\x01=HYPERLINK("x")',
            "\u202e\u200b",
            "   ",
            "",
            "<script>alert(1)</script>",
            "'; DROP TABLE leads_lead; --",
            "999999999999999999",
            "0.000000001",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
MISSING = object()

# page to open → which of its forms to post: (url name, key of the record in
# the URL or None, url name of the form's action or None for the page itself)
TARGETS = {
    "lead create": ("leads:create", None, None),
    "lead edit": ("leads:update", "lead", None),
    "lead follow-up": ("leads:detail", "lead", "leads:log_activity"),
    "customer create": ("customers:create", None, None),
    "customer edit": ("customers:update", "customer", None),
    "contact create": ("customers:contact_create", "customer", None),
    "contact edit": ("customers:contact_update", "contact", None),
    "deal create": ("opportunities:create", None, None),
    "deal edit": ("opportunities:update", "opportunity", None),
    "deal close": ("opportunities:detail", "opportunity", "opportunities:close"),
    "deal buying team": (
        "opportunities:detail",
        "opportunity",
        "opportunities:deal_contact_add",
    ),
    "lead conversion": ("opportunities:convert_lead", "lead", None),
    "contract create": ("contracts:create", None, None),
    "contract edit": ("contracts:update", "contract", None),
    "receivable plan": ("payments:plan", "signed_contract", None),
    "payment": ("payments:create", "signed_contract", None),
    "invoice": ("payments:invoice_create", "signed_contract", None),
}
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def the_form(client, target: str, objects: dict) -> tuple[str, dict]:
    """The action URL and the default data of the target's form."""
    page_name, key, action_name = TARGETS[target]
    record = objects[key] if key else None
    page_url = reverse(page_name, args=[record.pk] if record else [])
    action = reverse(action_name, args=[record.pk]) if action_name else page_url
    page = client.get(page_url)
    assert page.status_code == 200, target
    parser = Forms()
    parser.feed(page.content.decode())
    for form in parser.forms:
        if form["method"] == "post" and (form["action"] or page_url) == action:
            return action, form["data"]
    raise AssertionError(f"no form posting to {action} on {page_url}")


def fuzzed(defaults: dict):
    """Each field kept, left out or replaced by a bad value."""
    return st.fixed_dictionaries(
        {
            name: st.one_of(st.just(value), st.just(MISSING), BAD)
            for name, value in defaults.items()
        }
    )


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_no_form_answers_500_or_writes_half(client, alice, request, target):
    objects = request.getfixturevalue("records")
    client.force_login(alice)
    action, defaults = the_form(client, target, objects)
    edited = objects.get(TARGETS[target][1]) if "edit" in target else None

    @FUZZ
    @given(fuzzed(defaults))
    def post(data):
        sent = {k: v for k, v in data.items() if v is not MISSING}
        before = counts()
        version = _version(edited)
        response = client.post(action, sent)
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:
            assert counts() == before
            assert _version(edited) == version

    post()


def _version(record) -> int | None:
    if record is None or not hasattr(record, "version"):
        return None
    return type(record).objects.values_list("version", flat=True).get(pk=record.pk)


cells = st.one_of(BAD, st.sampled_from(["Acme", "华为技术有限公司", "alice", "it"]))


@pytest.mark.parametrize(
    ("spec", "columns"),
    [(CUSTOMER_IMPORT, CUSTOMER_COLUMNS), (LEAD_IMPORT, LEAD_COLUMNS)],
    ids=["customers", "leads"],
)
def test_no_import_fails_or_writes_half(alice, spec, columns):
    header = [str(column.label) for column in columns]

    @FUZZ
    @given(
        st.lists(
            st.lists(cells, min_size=len(header), max_size=len(header)),
            min_size=1,
            max_size=4,
        )
    )
    def run(rows):
        csv_safe = [[cell.replace("\x00", "") for cell in row] for row in rows]
        try:
            table = read_upload(csv_upload([header, *csv_safe]), columns)
        except SpreadsheetError:
            return
        before = counts()
        try:
            saved, skipped = import_rows(spec, table, alice, only_valid=False)
        except ImportRefused as refused:
            assert refused.checks and not all(c.ok for c in refused.checks)
            assert counts() == before  # all or nothing
        else:
            assert skipped == 0
            assert sum(counts().values()) == sum(before.values()) + saved

    run()
