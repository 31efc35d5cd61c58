"""An administrator of a large company finds a deal owner by typing their name."""

from tests.browser.conftest import axe_violations, screenshot
from tests.factories import LeadFactory, OpportunityFactory, UserFactory
from users.filters import OWNER_SEARCH_THRESHOLD
from users.models import User


def many_people(teams) -> User:
    """More people than the filter lists, one of them with a deal; returns them."""
    User.objects.bulk_create(
        User(username=f"person{n:03}", first_name="Zed", last_name=f"M{n}")
        for n in range(OWNER_SEARCH_THRESHOLD)
    )
    return UserFactory(
        username="wquist",
        first_name="Wilhelmina",
        last_name="Quist",
        team=teams["north"],
    )


def search_for(page, text: str) -> None:
    """Open the owner filter and type in the box its dropdown opens with."""
    page.locator("#filters .ts-control").click()
    box = page.locator("#filters .ts-dropdown .dropdown-input")
    box.wait_for()
    box.press_sequentially(text)


def height(page, selector: str) -> float:
    return page.locator(selector).bounding_box()["height"]


def test_admin_types_part_of_a_name_picks_the_person_and_sees_their_deals(
    page_for, adam, alice, teams
):
    quist = many_people(teams)
    OpportunityFactory(owner=quist, name="Quist's harbour cranes")
    OpportunityFactory(owner=alice, name="Alice's press line")
    page = page_for(adam)
    page.goto("/opportunities/")
    assert page.locator("#id_owner option").count() == 1  # only "Anyone"
    assert axe_violations(page) == []

    search_for(page, "quis")
    match = page.locator(".ts-dropdown .option", has_text="Wilhelmina Quist")
    match.wait_for()
    assert axe_violations(page) == []  # the open search too
    match.click()
    page.locator("#filters button[type=submit]").click()

    page.wait_for_url(lambda url: f"owner={quist.pk}" in url)
    assert page.get_by_text("Quist's harbour cranes").first.is_visible()
    assert page.get_by_text("Alice's press line").count() == 0
    assert "Wilhelmina Quist" in page.locator("#filters .ts-control").inner_text()
    # One line, as tall as the selects beside it.
    assert height(page, "#filters .ts-wrapper") == height(page, "#id_stage")
    screenshot(page, "owner-search-desktop")


def test_the_search_fits_a_phone_and_speaks_chinese(page_for, adam, teams):
    many_people(teams)
    page = page_for(adam, width=390, height=844, locale="zh-CN")
    page.goto("/opportunities/")
    page.click("[aria-controls=filters]")
    search_for(page, "无此人")
    page.wait_for_selector(".ts-dropdown >> text=没有找到此人")

    dropdown = page.locator(".ts-dropdown").bounding_box()
    assert dropdown["x"] >= 0 and dropdown["x"] + dropdown["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "owner-search-phone-zh", full_page=False)


def test_admin_assigns_leads_to_someone_found_by_name(page_for, adam, alice, teams):
    quist = many_people(teams)
    UserFactory(
        username="qleft", first_name="Quentin", last_name="Quist", is_active=False
    )
    lead = LeadFactory(owner=alice, company_name="Harbour Logistics")
    page = page_for(adam, width=390, height=844)
    page.goto("/leads/")
    assert page.locator("#bulk-owner option").count() == 1  # only "Choose a person"
    page.locator(f"input[name=leads][value='{lead.pk}']").check()
    page.locator("#bulk-assign .ts-control").click()
    box = page.locator("#bulk-assign .ts-dropdown .dropdown-input")
    box.wait_for()
    box.press_sequentially("quist")
    match = page.locator(
        "#bulk-assign .ts-dropdown .option", has_text="Wilhelmina Quist"
    )
    match.wait_for()
    # Someone who has left is not offered: leads go to people who are still here.
    assert page.locator("#bulk-assign .ts-dropdown .option").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "lead-bulk-assign-search-phone", full_page=False)
    match.click()
    page.locator("#bulk-assign button[type=submit]").click()
    page.get_by_text("1 lead assigned to Wilhelmina Quist.").wait_for()
    lead.refresh_from_db()
    assert lead.owner == quist
