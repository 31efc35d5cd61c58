"""A follow-up logged from the customer, opportunity and lead lists, in the browser.

The dialog (or the lead row's own form) closes and only the record's row
changes: the window keeps a tag that a page load would wipe.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from leads.models import LeadActivity
from tests.browser.conftest import screenshot
from tests.factories import CustomerFactory, LeadFactory, OpportunityFactory

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _next_contact():
    """Three days ahead at 10:00 local time, as the form sends it."""
    local = timezone.localtime() + timedelta(days=3)
    return local.replace(hour=10, minute=0, second=0, microsecond=0)


def _log_from(page, row, summary: str, next_contact) -> None:
    page.evaluate("window.__listNoReload = true")
    row.locator("button[hx-get]").click()
    form = page.locator("#activity-modal #activity-form")
    expect(form).to_be_visible()
    form.locator("textarea[name=summary]").fill(summary)
    form.locator("input[name=next_contact_at]").fill(
        next_contact.strftime(DATETIME_LOCAL)
    )
    form.locator("button[type=submit]").click()
    expect(page.locator("#activity-modal")).to_be_hidden()
    expect(page.locator(".modal-backdrop")).to_have_count(0)
    assert page.evaluate("window.__listNoReload === true"), "the page reloaded"


def test_customer_list_swaps_the_row_and_closes_the_dialog(page_for, alice):
    customer = CustomerFactory(owner=alice, legal_name="苏州星河精密机械有限公司")
    CustomerFactory(owner=alice, legal_name="杭州东方电子有限公司")
    next_contact = _next_contact()

    page = page_for(alice)
    page.goto(reverse("customers:list"))
    row = page.locator(f"#customer-row-{customer.pk}")
    expect(row).not_to_contain_text(date_format(next_contact, "SHORT_DATE_FORMAT"))
    _log_from(page, row, "Called about the second line.", next_contact)

    expect(row).to_contain_text(date_format(next_contact, "SHORT_DATE_FORMAT"))
    expect(row.locator(".badge")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(2)
    screenshot(page, "customer-list-follow-up-logged")
    assert customer.activities.get().summary == "Called about the second line."


def test_opportunity_list_swaps_the_row_and_closes_the_dialog(page_for, mary, alice):
    deal = OpportunityFactory(owner=alice, name="Line 3 monitoring")
    OpportunityFactory(owner=alice, name="Warehouse scanners")
    next_contact = _next_contact()

    page = page_for(mary)
    page.goto(reverse("opportunities:list"))
    row = page.locator(f"#opportunity-row-{deal.pk}")
    _log_from(page, row, "Demo booked with the plant manager.", next_contact)

    expect(row).to_contain_text(date_format(next_contact, "SHORT_DATE_FORMAT"))
    expect(row).to_contain_text(next_contact.strftime("%H:%M"))
    expect(page.locator("tbody tr")).to_have_count(2)
    # The dialog opens again for the other deal, on a fresh form.
    other = page.locator("tbody tr", has_text="Warehouse scanners")
    other.locator("button[hx-get]").click()
    form = page.locator("#activity-modal #activity-form")
    expect(form.locator("textarea[name=summary]")).to_have_value("")
    screenshot(page, "opportunity-list-follow-up-logged", full_page=False)
    deal.refresh_from_db()
    assert deal.next_contact_at == next_contact


def test_lead_list_fetches_the_row_form_and_swaps_the_row(page_for, mary, alice):
    lead = LeadFactory(owner=alice, company_name="宁波海港物流有限公司")
    LeadFactory(owner=alice, company_name="无锡新材料有限公司")
    page = page_for(mary, width=390, height=844, locale="zh-CN")
    page.goto(reverse("leads:list"))
    page.evaluate("window.__listNoReload = true")
    row = page.locator(f"#lead-{lead.pk}")
    expect(row.locator("textarea[name=summary]")).to_have_count(0)
    row.locator("[data-role=log]").click()
    # The form arrives on the first tap.
    form = row.locator(f"#followup-{lead.pk} form")
    expect(form).to_be_visible()
    form.locator("textarea[name=summary]").fill("电话沟通了仓储需求")
    form.locator("button[type=submit]").click()
    expect(row.locator(".badge", has_text="已记录跟进")).to_be_visible()
    screenshot(page, "lead-list-follow-up-logged-phone")
    assert page.evaluate("window.__listNoReload === true"), "the page reloaded"
    assert LeadActivity.objects.get(lead=lead).summary == "电话沟通了仓储需求"
