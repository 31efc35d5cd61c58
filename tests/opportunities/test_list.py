"""The opportunity list: visibility, filters, sorting, totals, stale marker."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Opportunity
from tests.factories import CustomerFactory, OpportunityFactory, UserFactory
from users.models import ReminderSettings
from users.moments import format_moment

URL = reverse("opportunities:list")


def names(response) -> list[str]:
    return [opportunity.name for opportunity in response.context["opportunities"]]


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_salesperson_sees_only_own_deals(client, alice, bob, olivia):
    OpportunityFactory(owner=alice, name="Mine")
    OpportunityFactory(owner=bob, name="Teammate's")
    OpportunityFactory(owner=olivia, name="Outsider's")
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Mine"]
    assert "Outsider&#x27;s" not in response.content.decode()


def test_manager_sees_team_deals_including_sub_teams(client, mary, alice, kate, olivia):
    OpportunityFactory(owner=alice, name="Alice's")
    OpportunityFactory(owner=kate, name="Kate's")
    OpportunityFactory(owner=olivia, name="Olivia's")
    client.force_login(mary)
    assert set(names(client.get(URL))) == {"Alice's", "Kate's"}


def test_team_filter_narrows_to_a_sub_team_for_its_managers(
    client, dora, mary, alice, kate, teams
):
    OpportunityFactory(owner=alice, name="Alice's")
    OpportunityFactory(owner=kate, name="Kate's")
    client.force_login(dora)
    assert names(client.get(URL, {"team": teams["east_key"].pk})) == ["Kate's"]
    assert set(names(client.get(URL, {"team": teams["east"].pk}))) == {
        "Alice's",
        "Kate's",
    }
    body = client.get(URL).content.decode()
    assert 'name="team"' in body and "East Key Accounts" in body
    client.force_login(mary)
    response = client.get(URL, {"team": teams["north"].pk})
    assert "team" in response.context["filter"].errors
    client.force_login(alice)
    assert 'name="team"' not in client.get(URL).content.decode()


def test_totals_cover_the_filtered_set_not_just_the_page(client, alice, stages):
    for _ in range(30):
        OpportunityFactory(owner=alice, amount=1000, stage=stages[1])
    OpportunityFactory(owner=alice, amount=5, stage=stages[0])
    for opportunity in Opportunity.objects.all():
        opportunity.refresh_numbers(0)
        opportunity.save()
    client.force_login(alice)
    response = client.get(URL, {"stage": stages[1].pk})
    assert response.context["totals"]["amount"] == Decimal("30000")
    # 25% × 80% (no competitors) of 1000 each.
    assert response.context["totals"]["weighted"] == Decimal("6000")
    assert len(names(response)) == 25
    assert "¥30,000.00" in response.content.decode()


def test_search_and_amount_range_filter(client, alice):
    OpportunityFactory(owner=alice, name="Big ERP", amount=900000)
    OpportunityFactory(owner=alice, name="Small ERP", amount=10000)
    OpportunityFactory(owner=alice, name="Big MES", amount=800000)
    client.force_login(alice)
    response = client.get(URL, {"q": "erp", "amount_min": "50000"})
    assert names(response) == ["Big ERP"]


def test_owner_filter_only_offers_visible_people(client, alice, olivia):
    OpportunityFactory(owner=olivia)
    client.force_login(alice)
    response = client.get(URL, {"owner": olivia.pk})
    # An owner outside the rule is not a valid choice: nothing leaks.
    assert "owner" in response.context["filter"].errors
    assert names(response) == []


def test_only_those_who_see_others_deals_choose_an_owner(client, alice, mary):
    """A salesperson sees only their own deals: no owner filter to offer."""
    client.force_login(alice)
    assert 'name="owner"' not in client.get(URL).content.decode()
    client.force_login(mary)
    assert 'name="owner"' in client.get(URL).content.decode()


def test_sort_by_amount_both_ways(client, alice):
    for amount in (300, 100, 200):
        OpportunityFactory(owner=alice, name=f"Deal {amount}", amount=amount)
    client.force_login(alice)
    assert names(client.get(URL, {"sort": "amount"})) == [
        "Deal 100",
        "Deal 200",
        "Deal 300",
    ]
    assert names(client.get(URL, {"sort": "-amount"}))[0] == "Deal 300"


def test_sort_by_stage_follows_the_stage_order_both_ways(client, alice, stages):
    for stage in (stages[2], stages[0], stages[1]):
        OpportunityFactory(owner=alice, name=f"In {stage.order}", stage=stage)
    OpportunityFactory(owner=alice, name="Also in 2", stage=stages[1])
    client.force_login(alice)
    assert names(client.get(URL, {"sort": "stage"})) == [
        "In 1",
        "In 2",
        "Also in 2",
        "In 3",
    ]
    assert names(client.get(URL, {"sort": "-stage"})) == [
        "In 3",
        "Also in 2",
        "In 2",
        "In 1",
    ]
    # An administrator moves the first stage after the others.
    stages[0].order = 7
    stages[0].save()
    assert names(client.get(URL, {"sort": "stage"}))[-1] == "In 1"


def test_unknown_sort_falls_back_to_newest_first(client, alice):
    OpportunityFactory(owner=alice, name="Old")
    OpportunityFactory(owner=alice, name="New")
    client.force_login(alice)
    assert names(client.get(URL, {"sort": "password"})) == ["New", "Old"]


def test_stale_deals_are_marked(client, alice):
    now = timezone.now()
    OpportunityFactory(
        owner=alice,
        name="Overdue",
        last_contact_at=now - timedelta(days=3),
        next_contact_at=now - timedelta(days=1),
    )
    OpportunityFactory(
        owner=alice,
        name="Silent",
        last_contact_at=now - timedelta(days=20),
        next_contact_at=now + timedelta(days=1),
    )
    OpportunityFactory(owner=alice, name="Unplanned", last_contact_at=now)
    OpportunityFactory(
        owner=alice,
        name="Fresh",
        last_contact_at=now - timedelta(days=2),
        next_contact_at=now + timedelta(days=1),
    )
    client.force_login(alice)
    rows = {
        o.name: (o.is_stale, o.contact_overdue)
        for o in client.get(URL).context["opportunities"]
    }
    # Overdue is its own state: a passed next contact alone does not make stale.
    assert rows == {
        "Overdue": (False, True),
        "Silent": (True, False),
        "Unplanned": (True, False),
        "Fresh": (False, False),
    }


def test_how_old_a_contact_makes_a_deal_stale_is_a_setting(client, alice):
    ReminderSettings.objects.update_or_create(pk=1, defaults={"stale_after_days": 30})
    now = timezone.now()
    OpportunityFactory(
        owner=alice,
        name="Silent",
        last_contact_at=now - timedelta(days=20),
        next_contact_at=now + timedelta(days=1),
    )
    client.force_login(alice)
    response = client.get(URL)
    assert [o.is_stale for o in response.context["opportunities"]] == [False]
    assert Opportunity.objects.stale(now).count() == 0


def test_empty_state_and_export_link_keep_the_filters(client, alice):
    client.force_login(alice)
    body = client.get(URL, {"q": "nothing"}).content.decode()
    assert "No opportunity matches these filters." in body
    assert reverse("opportunities:export") + "?q=nothing" in body


def test_each_row_offers_a_follow_up_form(client, alice, alice_deal):
    client.force_login(alice)
    body = client.get(URL).content.decode()
    assert (
        f"{reverse('opportunities:activity_log')}"
        f"?customer={alice_deal.customer_id}&amp;opportunity={alice_deal.pk}"
    ) in body


@pytest.mark.parametrize("persona", ["alice", "mary"])
def test_query_count_does_not_grow_with_rows(client, request, persona, alice, bob):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    def count_queries() -> int:
        cache.clear()  # each view counted with nothing cached
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    for _ in range(5):
        OpportunityFactory(owner=alice, customer=CustomerFactory(owner=alice))
    five = count_queries()
    for _ in range(45):
        OpportunityFactory(owner=alice, customer=CustomerFactory(owner=alice))
    # session, user, filter choices, totals, count, page: never one per row.
    assert count_queries() == five


def test_expected_win_date_range_filters_the_list(client, alice):
    OpportunityFactory(owner=alice, name="March", expected_win_date=date(2026, 3, 5))
    OpportunityFactory(owner=alice, name="June", expected_win_date=date(2026, 6, 5))
    OpportunityFactory(owner=alice, name="Undated")
    client.force_login(alice)
    response = client.get(
        URL,
        {"expected_win_after": "2026-06-01", "expected_win_before": "2026-06-30"},
    )
    assert names(response) == ["June"]


def test_a_closed_deal_shows_no_next_contact(client, alice):
    soon = timezone.now() + timedelta(days=3)
    OpportunityFactory(owner=alice, name="Open", next_contact_at=soon)
    OpportunityFactory(
        owner=alice,
        name="Lost",
        status="lost",
        lost_reason="Price",
        next_contact_at=soon,
    )
    client.force_login(alice)
    body = client.get(URL).content.decode()
    shown = format_moment(soon)
    assert body.count(shown) == 1


def test_rows_show_typed_text_as_text(client, alice):
    customer = CustomerFactory(owner=alice, legal_name="<i>ACME</i> & Sons")
    OpportunityFactory(owner=alice, customer=customer, name='<b>Big</b> "deal"')
    client.force_login(alice)
    body = client.get(URL).content.decode()
    assert "&lt;b&gt;Big&lt;/b&gt; &quot;deal&quot;" in body
    assert "&lt;i&gt;ACME&lt;/i&gt; &amp; Sons" in body
    assert "<b>Big</b>" not in body and "<i>ACME</i>" not in body


def test_rows_read_in_the_viewers_language(client, alice):
    now = timezone.now()
    OpportunityFactory(owner=alice, name="Won one", status="won")
    OpportunityFactory(owner=alice, name="Lost one", status="lost", lost_reason="x")
    OpportunityFactory(owner=alice, last_contact_at=now - timedelta(days=30))
    client.force_login(alice)
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<span class="badge badge-status text-bg-success">赢单</span>' in body
    assert '<span class="badge badge-status text-bg-secondary">输单</span>' in body
    assert 'title="没有安排下次联系，或已 14 天没有跟进"' in body
    assert body.count('aria-label="记录跟进"') == 3
    assert 'data-label="金额"' in body


def test_an_open_deal_shows_its_stage_and_percentage(client, alice, alice_deal):
    client.force_login(alice)
    body = client.get(URL).content.decode()
    stage = alice_deal.stage
    assert (
        f'<span class="badge badge-status text-bg-primary" title="{stage.percentage}%">'
        f"{stage.name_en}</span>\n"
        f'<span class="card-only small text-body-secondary"> {stage.percentage}%</span>'
    ) in body
    assert f'href="{reverse("opportunities:detail", args=[alice_deal.pk])}"' in body


def test_a_filter_only_links_set_narrows_the_list_and_can_be_cleared(client, alice):
    OpportunityFactory(owner=alice, name="Priced", status="lost", lost_reason="Price")
    OpportunityFactory(owner=alice, name="Timed", status="lost", lost_reason="Timing")
    client.force_login(alice)
    response = client.get(URL, {"lost_reason": "Price"})
    assert names(response) == ["Priced"]
    assert response.context["is_filtered"]
    assert sorted(names(client.get(URL))) == ["Priced", "Timed"]
    response = client.get(URL, {"created_after": "not a date"})
    assert response.context["filter"].errors


def test_owner_filter_offers_everyone_seen_at_no_query_a_person(
    client, mary, alice, teams
):
    client.force_login(mary)

    def owner_options() -> tuple[int, str]:
        cache.clear()  # each view counted with nothing cached
        with CaptureQueriesContext(connection) as queries:
            body = client.get(URL, {"owner": alice.pk}).content.decode()
        return len(queries), body

    before, _body = owner_options()
    left = UserFactory(team=teams["east"], first_name="Lin", last_name="Wu")
    left.is_active = False
    left.save()
    for _ in range(4):
        UserFactory(team=teams["east"])
    after, body = owner_options()
    assert after == before
    assert f'<option value="{alice.pk}" selected>{alice}</option>' in body
    assert f'<option value="{left.pk}">Lin Wu (inactive)</option>' in body
