"""Screenshots of the running product, at desktop and phone widths.

Usage: start the product (scripts/run), then
    .venv/bin/python scripts/screenshots.py [base-url] [out-dir] [name-prefix]
Logs in as the demo users and saves PNGs of the main pages in both languages.
"""

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
]


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
                )
                page = context.new_page()
                page.goto("/accounts/login/")
                page.screenshot(path=OUT / f"login-{label}-{locale}.png")
                current = None
                for name, user, path in PAGES:
                    if ONLY and not name.startswith(ONLY):
                        continue
                    if user != current:
                        context.clear_cookies()
                        page.goto("/accounts/login/")
                        page.fill("input[name=username]", user)
                        page.fill("input[name=password]", "demo12345")
                        page.click(".auth-card button[type=submit]")
                        page.wait_for_load_state()
                        current = user
                    response = page.goto(path)
                    if response is None or response.status == 404:
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
