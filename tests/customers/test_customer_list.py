"""The customer list: visibility, filters, sorting, paging, query budget."""

import pytest
from django.urls import reverse

from tests.factories import CustomerFactory
from tests.html import html_from

URL = reverse("customers:list")
QUERY_BUDGET = 6


def names(response) -> list[str]:
    return [c.legal_name for c in response.context["customers"]]


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_salesperson_sees_only_own_customers(client, alice, bob, olivia):
    CustomerFactory(legal_name="Alice Co", owner=alice)
    CustomerFactory(legal_name="Bob Co", owner=bob)
    CustomerFactory(legal_name="Olivia Co", owner=olivia)
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Alice Co"]


def test_manager_sees_team_customers(client, alice, bob, kate, mary, olivia):
    for user in (alice, bob, kate, olivia):
        CustomerFactory(legal_name=f"{user.username} Co", owner=user)
    client.force_login(mary)
    response = client.get(URL)
    assert names(response) == ["alice Co", "bob Co", "kate Co"]


def test_search_and_filters_narrow_the_list(client, alice):
    CustomerFactory(
        legal_name="杭州钢铁", industry="manufacturing", region="zhejiang", owner=alice
    )
    CustomerFactory(
        legal_name="杭州银行", industry="finance", region="zhejiang", owner=alice
    )
    CustomerFactory(
        legal_name="上海银行", industry="finance", region="shanghai", owner=alice
    )
    client.force_login(alice)
    assert names(client.get(URL, {"q": "杭州"})) == ["杭州钢铁", "杭州银行"]
    assert names(client.get(URL, {"industry": "finance", "region": "zhejiang"})) == [
        "杭州银行"
    ]


def test_owner_filter_for_a_manager(client, alice, bob, mary):
    CustomerFactory(legal_name="A", owner=alice)
    CustomerFactory(legal_name="B", owner=bob)
    client.force_login(mary)
    assert names(client.get(URL, {"owner": bob.pk})) == ["B"]


def test_a_salesperson_has_no_owner_to_choose(client, alice, mary):
    client.force_login(alice)
    assert 'name="owner"' not in client.get(URL).content.decode()
    client.force_login(mary)
    assert 'name="owner"' in client.get(URL).content.decode()


def test_sorting_by_a_column_and_back(client, alice):
    CustomerFactory(legal_name="A", region="zhejiang", owner=alice)
    CustomerFactory(legal_name="B", region="beijing", owner=alice)
    client.force_login(alice)
    assert names(client.get(URL, {"sort": "region"})) == ["B", "A"]
    assert names(client.get(URL, {"sort": "-region"})) == ["A", "B"]
    # An unknown key falls back to the default order instead of failing.
    assert names(client.get(URL, {"sort": "password"})) == ["A", "B"]


def test_list_is_paginated(client, alice):
    CustomerFactory.create_batch(30, owner=alice)
    client.force_login(alice)
    assert len(client.get(URL).context["customers"]) == 25
    assert len(client.get(URL, {"page": 2}).context["customers"]) == 5


def test_empty_state_for_a_new_user(client, alice):
    client.force_login(alice)
    assert "No customers yet." in client.get(URL).content.decode()


def test_empty_state_when_filters_match_nothing(client, alice):
    CustomerFactory(owner=alice)
    client.force_login(alice)
    body = client.get(URL, {"q": "nothing like this"}).content.decode()
    assert "No customers match these filters." in body


def test_page_links_import_export_and_quick_follow_up(client, alice):
    customer = CustomerFactory(owner=alice)
    client.force_login(alice)
    body = client.get(URL, {"industry": "manufacturing"}).content.decode()
    assert reverse("customers:import") in body
    # Export keeps the filters the user is looking at.
    assert f"{reverse('customers:export')}?industry=manufacturing" in body
    log_url = (
        f"{reverse('opportunities:activity_log')}?customer={customer.pk}&amp;from=list"
    )
    assert f'hx-get="{log_url}"' in body
    assert 'id="activity-modal"' in body


def test_post_is_not_allowed(client, alice):
    client.force_login(alice)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("rows", [5, 50])
def test_query_count_does_not_grow_with_rows(
    client, mary, alice, bob, rows, django_assert_num_queries
):
    for i in range(rows):
        CustomerFactory(owner=alice if i % 2 else bob)
    client.force_login(mary)
    # session, user with their team (top bar), managed teams, team tree, the
    # count, the owner choices of the filter bar and one page of rows (owners
    # joined): the same for 5 or 50 customers.
    with django_assert_num_queries(QUERY_BUDGET):
        response = client.get(URL)
    assert response.status_code == 200


def test_a_row_shows_the_customer_escaped_with_its_dates_and_links(client, alice):
    customer = CustomerFactory(
        owner=alice,
        legal_name='A&B <Trading> "Co"',
        credit_code="",
        industry="manufacturing",
        region="",
        last_contact_at=None,
        next_contact_at=None,
    )
    client.force_login(alice)
    body = client.get(URL).content.decode()
    row = html_from(body, f'<tr id="customer-row-{customer.pk}">', "</tr>")
    assert "A&amp;B &lt;Trading&gt; &quot;Co&quot;" in row
    assert "<Trading>" not in row
    assert reverse("customers:detail", args=[customer.pk]) in row
    assert reverse("customers:update", args=[customer.pk]) in row
    assert "Manufacturing" in row
    assert row.count("—") == 4  # no credit code, region or contact dates
    assert str(alice) in row
