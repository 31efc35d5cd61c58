"""opportunities:export — visible filtered rows, money as plain decimals."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportunities.models import Stage
from tests.factories import OpportunityFactory
from tests.transfer.conftest import downloaded_rows

URL = reverse("opportunities:export")


def names(client, params=None) -> set[str]:
    return {row[0] for row in downloaded_rows(client.get(URL, params or {}))[1:]}


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_post_is_refused(client, alice):
    client.force_login(alice)
    assert client.post(URL).status_code == 405


def test_each_person_gets_exactly_the_deals_they_see(client, alice, bob, mary, olivia):
    OpportunityFactory(owner=alice, name="Alice deal", amount=500)
    OpportunityFactory(owner=bob, name="Bob deal", amount=5000)
    OpportunityFactory(owner=olivia, name="Olivia deal")
    client.force_login(alice)
    assert names(client) == {"Alice deal"}
    client.force_login(mary)
    assert names(client) == {"Alice deal", "Bob deal"}
    assert names(client, {"amount_min": "1000"}) == {"Bob deal"}


def test_rows_follow_the_lists_order(client, alice):
    for amount, name in ((300, "Middle"), (900, "Largest"), (100, "Smallest")):
        OpportunityFactory(owner=alice, name=name, amount=amount)
    client.force_login(alice)

    def ordered(params) -> list[str]:
        return [row[0] for row in downloaded_rows(client.get(URL, params))[1:]]

    assert ordered({"sort": "-amount"}) == ["Largest", "Middle", "Smallest"]
    assert ordered({"sort": "amount", "format": "xlsx"}) == [
        "Smallest",
        "Middle",
        "Largest",
    ]
    # An unknown key falls back to the list's default: the newest first.
    assert ordered({"sort": "secret_field"}) == ["Smallest", "Largest", "Middle"]


def test_money_is_a_plain_decimal_and_dates_are_iso(client, alice):
    OpportunityFactory(
        owner=alice,
        name="=HYPERLINK()",
        amount=Decimal("1234567.50"),
        expected_win_date="2026-12-01",
    )
    client.force_login(alice)
    header, row = downloaded_rows(client.get(URL))
    cells = dict(zip(header, row, strict=True))
    assert cells["Name"] == "'=HYPERLINK()"
    assert cells["Amount"] == "1234567.50"
    assert cells["Expected win date"] == "2026-12-01"
    assert cells["Stage"] == Stage.objects.first_open().name_en
    assert cells["Status"] == "Open"
    header, row = downloaded_rows(client.get(URL, {"format": "xlsx"}))
    assert dict(zip(header, row, strict=True))["Amount"] == 1234567.5


def test_query_count_does_not_grow_with_the_rows(client, alice):
    client.force_login(alice)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            downloaded_rows(client.get(URL, {"format": "xlsx"}))
        return len(queries)

    OpportunityFactory.create_batch(5, owner=alice)
    small = count_queries()
    OpportunityFactory.create_batch(45, owner=alice)
    assert count_queries() == small
