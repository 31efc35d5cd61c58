"""The pipeline board in the browser: dragging a card moves the deal (mode A).

Acceptance criterion: "a Playwright test drags a card in mode A". The stages
and the funnel settings come from data migrations, which the live server's
flush would wipe: the `migrated_data` fixture puts them back for each test.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from opportunities.models import (
    DeterminationMode,
    FunnelSettings,
    Opportunity,
    Stage,
    StageChange,
)
from tests.browser.conftest import screenshot
from tests.factories import CustomerFactory, OpportunityFactory

BOARD = reverse("opportunities:board")


@pytest.fixture
def stages():
    stages = list(Stage.objects.open().order_by("order"))
    # Proof that the migrated configuration is there.
    assert len(stages) == 5, "the data migrations' stages are missing"
    return stages


@pytest.fixture
def deals(alice, stages):
    customer = CustomerFactory(owner=alice, legal_name="Suzhou Precision Co., Ltd.")
    made = []
    for name, amount in (("Line 3 monitoring", 200000), ("Warehouse sensors", 80000)):
        deal = OpportunityFactory(
            owner=alice, customer=customer, name=name, amount=Decimal(amount)
        )
        deal.refresh_numbers(0)
        deal.save()
        made.append(deal)
    return made


def column_cards(page, stage):
    return page.locator(f".board-cards[data-stage='{stage.pk}']")


def drag(page, card, target) -> None:
    """Drag with real mouse steps, as a person does (SortableJS needs the moves)."""
    card.scroll_into_view_if_needed()
    start = card.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + 20)
    page.mouse.down()
    # A short hold, as a person's press is, before the pointer moves.
    page.wait_for_timeout(250)
    end = target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2 + 10, start["y"] + 30, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 40, steps=20)
    page.mouse.up()


def test_dragging_a_card_moves_the_deal_to_that_stage(page_for, alice, deals, stages):
    assert FunnelSettings.load().mode == DeterminationMode.PER_STAGE
    moved, stayed = deals
    page = page_for(alice)
    page.goto(BOARD)
    first, third = column_cards(page, stages[0]), column_cards(page, stages[2])
    card = first.locator(f"#board-card-{moved.pk}")
    expect(card).to_be_visible()
    expect(third.locator(".board-card")).to_have_count(0)
    expect(page.locator(f"#board-head-{stages[0].pk} [data-role=count]")).to_have_text(
        "2"
    )
    screenshot(page, "board-01-before-drag")

    drag(page, card, third)

    # The card landed in the third column, re-rendered by the server with the
    # new weighted amount (50% × 80% of 200,000), and both heads were updated.
    expect(third.locator(f"#board-card-{moved.pk}")).to_be_visible()
    expect(
        third.locator(f"#board-card-{moved.pk} [data-role=weighted]")
    ).to_contain_text("¥80,000.00")
    expect(page.locator("#board-toasts .toast[data-kind=success]")).to_contain_text(
        moved.name
    )
    expect(page.locator(f"#board-head-{stages[0].pk} [data-role=count]")).to_have_text(
        "1"
    )
    expect(page.locator(f"#board-head-{stages[2].pk} [data-role=count]")).to_have_text(
        "1"
    )
    expect(first.locator(f"#board-card-{stayed.pk}")).to_be_visible()
    screenshot(page, "board-02-after-drag")

    moved.refresh_from_db()
    assert moved.stage == stages[2]
    assert moved.weighted_amount == Decimal("80000")
    change = StageChange.objects.get(opportunity=moved)
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        stages[0],
        stages[2],
        alice,
    )

    # After a reload the card is still where it was dropped.
    page.reload()
    expect(
        column_cards(page, stages[2]).locator(f"#board-card-{moved.pk}")
    ).to_be_visible()
    expect(column_cards(page, stages[0]).locator(".board-card")).to_have_count(1)
    screenshot(page, "board-03-after-reload")


def test_a_refused_move_snaps_back_with_a_message(page_for, alice, deals, stages):
    moved, _stayed = deals
    page = page_for(alice)
    page.goto(BOARD)
    # An administrator switches to the checklist mode while the board is open.
    FunnelSettings.objects.filter(pk=1).update(mode=DeterminationMode.CHECKLIST)
    first, second = column_cards(page, stages[0]), column_cards(page, stages[1])
    drag(page, first.locator(f"#board-card-{moved.pk}"), second)

    toast = page.locator("#board-toasts .toast[data-kind=danger]")
    expect(toast).to_contain_text("Stages follow the checklist")
    expect(first.locator(f"#board-card-{moved.pk}")).to_be_visible()
    expect(second.locator(".board-card")).to_have_count(0)
    screenshot(page, "board-04-refused-move")
    assert Opportunity.objects.get(pk=moved.pk).stage == stages[0]
    assert not StageChange.objects.exists()

    # In mode B the board is read-only and says why.
    page.reload()
    expect(page.locator("#board-read-only")).to_contain_text(
        "tick criteria on the deal page"
    )
    assert page.locator("#board").get_attribute("data-can-drag") == "false"


def test_on_a_phone_a_card_moves_through_its_menu(page_for, alice, deals, stages):
    moved, _stayed = deals
    page = page_for(alice, width=390, height=844)
    page.goto(BOARD)
    card = column_cards(page, stages[0]).locator(f"#board-card-{moved.pk}")
    card.get_by_role("button", name=f"Move “{moved.name}” to another stage").click()
    menu = card.locator(".dropdown-menu")
    expect(menu).to_be_visible()
    # The deal's own stage is not offered.
    expect(menu.locator(f"[data-move-to='{stages[0].pk}']")).to_have_count(0)
    screenshot(page, "board-05-phone-move-menu")

    menu.locator(f"[data-move-to='{stages[3].pk}']").click()

    moved_card = column_cards(page, stages[3]).locator(f"#board-card-{moved.pk}")
    expect(moved_card).to_be_visible()
    expect(page.locator(f"#board-head-{stages[3].pk} [data-role=count]")).to_have_text(
        "1"
    )
    expect(page.locator("#board-toasts .toast[data-kind=success]")).to_contain_text(
        moved.name
    )
    screenshot(page, "board-06-phone-moved")
    moved.refresh_from_db()
    assert moved.stage == stages[3]
    # 75% × 80% of 200,000.
    assert moved.weighted_amount == Decimal("120000")
    # Opened again, the menu offers the stage the deal left and not its new one.
    moved_card.get_by_role(
        "button", name=f"Move “{moved.name}” to another stage"
    ).click()
    menu = moved_card.locator(".dropdown-menu")
    expect(menu.locator(f"[data-move-to='{stages[0].pk}']")).to_have_count(1)
    expect(menu.locator(f"[data-move-to='{stages[3].pk}']")).to_have_count(0)
