"""The pipeline board and its drag-and-drop move: visibility, totals, filters."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opportunities.models import (
    DeterminationMode,
    FunnelSettings,
    Opportunity,
    Stage,
    StageChange,
)
from opportunities.views.board import CARDS_PER_COLUMN
from tests.factories import CustomerFactory, OpportunityFactory

URL = reverse("opportunities:board")


def move_url(deal) -> str:
    return reverse("opportunities:move", args=[deal.pk])


def use_mode(mode: str) -> None:
    FunnelSettings.objects.update_or_create(pk=1, defaults={"mode": mode})


def card_names(response) -> set[str]:
    return {
        card.name for column in response.context["columns"] for card in column["cards"]
    }


def column(response, stage) -> dict:
    (found,) = [c for c in response.context["columns"] if c["stage"] == stage]
    return found


def deal(owner, stage, amount, **fields) -> Opportunity:
    """A deal with its stored numbers computed, as the services leave them."""
    opportunity = OpportunityFactory(
        owner=owner, stage=stage, amount=Decimal(amount), **fields
    )
    opportunity.refresh_numbers(0)
    opportunity.save()
    return opportunity


def bulk_deals(owner, stages, count: int) -> None:
    """`count` open deals spread over the stages, in one INSERT."""
    customer = CustomerFactory(owner=owner)
    rows = []
    for index in range(count):
        row = Opportunity(
            name=f"Bulk {owner.username} {index}",
            owner=owner,
            customer=customer,
            stage=stages[index % len(stages)],
            amount=Decimal(1000 + index),
        )
        row.refresh_numbers(0)
        rows.append(row)
    Opportunity.objects.bulk_create(rows)


# The board page


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_columns_are_the_open_stages_in_order(client, alice, stages):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert [c["stage"] for c in response.context["columns"]] == stages
    body = response.content.decode()
    for stage in stages:
        assert f"{stage.percentage}%" in body
    assert "Won" not in [c["stage"].name_en for c in response.context["columns"]]


def test_salesperson_sees_only_own_open_deals(client, alice, bob, olivia, stages):
    OpportunityFactory(owner=alice, name="Mine")
    OpportunityFactory(owner=bob, name="Teammate's")
    OpportunityFactory(owner=olivia, name="Outsider's")
    OpportunityFactory(owner=alice, name="Lost one", status="lost", lost_reason="Price")
    client.force_login(alice)
    response = client.get(URL)
    assert card_names(response) == {"Mine"}
    body = response.content.decode()
    assert "Outsider" not in body
    assert "Lost one" not in body


def test_manager_sees_the_team_including_sub_teams(client, mary, alice, kate, olivia):
    OpportunityFactory(owner=alice, name="Alice's")
    OpportunityFactory(owner=kate, name="Kate's")
    OpportunityFactory(owner=olivia, name="Olivia's")
    client.force_login(mary)
    response = client.get(URL)
    assert card_names(response) == {"Alice's", "Kate's"}
    # Managers see whose deal each card is.
    assert str(kate) in response.content.decode()


def test_outsider_sees_none_of_alices_deals(client, alice, olivia):
    OpportunityFactory(owner=alice, name="Alice ERP")
    client.force_login(olivia)
    response = client.get(URL)
    assert card_names(response) == set()
    assert all(c["totals"]["count"] == 0 for c in response.context["columns"])
    assert "Alice ERP" not in response.content.decode()


def test_card_shows_amounts_next_contact_and_stale_marker(client, alice, stages):
    now = timezone.now()
    overdue = deal(
        alice, stages[1], 200000, name="Overdue", next_contact_at=now - timedelta(1)
    )  # and never contacted since it was created: overdue, stale only when old
    fresh = deal(
        alice,
        stages[1],
        100000,
        name="Fresh",
        last_contact_at=now - timedelta(days=1),
        next_contact_at=now + timedelta(days=2),
    )
    client.force_login(alice)
    response = client.get(URL)
    cards = {card.name: card for card in column(response, stages[1])["cards"]}
    assert cards["Overdue"].contact_overdue and not cards["Overdue"].is_stale
    assert not cards["Fresh"].is_stale and not cards["Fresh"].contact_overdue
    body = response.content.decode()
    # 200,000 at 25% × 80% (no competitors) = 40,000.
    assert "¥200,000.00" in body
    assert "¥40,000.00" in body
    assert reverse("opportunities:detail", args=[overdue.pk]) in body
    assert reverse("opportunities:detail", args=[fresh.pk]) in body
    # Heaviest first in a column.
    assert [c.name for c in column(response, stages[1])["cards"]] == [
        "Overdue",
        "Fresh",
    ]


def test_column_totals_cover_every_open_deal_of_the_stage(client, alice, stages):
    deal(alice, stages[0], 1000)
    deal(alice, stages[0], 3000)
    deal(alice, stages[2], 10000)
    closed = deal(alice, stages[2], 99999)
    closed.status = "lost"
    closed.lost_reason = "Budget cut"
    closed.save()
    client.force_login(alice)
    response = client.get(URL)
    first = column(response, stages[0])["totals"]
    assert (first["count"], first["amount"]) == (2, Decimal("4000"))
    # 10% × 80% of 4,000.
    assert first["weighted"] == Decimal("320")
    third = column(response, stages[2])["totals"]
    assert (third["count"], third["amount"], third["weighted"]) == (
        1,
        Decimal("10000"),
        Decimal("4000"),
    )
    assert column(response, stages[1])["totals"]["count"] == 0
    assert "¥4,000.00" in response.content.decode()


def test_a_full_column_shows_the_heaviest_cards_and_links_to_the_rest(
    client, alice, stages
):
    bulk_deals(alice, stages[:1], CARDS_PER_COLUMN + 7)
    client.force_login(alice)
    response = client.get(URL)
    first = column(response, stages[0])
    assert len(first["cards"]) == CARDS_PER_COLUMN
    assert first["hidden"] == 7
    assert first["totals"]["count"] == CARDS_PER_COLUMN + 7
    # The heaviest are shown: amounts run from 1000 to 1056, so 1000-1006 are not.
    assert min(card.amount for card in first["cards"]) == Decimal(1007)
    body = response.content.decode()
    assert "+7 more — open the list" in body
    assert (
        f"{reverse('opportunities:list')}?status=open&amp;stage={stages[0].pk}" in body
    )


@pytest.mark.parametrize("persona", ["alice", "mary", "adam"])
def test_query_count_is_the_same_for_5_and_500_deals(
    client, request, persona, alice, kate, stages
):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    def count_queries() -> int:
        cache.clear()  # each view counted with nothing cached
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
            assert response.status_code == 200
        return len(queries), response

    bulk_deals(alice, stages, 5)
    five, response = count_queries()
    assert len(card_names(response)) == 5
    bulk_deals(alice, stages, 250)
    bulk_deals(kate, stages, 245)
    five_hundred, response = count_queries()
    assert five_hundred == five
    # session, user, (managed teams), owner and team choices, stages,
    # the totals aggregate, the cards, the funnel settings, the reminder
    # settings, the user menu's team: never one per deal.
    assert five <= 12
    expected = 500 if persona != "alice" else 255
    assert sum(c["totals"]["count"] for c in response.context["columns"]) == expected


def test_search_filter(client, alice, stages):
    OpportunityFactory(owner=alice, name="Factory MES")
    OpportunityFactory(
        owner=alice,
        name="Office move",
        customer=CustomerFactory(owner=alice, legal_name="苏州MES工厂有限公司"),
    )
    OpportunityFactory(owner=alice, name="Payroll")
    client.force_login(alice)
    response = client.get(URL, {"q": "mes"})
    assert card_names(response) == {"Factory MES", "Office move"}
    assert column(response, stages[0])["totals"]["count"] == 2


def test_owner_filter(client, mary, alice, kate, stages):
    OpportunityFactory(owner=alice, name="Alice's")
    OpportunityFactory(owner=kate, name="Kate's")
    client.force_login(mary)
    response = client.get(URL, {"owner": kate.pk})
    assert card_names(response) == {"Kate's"}
    assert column(response, stages[0])["totals"]["count"] == 1


def test_team_filter_includes_sub_teams(client, mary, alice, kate, teams, stages):
    OpportunityFactory(owner=alice, name="Alice's")
    OpportunityFactory(owner=kate, name="Kate's")
    client.force_login(mary)
    response = client.get(URL, {"team": teams["east_key"].pk})
    assert card_names(response) == {"Kate's"}
    response = client.get(URL, {"team": teams["east"].pk})
    assert card_names(response) == {"Alice's", "Kate's"}
    # Only the teams mary manages are offered.
    offered = set(response.context["form"].fields["team"].queryset)
    assert offered == {teams["east"], teams["east_key"]}


def test_links_to_the_list_keep_the_team_filter(client, mary, alice, teams, stages):
    for _ in range(3):
        OpportunityFactory(owner=alice, stage=stages[0])
    client.force_login(mary)
    response = client.get(URL, {"team": teams["east_key"].pk})
    assert f"team={teams['east_key'].pk}" in response.context["list_query"]


def test_admin_may_filter_by_any_team(client, adam, alice, olivia, teams):
    OpportunityFactory(owner=alice, name="Alice's")
    OpportunityFactory(owner=olivia, name="Olivia's")
    client.force_login(adam)
    response = client.get(URL, {"team": teams["north"].pk})
    assert card_names(response) == {"Olivia's"}


def test_filters_outside_the_rule_show_nothing(client, alice, mary, olivia, teams):
    OpportunityFactory(owner=alice, name="Alice's")
    OpportunityFactory(owner=olivia, name="Olivia's")
    client.force_login(alice)
    response = client.get(URL, {"owner": olivia.pk})
    assert "owner" in response.context["form"].errors
    assert card_names(response) == set()
    client.force_login(mary)
    response = client.get(URL, {"team": teams["north"].pk})
    assert "team" in response.context["form"].errors
    assert card_names(response) == set()


def test_mode_a_loads_drag_and_drop(client, alice, alice_deal):
    client.force_login(alice)
    body = client.get(URL).content.decode()
    assert "js/board.js" in body
    assert move_url(alice_deal) in body
    assert "Stages follow the checklist" not in body


def test_the_move_menu_is_written_once_for_every_card(client, alice, stages):
    for stage in stages[:3]:
        OpportunityFactory.create_batch(3, owner=alice, stage=stage)
    client.force_login(alice)
    body = client.get(URL).content.decode()
    # Nine cards, each with an empty menu; one stage list, in the template.
    assert body.count('data-role="move-menu"></ul>') == 9
    assert body.count('id="board-move-menu"') == 1
    open_stages = Stage.objects.open().count()
    assert body.count("data-move-to=") == open_stages


def test_mode_b_board_is_read_only(client, alice, alice_deal):
    use_mode(DeterminationMode.CHECKLIST)
    client.force_login(alice)
    body = client.get(URL).content.decode()
    assert (
        "Stages follow the checklist in this company: tick criteria on the deal page."
        in body
    )
    assert "js/board.js" not in body
    assert move_url(alice_deal) not in body
    assert "Alice ERP" in body


def test_list_page_links_to_the_board(client, alice):
    client.force_login(alice)
    body = client.get(reverse("opportunities:list")).content.decode()
    assert f'href="{URL}"' in body


# Moving a deal


def test_move_records_the_change_and_refreshes_the_numbers(
    client, alice, alice_deal, stages
):
    client.force_login(alice)
    response = client.post(move_url(alice_deal), {"stage": stages[2].pk})
    assert response.status_code == 200
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[2]
    # 50% × 80% (no competitors) of 100,000.
    assert alice_deal.win_probability == Decimal("0.4")
    assert alice_deal.weighted_amount == Decimal("40000")
    change = StageChange.objects.get(opportunity=alice_deal)
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        stages[0],
        stages[2],
        alice,
    )
    data = response.json()
    assert "¥40,000.00" in data["card"]
    assert f'id="board-card-{alice_deal.pk}"' in data["card"]
    assert set(data["columns"]) == {str(stages[0].pk), str(stages[2].pk)}
    assert 'data-count="0"' in data["columns"][str(stages[0].pk)]
    assert 'data-count="1"' in data["columns"][str(stages[2].pk)]
    assert "¥100,000.00" in data["columns"][str(stages[2].pk)]
    assert "Alice ERP" in data["message"]


def test_move_totals_follow_the_boards_filters(client, mary, alice, kate, stages):
    moved = OpportunityFactory(owner=alice, stage=stages[0])
    OpportunityFactory(owner=kate, stage=stages[1])
    client.force_login(mary)
    response = client.post(
        f"{move_url(moved)}?owner={alice.pk}", {"stage": stages[1].pk}
    )
    assert response.status_code == 200
    # Kate's deal in the same column is filtered out of the totals.
    assert 'data-count="1"' in response.json()["columns"][str(stages[1].pk)]


def test_manager_may_move_a_team_members_deal(client, mary, alice_deal, stages):
    client.force_login(mary)
    response = client.post(move_url(alice_deal), {"stage": stages[1].pk})
    assert response.status_code == 200
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[1]
    assert StageChange.objects.get(opportunity=alice_deal).changed_by == mary


def test_move_in_mode_b_is_refused(client, alice, alice_deal, stages):
    use_mode(DeterminationMode.CHECKLIST)
    client.force_login(alice)
    response = client.post(move_url(alice_deal), {"stage": stages[2].pk})
    assert response.status_code == 409
    assert "checklist" in response.json()["error"]
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[0]
    assert not StageChange.objects.exists()


@pytest.mark.parametrize("persona", ["bob", "olivia", "nick"])
def test_outsider_gets_404(client, request, persona, alice_deal, stages):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(move_url(alice_deal), {"stage": stages[2].pk})
    assert response.status_code == 404
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[0]


@pytest.mark.parametrize("kind", ["won", "lost"])
def test_terminal_stage_is_refused(client, alice, alice_deal, kind):
    client.force_login(alice)
    terminal = Stage.objects.get(kind=kind)
    response = client.post(move_url(alice_deal), {"stage": terminal.pk})
    assert response.status_code == 409
    assert "Mark won" in response.json()["error"]
    alice_deal.refresh_from_db()
    assert alice_deal.is_open
    assert alice_deal.stage == Stage.objects.first_open()
    assert not StageChange.objects.exists()


def test_closed_deal_cannot_be_moved(client, alice, alice_deal, stages):
    alice_deal.status = "lost"
    alice_deal.lost_reason = "Price"
    alice_deal.save()
    client.force_login(alice)
    response = client.post(move_url(alice_deal), {"stage": stages[1].pk})
    assert response.status_code == 409
    assert "Reopen" in response.json()["error"]


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_unknown_stage_is_a_bad_request(client, alice, alice_deal, value):
    client.force_login(alice)
    response = client.post(move_url(alice_deal), {"stage": value})
    assert response.status_code == 400
    assert json.loads(response.content)["error"]


def test_get_on_move_is_not_allowed(client, alice, alice_deal):
    client.force_login(alice)
    assert client.get(move_url(alice_deal)).status_code == 405


def test_anonymous_move_is_sent_to_login(client, alice_deal, stages):
    response = client.post(move_url(alice_deal), {"stage": stages[1].pk})
    assert response.status_code == 302
    alice_deal.refresh_from_db()
    assert alice_deal.stage == stages[0]


def test_move_query_count_is_bounded(client, alice, alice_deal, stages):
    bulk_deals(alice, stages, 40)
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(move_url(alice_deal), {"stage": stages[3].pk})
    assert response.status_code == 200
    # Fetch, stage, settings, save, history, stage change, numbers, totals...
    # a fixed number, whatever the board holds.
    assert len(queries) <= 18


def test_people_who_have_left_are_offered_and_marked(client, mary, bob):
    bob.is_active = False
    bob.save()
    client.force_login(mary)
    body = client.get(URL).content.decode()
    assert f'value="{bob.pk}"' in body
    assert f"{bob} (inactive)" in body
