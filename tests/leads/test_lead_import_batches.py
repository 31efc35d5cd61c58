"""leads.import_batches: rows checked a batch at a time give the row-by-row result."""

import dataclasses
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leads.import_batches import LeadBatchImporter
from leads.models import Lead
from leads.resources import LEAD_IMPORT
from tests.factories import LeadFactory
from users.spreadsheets.importing import check_rows, import_rows
from users.spreadsheets.reading import Row, Table

# The rule for one row at a time, as the import applied it before batches.
ROW_BY_ROW = dataclasses.replace(LEAD_IMPORT, batches=None)
HEADERS = {
    "company_name": "Company",
    "phone": "Phone",
    "email": "Email",
    "industry": "Industry",
    "owner": "Owner",
}


def table(*rows: dict) -> Table:
    return Table(
        headers=HEADERS,
        rows=[Row(number, values) for number, values in enumerate(rows, start=2)],
    )


@pytest.fixture
def saved(olivia):
    """Leads already saved: one per kind of match, whoever owns them."""
    LeadFactory(owner=olivia, company_name="Acme Ltd", phone="", email="")
    LeadFactory(owner=None, company_name="Pool Co", phone="13912345678", email="")
    LeadFactory(owner=olivia, company_name="Mail Co", phone="", email="x@beta.cn")


MIX = table(
    {"company_name": "acme ltd."},  # the saved company
    {"company_name": "Beta", "phone": "139-1234-5678", "email": "X@beta.cn"},
    {"company_name": "Gamma", "phone": "021 5555 0101"},
    {"company_name": "GAMMA", "email": "g@gamma.cn"},  # repeats row 4
    {"company_name": "Delta", "phone": "+86 21 5555 0101"},  # not the same digits
    {"company_name": "", "phone": "02155550101"},  # no company, repeats row 4
    {"company_name": "Epsilon", "email": "not-an-email"},
    {"company_name": "Zeta", "industry": "Mining"},
    {"company_name": "Eta", "owner": "bob"},  # not alice's to give
    {"company_name": "Theta", "email": "g@GAMMA.cn"},  # repeats row 5
    {"company_name": "Iota"},
    {"company_name": "Pool Co", "phone": "13912345678"},
)


def outcome(checks):
    return [(check.row.number, [str(e) for e in check.errors]) for check in checks]


@pytest.mark.parametrize("batch", [1, 3, 5, 100])
def test_batches_of_any_size_refuse_the_same_rows_with_the_same_messages(
    alice, bob, saved, batch
):
    expected = outcome(check_rows(ROW_BY_ROW, MIX, alice))
    importer = LeadBatchImporter(alice, LEAD_IMPORT)
    found = []
    for start in range(0, len(MIX.rows), batch):
        checks = importer.check(MIX.rows[start : start + batch], MIX.headers)
        found.extend(outcome(checks))
        importer.save(checks)  # later batches see these leads in the database

    assert found == expected
    assert [number for number, errors in found if not errors] == [4, 6, 12]
    assert dict(found)[2] == [
        "Row 2, column Company: A lead with this company already exists."
    ]
    assert dict(found)[5] == [
        "Row 5, column Company: The same value is already in row 4 of this file."
    ]


def test_only_duplicate_refusals_count_as_duplicates(alice, bob, saved):
    importer = LeadBatchImporter(alice, LEAD_IMPORT)
    importer.check(MIX.rows, MIX.headers)
    # Row 7 repeats a phone but has no company: that is an error, not only a
    # duplicate.
    assert importer.duplicates == {2, 3, 5, 11, 13}


def test_saved_leads_have_their_history_owner_and_derived_fields(alice, mary):
    rows = table(
        {"company_name": " 华为（深圳） ", "phone": "+86 139 0000 0001"},
        {"company_name": "Beta", "owner": "mary"},
    )
    saved = import_rows(LEAD_IMPORT, rows, mary, only_valid=False)

    assert saved == (2, 0)
    huawei = Lead.objects.get(company_name="华为（深圳）")
    assert (huawei.owner, huawei.created_by) == (mary, mary)
    assert (huawei.company_normalized, huawei.phone_normalized) == (
        "华为深圳",
        "13900000001",
    )
    assert huawei.score > 0
    history = huawei.history.get()
    assert (history.history_type, history.history_user) == ("+", mary)
    assert history.company_name == "华为（深圳）"
    assert Lead.history.count() == 2


def test_a_refused_file_saves_nothing_and_keeps_every_error(alice, saved):
    with pytest.raises(Exception) as refused:
        import_rows(LEAD_IMPORT, MIX, alice, only_valid=False)
    assert len([c for c in refused.value.checks if not c.ok]) == 9
    assert Lead.objects.count() == 3
    assert Lead.history.count() == 3


def test_a_replayed_start_refuses_what_one_run_would(alice, bob, saved):
    whole = LeadBatchImporter(alice, LEAD_IMPORT)
    first, rest = MIX.rows[:4], MIX.rows[4:]
    first_checks = whole.check(first, MIX.headers)
    whole.save(first_checks)
    expected = outcome(whole.check(rest, MIX.headers))

    resumed = LeadBatchImporter(alice, LEAD_IMPORT)
    resumed.replay(first, {check.row.number for check in first_checks if not check.ok})
    assert outcome(resumed.check(rest, MIX.headers)) == expected


def many_rows(count: int, start: int = 0) -> list[Row]:
    return [
        Row(n + 2, {"company_name": f"批量{n}公司", "phone": f"186{n:08d}"})
        for n in range(start, start + count)
    ]


@pytest.mark.parametrize("size", [100, 1000])
def test_a_batch_costs_the_same_queries_whatever_its_size(alice, size):
    importer = LeadBatchImporter(alice, LEAD_IMPORT)
    importer.check(many_rows(1), HEADERS)  # reads the people alice may name once
    rows = many_rows(size, start=1)
    with CaptureQueriesContext(connection) as queries:
        importer.save(importer.check(rows, HEADERS))

    statements = [query["sql"].split()[0] for query in queries.captured_queries]
    # One lookup per kind of value the rows hold (company, phone; no e-mail).
    assert statements.count("SELECT") == 2
    inserts = statements.count("INSERT")
    if connection.vendor == "postgresql":
        # The leads' INSERT and their history's.
        assert inserts == 2
    else:
        # SQLite takes at most 999 parameters a statement, so an INSERT
        # carries 30 to 40 rows of the leads' or the history's columns.
        assert inserts <= 2 * math.ceil(size / 30)
    assert len(statements) == 2 + inserts
    assert Lead.objects.count() == size
