"""Reminders on a 390 px phone: the bell shows a reminder, opening it drops the
count and opens the deal; My day logs a follow-up for tomorrow 09:00 and
reschedules a contact from a row's menu."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from opportunities.models import Activity
from opportunities.tasks import remind_deal_contacts
from tests.browser.conftest import screenshot
from tests.factories import OpportunityFactory

PHONE = {"width": 390, "height": 844}


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_a_reminder_under_the_bell_opens_its_deal(page_for, alice):
    deal = OpportunityFactory(
        owner=alice,
        name="智能仓储二期",
        next_contact_at=timezone.now() + timedelta(minutes=20),
    )
    OpportunityFactory(
        owner=alice,
        name="另一个",
        next_contact_at=timezone.now() + timedelta(minutes=25),
    )
    assert remind_deal_contacts() == 2

    page = page_for(alice, **PHONE, locale="zh-CN")
    count = page.locator("[data-role=unread-count]")
    expect(count).to_contain_text("2")
    page.locator("[data-role=bell]").click()
    item = page.locator("[data-role=bell-item]", has_text="智能仓储二期")
    expect(item).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "bell-reminder-phone", full_page=False)
    item.click()
    page.wait_for_url(f"**{reverse('opportunities:detail', args=[deal.pk])}")
    expect(page.locator("h1")).to_contain_text("智能仓储二期")
    expect(page.locator("[data-role=unread-count]")).to_contain_text("1")


def test_log_a_follow_up_for_tomorrow_0900_from_my_day(page_for, alice):
    deal = OpportunityFactory(
        owner=alice,
        name="老客户续约",
        next_contact_at=timezone.now() - timedelta(days=1),
    )
    page = page_for(alice, **PHONE, locale="zh-CN")
    page.goto(reverse("reports:day"))
    row = page.locator(f"#day-opportunity-{deal.pk}")
    expect(row).to_be_visible()
    assert no_horizontal_scroll(page)
    row.locator("[data-role=log]").click()
    form = row.locator("[data-role=follow-up-form]")
    form.locator("textarea[name=summary]").fill("电话确认续约意向")
    form.get_by_text("明天 09:00").click()
    form.locator("button[type=submit]").click()
    expect(row.locator(".badge", has_text="已记录跟进")).to_be_visible()
    screenshot(page, "my-day-follow-up-phone")

    tomorrow_9 = (timezone.localtime() + timedelta(days=1)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    deal.refresh_from_db()
    assert deal.next_contact_at == tomorrow_9
    assert Activity.objects.get(opportunity=deal).summary == "电话确认续约意向"


def test_reschedule_two_rows_from_my_day(page_for, alice):
    first, second = (
        OpportunityFactory(
            owner=alice, name=name, next_contact_at=timezone.now() - timedelta(days=1)
        )
        for name in ("华东仓库", "华南仓库")
    )
    page = page_for(alice, **PHONE, locale="zh-CN")
    page.goto(reverse("reports:day"))
    tomorrow_9 = (timezone.localtime() + timedelta(days=1)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    # One menu serves every row: each row's copy posts for that row alone.
    for deal in (first, second):
        row = page.locator(f"#day-opportunity-{deal.pk}")
        row.locator("[data-role=reschedule]").click()
        expect(row.locator("[data-role=reschedule-menu]")).to_be_visible()
        screenshot(page, "my-day-reschedule-menu-phone", full_page=False)
        row.get_by_role("button", name="明天 09:00").click()
        expect(row.locator(".badge", has_text="已改期")).to_be_visible()
        deal.refresh_from_db()
        assert deal.next_contact_at == tomorrow_9
    assert no_horizontal_scroll(page)

    # A row answered after a reschedule opens its menu again, and a picked
    # date in the past is refused on that row.
    row = page.locator(f"#day-opportunity-{first.pk}")
    row.locator("[data-role=reschedule]").click()
    row.locator("input[name=picked]").fill("2020-01-01T09:00")
    row.locator("form button[type=submit]").click()
    expect(row.locator("[role=alert]")).to_be_visible()
    screenshot(page, "my-day-reschedule-phone")
    first.refresh_from_db()
    assert first.next_contact_at == tomorrow_9


def test_the_notification_pages_fit_a_phone(page_for, alice):
    deal = OpportunityFactory(
        owner=alice,
        name="一个名字相当长的商机用来检查手机上的换行是否正常显示",
        next_contact_at=timezone.now() + timedelta(minutes=10),
    )
    assert deal and remind_deal_contacts() == 1
    page = page_for(alice, **PHONE, locale="zh-CN")
    for url in (
        reverse("notifications:list"),
        reverse("notifications:preferences"),
        reverse("reports:week"),
    ):
        page.goto(url)
        assert no_horizontal_scroll(page), url
    page.goto(reverse("notifications:list"))
    page.locator("[data-role=notification] button[type=submit]").click()
    expect(page.locator("[data-role=notification] button[type=submit]")).to_have_count(
        0
    )
    # Read on the next page: the bell there loads with nothing unread.
    page.reload()
    expect(page.locator("[data-role=bell]")).to_be_visible()
    expect(page.locator("[data-role=unread-count]")).to_have_count(0)
    screenshot(page, "notifications-phone")
