"""customers:export — exactly the visible, filtered rows, neutralized."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CustomerFactory
from tests.transfer.conftest import downloaded_rows

URL = reverse("customers:export")


def names(client, params=None) -> set[str]:
    return {row[0] for row in downloaded_rows(client.get(URL, params or {}))[1:]}


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_post_is_refused(client, alice):
    client.force_login(alice)
    assert client.post(URL).status_code == 405


def test_each_person_gets_exactly_the_customers_they_see(client, alice, bob, mary):
    CustomerFactory(owner=alice, legal_name="Alice Ltd", region="beijing")
    CustomerFactory(owner=bob, legal_name="Bob Ltd", region="shanghai")
    client.force_login(alice)
    assert names(client) == {"Alice Ltd"}
    client.force_login(mary)
    assert names(client) == {"Alice Ltd", "Bob Ltd"}
    assert names(client, {"region": "shanghai"}) == {"Bob Ltd"}


def test_rows_follow_the_lists_order(client, alice):
    CustomerFactory(owner=alice, legal_name="Beta Ltd", region="zhejiang")
    CustomerFactory(owner=alice, legal_name="Alpha Ltd", region="shanghai")
    CustomerFactory(owner=alice, legal_name="Gamma Ltd", region="beijing")
    client.force_login(alice)

    def ordered(params) -> list[str]:
        return [row[0] for row in downloaded_rows(client.get(URL, params))[1:]]

    assert ordered({"sort": "-legal_name"}) == ["Gamma Ltd", "Beta Ltd", "Alpha Ltd"]
    assert ordered({"sort": "region"}) == ["Gamma Ltd", "Alpha Ltd", "Beta Ltd"]
    assert ordered({}) == ["Alpha Ltd", "Beta Ltd", "Gamma Ltd"]


def test_labels_and_neutralized_cells(client, alice):
    CustomerFactory(owner=alice, legal_name="@Acme", industry="finance", phone="-1")
    client.force_login(alice)
    header, row = downloaded_rows(client.get(URL, {"format": "xlsx"}))
    cells = dict(zip(header, row, strict=True))
    assert cells["Legal name"] == "'@Acme"
    assert cells["Phone"] == "'-1"
    assert cells["Industry"] == "Finance and insurance"
    assert cells["Owner"] == str(alice)


def test_query_count_does_not_grow_with_the_rows(client, alice):
    client.force_login(alice)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            downloaded_rows(client.get(URL))
        return len(queries)

    CustomerFactory.create_batch(5, owner=alice)
    small = count_queries()
    CustomerFactory.create_batch(45, owner=alice)
    assert count_queries() == small
