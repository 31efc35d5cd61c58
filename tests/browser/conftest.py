"""Playwright driving Debian's Chromium (never a downloaded browser)."""

import os
from pathlib import Path

import pytest
from django.db import connection

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(os.environ.get("CRM_SCREENSHOTS", "var/screenshots"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CRM_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
        pytest.skip(f"{CHROMIUM} is missing; browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_for(migrated_data, browser, live_server):
    """Open a logged-in page for a user, at a width and locale; `options` go to
    the browser context (has_touch=True, is_mobile=True for a phone)."""
    contexts = []

    def open_page(user, *, width=1366, height=860, locale="en-US", **options):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale=locale,
            base_url=live_server.url,
            **options,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if user is not None:
            page.goto("/accounts/login/")
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", "secret-pass-123")
            page.click(".auth-card button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_page
    for context in contexts:
        context.close()
    # With Playwright's event loop running, Django gives this thread its own
    # connection; close it so PostgreSQL can drop the test database at the end.
    connection.close()


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """The whole page; `full_page=False` keeps only the viewport (open dialogs,
    whose fixed backdrop covers only the viewport in a full-page capture)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def deal_with_a_decision_maker(owner, **fields):
    """A deal whose customer has a decision maker with a phone (the phone bar
    calls them); returns the deal and the contact."""
    from tests.factories import ContactFactory, CustomerFactory, OpportunityFactory

    customer = CustomerFactory(owner=owner, legal_name="苏州星河精密机械有限公司")
    contact = ContactFactory(
        customer=customer,
        name="王磊",
        phone="13800138000",
        buying_role="decision_maker",
    )
    deal = OpportunityFactory(
        owner=owner, customer=customer, name="三号线远程监控改造", **fields
    )
    return deal, contact


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    """What axe-core (tests/browser/vendor, pinned in package.json) finds on the
    page at these impacts, one line per rule with the first offending element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " target: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['target']}"
        for v in results
        if v["impact"] in impacts
    ]
