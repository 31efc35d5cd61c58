"""Exports stream their rows from a chunked cursor; spreadsheets are capped."""

from django.db import connection
from django.db.models.query import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OpportunityFactory
from tests.transfer.conftest import downloaded_rows
from users.spreadsheets import exporting

URL = reverse("opportunities:export")


def test_csv_rows_are_read_while_the_file_is_sent(client, alice):
    OpportunityFactory.create_batch(7, owner=alice)
    client.force_login(alice)
    with CaptureQueriesContext(connection) as before:
        response = client.get(URL)
    # The view answered without reading a deal: the rows come as it streams.
    assert response.streaming
    assert not any("opportunities_opportunity" in q["sql"] for q in before)
    with CaptureQueriesContext(connection) as during:
        rows = downloaded_rows(response)
    assert len(rows) == 1 + 7
    assert any("opportunities_opportunity" in q["sql"] for q in during)


def test_rows_come_through_a_chunked_iterator(client, alice, monkeypatch):
    OpportunityFactory.create_batch(3, owner=alice)
    chunks = []
    original = QuerySet.iterator

    def spy(self, chunk_size=None):
        chunks.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    client.force_login(alice)
    assert len(downloaded_rows(client.get(URL))) == 4
    assert chunks == [exporting.CHUNK_SIZE]


def test_a_spreadsheet_past_its_cap_sends_back_to_the_list(client, alice, monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_MAX_ROWS", 2)
    OpportunityFactory.create_batch(3, owner=alice)
    client.force_login(alice)
    response = client.get(URL, {"format": "xlsx", "status": "open"})
    assert response.status_code == 302
    assert response["Location"] == reverse("opportunities:list") + "?status=open"
    page = client.get(response["Location"]).content.decode()
    assert "A spreadsheet holds at most 2 rows" in page
    # CSV takes them all.
    assert len(downloaded_rows(client.get(URL, {"status": "open"}))) == 4


def test_a_spreadsheet_within_its_cap_is_complete(client, alice, monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_MAX_ROWS", 3)
    OpportunityFactory.create_batch(3, owner=alice)
    client.force_login(alice)
    response = client.get(URL, {"format": "xlsx"})
    assert response.status_code == 200
    assert len(downloaded_rows(response)) == 4
