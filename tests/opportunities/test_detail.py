"""The opportunity page: numbers, dates, lines, competitors and histories."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportunities.models import OpportunityLine
from opportunities.services import opportunity_close, opportunity_refresh_numbers
from tests.factories import (
    ActivityFactory,
    CompetitorFactory,
    ContactFactory,
    ProductFactory,
)


def url(opportunity) -> str:
    return reverse("opportunities:detail", args=[opportunity.pk])


def test_outsider_gets_404(client, olivia, alice_deal):
    client.force_login(olivia)
    assert client.get(url(alice_deal)).status_code == 404


def test_manager_sees_a_team_members_deal(client, mary, alice_deal):
    client.force_login(mary)
    assert client.get(url(alice_deal)).status_code == 200


def test_header_shows_the_numbers_and_the_competition_effect(client, alice, alice_deal):
    alice_deal.competitors.add(CompetitorFactory(name="Rival Soft"))
    opportunity_refresh_numbers(opportunity=alice_deal)
    client.force_login(alice)
    body = client.get(url(alice_deal)).content.decode()
    assert "¥100,000.00" in body  # amount
    assert "5%" in body  # 10% × 50%
    assert "¥5,000.00" in body  # weighted amount
    assert "1 competitor: probability × 50%" in body
    assert reverse("customers:detail", args=[alice_deal.customer_id]) in body


def test_no_competitors_sentence(client, alice, alice_deal):
    client.force_login(alice)
    body = client.get(url(alice_deal)).content.decode()
    assert "No known competitors: probability × 80%" in body


def test_lines_table_with_total(client, alice, alice_deal):
    product = ProductFactory(name="质检模块", unit_price=2000)
    OpportunityLine.objects.create(
        opportunity=alice_deal, product=product, quantity=2, unit_price=2000
    )
    OpportunityLine.objects.create(
        opportunity=alice_deal, description="上门培训", quantity=1, unit_price=800
    )
    client.force_login(alice)
    body = client.get(url(alice_deal)).content.decode()
    assert "质检模块" in body and "上门培训" in body
    assert "¥4,800.00" in body


def test_follow_ups_and_stage_history_are_shown(client, alice, alice_deal):
    ActivityFactory(
        customer=alice_deal.customer, opportunity=alice_deal, summary="Demo went well"
    )
    opportunity_close(opportunity=alice_deal, by=alice, won=False, lost_reason="Price")
    client.force_login(alice)
    response = client.get(url(alice_deal))
    body = response.content.decode()
    assert "Demo went well" in body
    assert "Lost because:" in body and "Price" in body
    assert [c.to_status for c in response.context["stage_changes"]] == ["lost"]
    assert "Reopen" in body and "Mark won" not in body


def test_stage_history_reads_in_the_readers_language(client, alice, alice_deal, stages):
    criterion = stages[2].criteria.order_by("order").first()
    alice_deal.stage_changes.create(
        from_stage=stages[0],
        to_stage=stages[2],
        to_status="open",
        changed_by=alice,
        cause="criterion",
        criterion=criterion,
        note=criterion.text_en,
    )
    alice_deal.stage_changes.create(
        from_stage=stages[2],
        to_stage=stages[2],
        from_status="open",
        to_status="won",
        changed_by=alice,
        cause="contract_signed",
        reference="HT-2026-0042",
    )
    client.force_login(alice)

    english = client.get(url(alice_deal), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert criterion.text_en in english
    assert "Contract HT-2026-0042 signed" in english

    chinese = client.get(url(alice_deal), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert criterion.text_zh in chinese and criterion.text_en not in chinese
    assert "合同 HT-2026-0042 已签订" in chinese


def test_open_deal_offers_won_and_lost(client, alice, alice_deal):
    client.force_login(alice)
    body = client.get(url(alice_deal)).content.decode()
    assert reverse("opportunities:close", args=[alice_deal.pk]) in body
    assert 'name="lost_reason"' in body
    assert reverse("opportunities:update", args=[alice_deal.pk]) in body


def test_change_history_names_the_changed_fields(client, alice, alice_deal):
    alice_deal.name = "Alice ERP phase 2"
    alice_deal.save()
    client.force_login(alice)
    history = client.get(url(alice_deal)).context["history"]
    assert [row.kind for row in history] == ["~", "+"]
    assert history[0].fields == ["name"]


def test_query_count_does_not_grow_with_lines_activities_and_changes(
    client, alice, alice_deal, stages
):
    client.force_login(alice)
    product = ProductFactory()

    def add(count: int) -> None:
        for index in range(count):
            OpportunityLine.objects.create(
                opportunity=alice_deal, product=product, quantity=1, unit_price=10
            )
            ActivityFactory(customer=alice_deal.customer, opportunity=alice_deal)
            alice_deal.competitors.add(CompetitorFactory())
            alice_deal.stage = stages[index % 2]
            alice_deal.save()
            alice_deal.stage_changes.create(
                from_stage=stages[0],
                to_stage=stages[1],
                to_status="open",
                changed_by=alice,
            )

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(alice_deal)).status_code == 200
        return len(queries)

    add(5)
    five = count_queries()
    add(45)
    assert count_queries() == five


def test_stage_history_shows_the_latest_and_offers_the_rest(
    client, alice, alice_deal, stages
):
    for index in range(25):
        alice_deal.stage_changes.create(
            from_stage=stages[index % 2],
            to_stage=stages[(index + 1) % 2],
            to_status="open",
            changed_by=alice,
        )
    client.force_login(alice)

    response = client.get(url(alice_deal))
    assert len(response.context["stage_changes"]) == 20
    assert response.context["stage_history_more"]
    assert 'href="?stage_history=all#stage-history"' in response.content.decode()

    response = client.get(url(alice_deal), {"stage_history": "all"})
    assert len(response.context["stage_changes"]) == 25
    assert 'href="?stage_history=all#stage-history"' not in response.content.decode()


def test_the_phone_bar_calls_the_decision_maker_who_has_a_phone(
    client, alice, alice_deal
):
    ContactFactory(
        customer=alice_deal.customer,
        name="No phone",
        phone="",
        buying_role="decision_maker",
    )
    ContactFactory(
        customer=alice_deal.customer,
        name="A user",
        phone="13900000000",
        buying_role="user",
    )
    client.force_login(alice)
    url = reverse("opportunities:detail", args=[alice_deal.pk])
    body = client.get(url).content.decode()
    assert 'id="bar-log"' in body and 'id="bar-criteria"' in body
    assert "tel:" not in body

    ContactFactory(
        customer=alice_deal.customer,
        name="Zhang Wei",
        phone="138 0013 8000",
        buying_role="decision_maker",
    )
    body = client.get(url).content.decode()
    assert 'href="tel:13800138000"' in body and "Call Zhang Wei" in body
