"""Ticking the ordered checklist (mode B) on the deal page, in the browser.

Acceptance criterion: "In mode B, ticking criteria 1, 2, 4 of an ordered list
puts the deal in the stage of criterion 2; ticking 3 moves it to the stage of
criterion 4", ticked in the browser, with the numbers following without a
page reload.
"""

from decimal import Decimal

from django.urls import reverse
from playwright.sync_api import expect

from opportunities.models import (
    DeterminationMode,
    FunnelSettings,
    JudgmentCriterion,
    Opportunity,
    Stage,
)
from opportunities.services import opportunity_refresh_numbers
from opportunities.stage_derivation import open_checklist
from tests.browser.conftest import screenshot
from tests.factories import OpportunityFactory

# Live-server tests flush the database; this puts back the migrated stages,
# criteria and competition table before the test.


def _tick(page, criterion: JudgmentCriterion) -> None:
    """Tick one criterion and wait until htmx has swapped in the new panel."""
    page.evaluate("document.getElementById('judgment-panel').dataset.old = '1'")
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.click(f"#criterion-{criterion.pk}")
    page.wait_for_function(
        "() => !document.getElementById('judgment-panel').dataset.old"
    )


def test_salesperson_ticks_the_ordered_checklist(page_for, alice):
    # The migrated defaults survived the flush of earlier transactional tests.
    assert Stage.objects.open().count() == 5
    checklist = open_checklist()
    assert len(checklist) >= 4
    assert checklist[1].stage != checklist[3].stage
    FunnelSettings.objects.update_or_create(
        pk=1, defaults={"mode": DeterminationMode.CHECKLIST}
    )
    deal = OpportunityFactory(owner=alice, name="Harbour WMS", amount=200000)
    opportunity_refresh_numbers(opportunity=deal)

    page = page_for(alice)
    page.goto(reverse("opportunities:detail", args=[deal.pk]))
    page.evaluate("window.__noReload = true")
    badge = page.locator("#opportunity-stage-badge")
    probability = page.locator('[data-number="probability"]')
    weighted = page.locator('[data-number="weighted"]')
    expect(badge).to_have_text(checklist[0].stage.name)
    expect(page.locator("#judgment-stage-select")).to_have_count(0)
    expect(page.locator("select[name=stage]")).to_have_count(0)

    for number in (1, 2, 4):
        _tick(page, checklist[number - 1])
    # Criterion 4 waits for 3: the deal stays in criterion 2's stage.
    expect(badge).to_have_text(checklist[1].stage.name)
    expect(page.locator("#judgment-panel")).to_contain_text(
        "Counts once every criterion above it is ticked."
    )
    for number in (1, 2, 4):
        expect(page.locator(f"#criterion-{checklist[number - 1].pk}")).to_be_checked()
    expect(page.locator(f"#criterion-{checklist[2].pk}")).not_to_be_checked()
    screenshot(page, "checklist-b-01-ticked-1-2-4")

    _tick(page, checklist[2])
    target = checklist[3].stage
    expect(badge).to_have_text(target.name)
    expect(page.locator("#judgment-notice")).to_have_text(
        f"Entered “{target.name}” because “{checklist[3].text}”."
        f"Stage now: {target.name} (25%), win probability 20%."
    )
    # 25% × 80% (no competitor) = 20%; 200,000 × 20% = 40,000.
    expect(probability).to_have_text("20%")
    expect(weighted).to_have_text("¥40,000.00")
    expect(page.locator('[data-number="stage"]')).to_have_text(target.name)
    expect(page.locator("#stage-guidance")).to_contain_text(target.name)
    expect(page.locator("#stage-history")).to_contain_text(checklist[3].text)
    assert page.evaluate("window.__noReload === true"), "the page reloaded"
    screenshot(page, "checklist-b-02-ticked-3")

    deal = Opportunity.objects.get(pk=deal.pk)
    assert deal.stage == target
    assert deal.weighted_amount == Decimal("40000.00")
    assert list(deal.stage_changes.values_list("to_stage", flat=True)) == [target.pk]


def test_a_tick_that_fails_to_save_is_undone_on_the_page(page_for, alice):
    deal = OpportunityFactory(owner=alice, name="Harbour WMS", amount=200000)
    criterion = open_checklist()[0]
    page = page_for(alice)
    page.goto(reverse("opportunities:detail", args=[deal.pk]))
    # The server is unreachable for this one request.
    page.route("**/criteria/", lambda route: route.abort())

    page.click(f"#criterion-{criterion.pk}")

    expect(page.locator(".alert-danger[role=alert]")).to_be_visible()
    expect(page.locator(f"#criterion-{criterion.pk}")).not_to_be_checked()
    expect(page.locator(f"#criterion-{criterion.pk}")).to_be_enabled()
    assert not deal.met_criteria.exists()
