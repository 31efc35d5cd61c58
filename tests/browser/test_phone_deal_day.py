"""A salesperson between visits, on a phone: from the workbench to today's deal,
a call logged with "tomorrow 09:00", the header refreshed without a reload, and
a criterion ticked, in at most six taps after opening the deal."""

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from opportunities.models import Activity, JudgmentCriterion, Opportunity, Stage
from tests.browser.conftest import deal_with_a_decision_maker, screenshot
from users.moments import format_moment

SUMMARY = "电话沟通：客户确认三季度预算，下周安排技术交流。"


def test_a_call_and_a_tick_on_todays_deal_from_a_phone(page_for, alice):
    now = timezone.localtime()
    start_of_today = timezone.make_aware(datetime.combine(now.date(), time(0, 1)))
    deal, _contact = deal_with_a_decision_maker(
        alice,
        amount=200000,
        next_contact_at=start_of_today,
        last_contact_at=now - timedelta(days=30),
    )
    second = Stage.objects.open().order_by("order")[1]
    criterion = JudgmentCriterion.objects.filter(stage=second).order_by("order")[0]
    tomorrow_nine = timezone.make_aware(
        datetime.combine(now.date() + timedelta(days=1), time(9, 0))
    )

    page = page_for(
        alice, width=390, height=844, locale="zh-CN", has_touch=True, is_mobile=True
    )
    # The workbench lists the deal among today's contacts; opening it is not counted.
    deal_url = reverse("opportunities:detail", args=[deal.pk])
    page.locator(f"a[href='{deal_url}']").first.tap()
    page.wait_for_url(f"**{deal_url}")
    page.evaluate("window.__noReload = true")
    flags = page.locator("#deal-flags")
    # A contact due today is not overdue; thirty days without a follow-up is stale.
    expect(flags).not_to_contain_text("下次联系已逾期")
    expect(flags).to_contain_text("停滞")
    expect(page.locator("#bar-call")).to_have_attribute("href", "tel:13800138000")
    screenshot(page, "phone-deal-01-opened", full_page=False)

    taps = 0

    def tap(locator) -> None:
        nonlocal taps
        locator.tap()
        taps += 1

    # 1. The bar's "log follow-up" opens the form as a sheet; a call is the default.
    tap(page.locator("#bar-log"))
    sheet = page.locator("#activity-sheet")
    form = sheet.locator("#activity-form")
    expect(form).to_be_visible()
    expect(form.locator("select[name=kind]")).to_have_value("call")
    # 2. The summary, typed.
    tap(form.locator("textarea[name=summary]"))
    page.keyboard.insert_text(SUMMARY)
    # 3. "Tomorrow 09:00".
    tap(form.get_by_role("button", name="明天 09:00"))
    expect(form.locator("input[name=next_contact_at]")).to_have_value(
        timezone.localtime(tomorrow_nine).strftime("%Y-%m-%dT%H:%M")
    )
    screenshot(page, "phone-deal-02-sheet", full_page=False)
    # 4. Save: a toast, the sheet closes, the header shows the new dates.
    tap(form.locator("button[type=submit]"))
    expect(page.locator("#toast-slot .toast")).to_contain_text("跟进记录已保存")
    expect(sheet).not_to_be_visible()
    with translation.override("zh-hans"):
        next_shown = format_moment(tomorrow_nine)
        second_name = str(second.name)
    expect(page.locator("[data-date=next-contact]")).to_have_text(next_shown)
    expect(page.locator("#deal-contacts")).to_contain_text("刚刚")
    expect(flags).not_to_contain_text("逾期")
    expect(flags).not_to_contain_text("停滞")
    expect(page.locator("#activity-list")).to_contain_text(SUMMARY)
    screenshot(page, "phone-deal-03-logged", full_page=False)

    # 5–6. To the criteria, and one ticked: the notice names stage and probability.
    tap(page.locator("#bar-criteria"))
    with page.expect_response(lambda r: r.request.method == "POST"):
        tap(page.locator(f"#criterion-{criterion.pk}"))
    # 25% stage × 80% with no known competitor = 20%.
    expect(page.locator("#judgment-notice [data-role=standing]")).to_have_text(
        f"当前阶段：{second_name}（{second.percentage}%），赢单率 20%。"
    )
    expect(page.locator('[data-number="probability"]')).to_have_text("20%")
    screenshot(page, "phone-deal-04-ticked", full_page=False)

    assert taps <= 6
    assert page.evaluate("window.__noReload === true"), "the page reloaded"
    call = Activity.objects.get(opportunity=deal)
    assert (call.kind, call.summary, call.logged_by) == ("call", SUMMARY, alice)
    assert call.next_contact_at == tomorrow_nine
    deal = Opportunity.objects.get(pk=deal.pk)
    assert deal.next_contact_at == tomorrow_nine
    assert deal.stage == second
