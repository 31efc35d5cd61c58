"""A background lead import on a phone: its page and the upload page's list of
imports fit the screen, their controls take a finger, and axe finds nothing
serious; while the import runs the page polls for progress."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from leads.import_jobs import lead_import_run
from leads.models import LeadImport
from tests.browser.conftest import axe_violations
from tests.browser.test_phone_pages import SMALL_TARGETS, WIDTHS

pytestmark = pytest.mark.browser


def stored(owner, name: str, **fields) -> LeadImport:
    rows = "公司名称,电话\n甲公司,13900000001\n甲公司,\n,13900000002\n乙公司,\n"
    return LeadImport.objects.create(
        owner=owner,
        file=ContentFile(rows.encode(), name="leads.csv"),
        filename=name,
        language="zh-hans",
        **fields,
    )


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_the_import_pages_fit_a_phone_and_are_accessible(page_for, alice, locale):
    done = lead_import_run(import_id=stored(alice, "2026年12月展会线索.csv").pk)
    running = stored(
        alice,
        "全年线索汇总.xlsx",
        status="running",
        total_rows=120_000,
        processed_rows=4_000,
    )
    page = page_for(
        alice,
        width=WIDTHS[0],
        height=780,
        locale=locale,
        has_touch=True,
        is_mobile=True,
    )
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 780})
        for url in (
            reverse("leads:import_detail", args=[done.pk]),
            reverse("leads:import_detail", args=[running.pk]),
            reverse("leads:import"),
        ):
            assert page.goto(url).status == 200
            where = f"{url} at {width}px ({locale})"
            scroll, inner = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll > inner:
                problems.append(f"{where}: {scroll}px wide")
            problems += [
                f"{where}: small target {t}" for t in page.evaluate(SMALL_TARGETS)
            ]
            problems += [f"{where}: {v}" for v in axe_violations(page)]
    assert not problems, "\n".join(problems)

    page.goto(reverse("leads:import_detail", args=[running.pk]))
    with page.expect_request(
        lambda r: r.headers.get("hx-request") == "true", timeout=5000
    ):
        pass
