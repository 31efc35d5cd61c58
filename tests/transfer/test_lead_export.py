"""leads:export — exactly the visible, filtered rows, neutralized."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leads.models import LeadStatus
from tests.factories import LeadFactory
from tests.transfer.conftest import downloaded_rows

URL = reverse("leads:export")


def companies(client, params=None) -> set[str]:
    rows = downloaded_rows(client.get(URL, params or {}))
    return {row[0] for row in rows[1:]}


@pytest.fixture
def leads(alice, bob, olivia):
    return {
        "alice": LeadFactory(owner=alice, company_name="Alice Co"),
        "alice_won": LeadFactory(
            owner=alice, company_name="Alice Qualified", status=LeadStatus.QUALIFIED
        ),
        "bob": LeadFactory(owner=bob, company_name="Bob Co"),
        "olivia": LeadFactory(owner=olivia, company_name="Olivia Co"),
        "pool": LeadFactory(owner=None, company_name="Pool Co"),
    }


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_is_refused(client, alice):
    client.force_login(alice)
    assert client.post(URL).status_code == 405


def test_salesperson_gets_own_leads_and_the_pool_never_a_teammates(
    client, alice, leads
):
    client.force_login(alice)
    assert companies(client) == {"Alice Co", "Alice Qualified", "Pool Co"}


def test_manager_gets_the_whole_team(client, mary, leads):
    client.force_login(mary)
    assert companies(client) == {"Alice Co", "Alice Qualified", "Bob Co", "Pool Co"}


def test_outsider_gets_only_own_leads(client, olivia, leads):
    client.force_login(olivia)
    assert companies(client) == {"Olivia Co", "Pool Co"}


def test_the_lists_filters_are_honoured(client, mary, alice, leads):
    client.force_login(mary)
    assert companies(client, {"status": "qualified"}) == {"Alice Qualified"}
    assert companies(client, {"q": "bob"}) == {"Bob Co"}
    assert companies(client, {"owner": alice.pk, "status": "new"}) == {"Alice Co"}


def test_rows_follow_the_lists_order(client, alice):
    for company, contact in (("Beta", "Zhou"), ("Alpha", "Wang"), ("Gamma", "Li")):
        LeadFactory(owner=alice, company_name=f"{company} Co", contact_name=contact)
    client.force_login(alice)

    def ordered(params) -> list[str]:
        return [row[0] for row in downloaded_rows(client.get(URL, params))[1:]]

    assert ordered({"sort": "-company"}) == ["Gamma Co", "Beta Co", "Alpha Co"]
    assert ordered({"sort": "contact"}) == ["Gamma Co", "Alpha Co", "Beta Co"]
    # Without a sort, the newest first, as on the list.
    assert ordered({}) == ["Gamma Co", "Alpha Co", "Beta Co"]


def test_csv_has_bom_readable_headers_labels_and_a_dated_name(client, alice):
    LeadFactory(owner=alice, source="exhibition", industry="it", region="shanghai")
    client.force_login(alice)
    response = client.get(URL)
    assert response["Content-Disposition"].startswith('attachment; filename="leads-')
    assert response["Content-Disposition"].endswith('.csv"')
    header, row = downloaded_rows(response)
    assert header[:3] == ["Company", "Contact person", "Job title"]
    assert row[5:8] == ["Exhibition", "IT and software", "Shanghai"]
    assert row[header.index("Status")] == "New"


def test_formula_like_cells_are_neutralized_in_csv_and_xlsx(client, alice):
    LeadFactory(
        owner=alice, company_name="=1+1", phone="+86", contact_name="-5", notes="@x"
    )
    client.force_login(alice)
    for file_format in ("csv", "xlsx"):
        header, row = downloaded_rows(client.get(URL, {"format": file_format}))
        cells = dict(zip(header, row, strict=True))
        assert cells["Company"] == "'=1+1"
        assert cells["Phone"] == "'+86"
        assert cells["Contact person"] == "'-5"
        assert cells["Notes"] == "'@x"


def test_xlsx_export_has_the_same_rows(client, mary, leads):
    client.force_login(mary)
    response = client.get(URL, {"format": "xlsx", "status": "new"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = downloaded_rows(response)
    assert {row[0] for row in rows[1:]} == {"Alice Co", "Bob Co", "Pool Co"}


def test_query_count_does_not_grow_with_the_rows(client, mary, alice, bob):
    client.force_login(mary)

    def count_queries(file_format: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            downloaded_rows(client.get(URL, {"format": file_format, "owner": bob.pk}))
        return len(queries)

    LeadFactory.create_batch(5, owner=bob)
    small = {f: count_queries(f) for f in ("csv", "xlsx")}
    LeadFactory.create_batch(45, owner=bob)
    # Owners come with the leads (select_related), so 50 rows cost the same.
    assert {f: count_queries(f) for f in ("csv", "xlsx")} == small
