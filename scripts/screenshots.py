"""Screenshots of the running product, at desktop and phone widths.

Usage: start the product (scripts/run), then
    .venv/bin/python scripts/screenshots.py [base-url] [out-dir] [name-prefix]
Logs in as the demo users and saves PNGs of every kind of page (lists, forms,
one record of each kind and its edit page, the reports, the 404 page) in both
languages; a name prefix takes only the pages whose names start with it.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "var/screenshots/product")
# Only the pages whose name starts with this (e.g. "report"), if given.
ONLY = sys.argv[3] if len(sys.argv) > 3 else ""
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}
# (file name, user, path): pages to capture once logged in.
PAGES = [
    ("workbench", "sales1", "/"),
    ("workbench-manager", "manager1", "/"),
    ("profile", "sales1", "/accounts/profile/"),
    ("leads", "sales1", "/leads/"),
    ("customers", "sales1", "/customers/"),
    ("opportunities", "sales1", "/opportunities/"),
    ("board", "manager1", "/opportunities/board/"),
    ("contracts-manager", "manager1", "/contracts/"),
    ("contracts", "sales1", "/contracts/"),
    ("receivables", "sales1", "/payments/"),
    ("balances", "sales1", "/payments/contracts/"),
    ("payments-received", "sales1", "/payments/received/"),
    ("workbench-admin", "admin", "/"),
    ("reports", "manager1", "/reports/"),
    ("report-funnel", "manager1", "/reports/funnel/?period=this_year"),
    ("report-forecast", "manager1", "/reports/forecast/?period=this_year"),
    ("report-performance", "manager1", "/reports/performance/?period=this_year"),
    ("report-targets", "manager1", "/reports/performance/targets/"),
    ("report-activity", "manager1", "/reports/activity/"),
    ("report-losses", "manager1", "/reports/losses/?period=this_year"),
    ("report-funnel-sales", "sales1", "/reports/funnel/?period=this_year"),
    ("report-coaching", "manager1", "/reports/coaching/"),
    ("report-calibration", "manager1", "/reports/calibration/"),
    ("report-capability", "sales1", "/reports/reps/me/"),
    ("invoices", "sales1", "/payments/invoices/"),
    ("pool", "sales1", "/leads/pool/"),
    ("lead-new", "sales1", "/leads/new/"),
    ("customer-new", "sales1", "/customers/new/"),
    ("opportunity-new", "sales1", "/opportunities/new/"),
    ("contract-new", "sales1", "/contracts/new/"),
    ("leads-import", "sales1", "/leads/import/"),
    ("password", "sales1", "/accounts/password_change/"),
    ("not-found", "sales1", "/no-such-page/"),
]
# (file name, user, list page, link pattern): the first record a list links to,
# and its edit page when it has one, so every kind of page is captured.
DETAILS = [
    ("lead", "sales1", "/leads/", r"^/leads/\d+/$", True),
    ("customer", "sales1", "/customers/", r"^/customers/\d+/$", True),
    (
        "opportunity",
        "sales1",
        "/opportunities/?status=open",
        r"^/opportunities/\d+/$",
        True,
    ),
    ("contract", "sales1", "/contracts/", r"^/contracts/\d+/$", True),
    ("payment", "sales1", "/payments/received/", r"^/payments/\d+/$", False),
]


def log_in(page, user: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", "demo12345")
    page.click(".auth-card button[type=submit]")
    page.wait_for_load_state()


def pages(page):
    """PAGES, then the detail and edit pages of the first record of each list."""
    yield from PAGES
    for name, user, listing, pattern, editable in DETAILS:
        log_in(page, user)
        page.goto(listing)
        links = page.eval_on_selector_all(
            "a[href]", "links => links.map(link => link.getAttribute('href'))"
        )
        found = [link for link in links if re.match(pattern, link)]
        if found:
            yield (name, user, found[0])
            if editable:
                yield (f"{name}-edit", user, f"{found[0]}edit/")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for locale in ("en-US", "zh-CN"):
            for label, (width, height) in VIEWPORTS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    locale=locale,
                    base_url=BASE,
                    has_touch=label == "phone",
                    is_mobile=label == "phone",
                )
                page = context.new_page()
                page.goto("/accounts/login/")
                page.screenshot(path=OUT / f"login-{label}-{locale}.png")
                current = None
                for name, user, path in pages(page):
                    if ONLY and not name.startswith(ONLY):
                        continue
                    if user != current:
                        log_in(page, user)
                        current = user
                    response = page.goto(path)
                    if response is None:
                        continue
                    # Charts draw after load; give them their animation time.
                    page.wait_for_timeout(1200 if "data-chart" in page.content() else 0)
                    target = OUT / f"{name}-{label}-{locale}.png"
                    page.screenshot(path=target, full_page=True)
                    print(target)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
