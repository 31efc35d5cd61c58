"""customers:options — the customer picker's search: visible matches as <option>s."""

import re

import pytest
from django.urls import reverse

from customers.widgets import SEARCH_HINT
from tests.customers.conftest import credit_code
from tests.factories import CustomerFactory

URL = reverse("customers:options")
# session, user, the manager's teams and people, and one query for the matches.
QUERY_BUDGET = 4
OPTION = re.compile(r'<option value="(\d*)">([^<]*)</option>')


def options(response) -> list[tuple[str, str]]:
    """The (value, label) of each option in the fragment."""
    assert response.status_code == 200
    return OPTION.findall(response.content.decode())


def labels(client, q: str) -> list[str]:
    return [label for _value, label in options(client.get(URL, {"q": q}))]


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL, {"q": "a"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_is_not_allowed(client, alice):
    client.force_login(alice)
    assert client.post(URL, {"q": "a"}).status_code == 405


def test_salesperson_finds_own_customers_never_an_outsiders(client, alice, olivia):
    mine = CustomerFactory(owner=alice, legal_name="杭州钢铁有限公司")
    CustomerFactory(owner=olivia, legal_name="杭州银行股份有限公司")
    client.force_login(alice)
    assert options(client.get(URL, {"q": "杭州"})) == [
        (str(mine.pk), "杭州钢铁有限公司")
    ]
    assert labels(client, "银行") == ["No customer matches “银行”"]


def test_manager_finds_the_customers_of_the_team(client, alice, bob, mary, olivia):
    for user in (alice, bob, olivia):
        CustomerFactory(owner=user, legal_name=f"{user.username} Trading")
    client.force_login(mary)
    assert labels(client, "trading") == ["alice Trading", "bob Trading"]


def test_finds_by_credit_code_and_by_a_name_written_differently(client, alice):
    code = credit_code("91330100MA2B3C4D5")
    name = "华为技术（深圳）有限公司"
    CustomerFactory(owner=alice, legal_name=name, credit_code=code)
    CustomerFactory(owner=alice, legal_name="深圳银行")
    client.force_login(alice)
    assert labels(client, code[:10].lower()) == [name]
    # Half-width brackets and spaces find the full-width name.
    assert labels(client, "技术 (深圳") == [name]


def test_at_most_twenty_options_by_name_and_it_says_there_are_more(client, alice):
    for number in range(25, 0, -1):
        CustomerFactory(owner=alice, legal_name=f"Delta {number:02}")
    client.force_login(alice)
    response = client.get(URL, {"q": "delta"})
    shown = [label for _value, label in options(response)]
    assert shown == [f"Delta {number:02}" for number in range(1, 21)]
    assert "The first 20 matches" in response.content.decode()


def test_twenty_matches_are_not_said_to_be_cut_short(client, alice):
    CustomerFactory.create_batch(20, owner=alice)
    client.force_login(alice)
    response = client.get(URL, {"q": "客户"})
    assert len(options(response)) == 20
    assert "<optgroup" not in response.content.decode()


@pytest.mark.parametrize("q", ["", "   "])
def test_nothing_to_search_for_gives_only_the_hint(client, alice, q):
    CustomerFactory(owner=alice)
    client.force_login(alice)
    assert options(client.get(URL, {"q": q})) == [("", str(SEARCH_HINT))]


def test_the_text_searched_for_is_escaped(client, alice):
    client.force_login(alice)
    content = client.get(URL, {"q": "<b>"}).content.decode()
    assert "<b>" not in content
    assert "&lt;b&gt;" in content


@pytest.mark.parametrize("rows", [5, 60])
def test_query_count_does_not_grow_with_the_customers(
    client, mary, alice, bob, rows, django_assert_num_queries
):
    for number in range(rows):
        CustomerFactory(owner=alice if number % 2 else bob)
    client.force_login(mary)
    with django_assert_num_queries(QUERY_BUDGET):
        response = client.get(URL, {"q": "客户"})
    assert len(options(response)) == min(rows, 20)
