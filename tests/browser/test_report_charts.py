"""Report charts are drawn by the local ECharts and open the deals behind them."""

from opportunities.models import Stage
from tests.browser.conftest import screenshot
from tests.factories import OpportunityFactory


def test_funnel_chart_is_drawn_and_a_click_opens_the_stage_list(page_for, mary, alice):
    first, second = Stage.objects.open().order_by("order")[:2]
    for _n in range(3):
        OpportunityFactory(owner=alice, stage=first, name="Early deal")
    OpportunityFactory(owner=alice, stage=second, name="Later deal")
    page = page_for(mary, width=390, height=844)
    page.goto("/reports/funnel/")
    chart = page.locator('[data-chart="now-chart"]')
    page.wait_for_selector('[data-chart="now-chart"][data-drawn="true"] canvas')
    page.wait_for_timeout(800)  # the funnel's entry animation
    painted = chart.locator("canvas").first.evaluate(
        """canvas => {
            const data = canvas.getContext("2d").getImageData(
                0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
            return painted;
        }"""
    )
    assert painted > 1000
    # The chart fits the phone: no horizontal scroll on the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "report-funnel-phone")
    box = chart.bounding_box()
    # The widest, top band of the funnel is the first stage.
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 30)
    page.wait_for_url(f"**/opportunities/?*stage={first.pk}*")
    assert page.get_by_text("Early deal").count() == 3
    assert page.get_by_text("Later deal").count() == 0
