"""The salesperson's journey, end to end in the browser.

Acceptance criterion: "A salesperson can, in the browser, create a lead, log a
call, convert it to a customer + contact + opportunity, add lines and
competitors, and see it all on the customer page."

The database is touched only to set up the catalog (a product, a competitor;
the Chinese test also gets a customer to log on, the search test customers and
a lead) and to check the final state;
the stages the data migrations create are put back if an earlier
transactional test flushed them. Every step in between goes through the pages.
Selectors use form field names, ids and URLs, not translated text, so
translations cannot break them (the English UI's stat labels are matched by
their English source text).
"""

import re
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from customers.credit_code import check_character
from customers.models import Contact, Customer
from leads.models import Lead, LeadStatus
from opportunities.models import Opportunity, Stage
from tests.browser.conftest import screenshot
from tests.factories import (
    CompetitorFactory,
    ContactFactory,
    CustomerFactory,
    LeadFactory,
    ProductFactory,
)
from users.moments import format_moment

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
# The first 17 characters of a made-up credit code; the 18th is computed.
CREDIT_CODE_BODY = "91320500MA1W8K3P7"


def _pk_from(url: str, pattern: str) -> int:
    match = re.search(pattern, url)
    assert match, f"{url!r} does not match {pattern!r}"
    return int(match.group(1))


def _mark_page(page) -> None:
    """Tag the window: the tag survives htmx swaps but not a page load."""
    page.evaluate("window.__journeyNoReload = true")


def _assert_not_reloaded(page) -> None:
    assert page.evaluate("window.__journeyNoReload === true"), "the page reloaded"


def _shot(page, name: str) -> None:
    """A full-page screenshot from the top, so the sticky bars sit in place."""
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, name)


def _next_contact(days: int):
    """A next contact `days` ahead at 10:00 local time, as the form sends it."""
    local = timezone.localtime() + timedelta(days=days)
    return local.replace(hour=10, minute=0, second=0, microsecond=0)


def _shown(moment, language: str) -> str:
    """A moment as the templates print it in a language (the `when` filter)."""
    with translation.override(language):
        return format_moment(moment)


def test_salesperson_takes_a_lead_to_a_customer_with_an_opportunity(page_for, alice):
    # Catalog data: the only direct writes before the journey.
    product = ProductFactory(code="GW-100", name="Edge gateway", unit_price=1000)
    competitor = CompetitorFactory(name="Rival Systems")

    company = "Xinghe Precision Machinery Co., Ltd."
    contact_name = "Wang Lei"
    call_summary = "Called Wang Lei: line 3 needs remote monitoring, budget in Q3."
    opportunity_name = "Xinghe line 3 remote monitoring"
    credit_code = CREDIT_CODE_BODY + check_character(CREDIT_CODE_BODY)
    next_contact = _next_contact(days=3)
    expected_win = timezone.localdate() + timedelta(days=60)

    page = page_for(alice)

    # 1. The lead list, and its button to create a lead.
    page.goto(reverse("leads:list"))
    with page.expect_navigation():
        page.click(f"a[href='{reverse('leads:create')}']")
    assert page.url.endswith(reverse("leads:create"))

    lead_form = page.locator("form:has(input[name=company_name])")
    lead_form.locator("input[name=company_name]").fill(company)
    lead_form.locator("input[name=contact_name]").fill(contact_name)
    lead_form.locator("input[name=title]").fill("Head of purchasing")
    lead_form.locator("input[name=phone]").fill("139 1234 5678")
    lead_form.locator("input[name=email]").fill("wang.lei@xinghe.example.cn")
    lead_form.locator("select[name=source]").select_option("exhibition")
    lead_form.locator("select[name=industry]").select_option("manufacturing")
    lead_form.locator("select[name=region]").select_option("jiangsu")
    lead_form.locator("textarea[name=notes]").fill("Met at the Suzhou fair.")
    _shot(page, "journey-01-lead-form")
    with page.expect_navigation():
        lead_form.locator("button[type=submit]").click()
    lead_pk = _pk_from(page.url, r"/leads/(\d+)/$")
    expect(page.locator("h1")).to_contain_text(company)

    # 2. Log a call on the lead page: htmx swaps the timeline, no reload.
    _mark_page(page)
    timeline = page.locator("#lead-activities")
    expect(timeline.locator(".timeline")).to_have_count(0)
    follow_up = timeline.locator("form")
    follow_up.locator("select[name=kind]").select_option("call")
    follow_up.locator("input[name=next_contact_at]").fill(
        next_contact.strftime(DATETIME_LOCAL)
    )
    follow_up.locator("textarea[name=summary]").fill(call_summary)
    follow_up.locator("button[type=submit]").click()
    expect(page.locator("#lead-activities .timeline")).to_contain_text(call_summary)
    expect(page.locator("#lead-activities [role=status]")).to_be_visible()
    _assert_not_reloaded(page)
    # The form came back empty, ready for the next follow-up.
    expect(page.locator("#lead-activities textarea[name=summary]")).to_have_value("")
    # The contact facts were swapped out of band: the next contact is set.
    expect(page.locator("#lead-contact-facts")).to_contain_text(
        _shown(next_contact, "en")
    )
    _shot(page, "journey-02-lead-call-logged")

    # 3. Convert: a new customer, its contact and a first opportunity.
    convert_url = reverse("opportunities:convert_lead", args=[lead_pk])
    with page.expect_navigation():
        page.click(f"a[href='{convert_url}']")
    assert page.url.endswith(convert_url)
    form = page.locator("#convert-form")
    form.locator("input[name=customer-mode][value=create]").check()
    # The new customer and the contact are prefilled from the lead.
    expect(form.locator("input[name=new-legal_name]")).to_have_value(company)
    expect(form.locator("input[name=contact-name]")).to_have_value(contact_name)
    form.locator("input[name=new-credit_code]").fill(credit_code)
    form.locator("select[name=contact-buying_role]").select_option("decision_maker")
    form.locator("input[name=contact-department]").fill("Purchasing")
    form.locator("input[name=opportunity-create]").check()
    expect(form.locator("fieldset[data-opportunity]")).to_be_enabled()
    form.locator("input[name=opportunity-name]").fill(opportunity_name)
    form.locator("input[name=opportunity-amount]").fill("80000")
    form.locator("input[name=opportunity-expected_win_date]").fill(
        expected_win.isoformat()
    )
    _shot(page, "journey-03-convert-form")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    opportunity_pk = _pk_from(page.url, r"/opportunities/(\d+)/$")
    expect(page.locator("h1")).to_contain_text(opportunity_name)
    _shot(page, "journey-04-opportunity-created")

    # 4. Edit the opportunity: a catalog line, a free-text line, a competitor.
    edit_url = reverse("opportunities:update", args=[opportunity_pk])
    with page.expect_navigation():
        page.click(f"a[href='{edit_url}']")
    form = page.locator("#opportunity-form")
    form.locator("select[name=lines-0-product]").select_option(str(product.pk))
    # A product chosen with a blank price shows its list price right away.
    expect(form.locator("input[name=lines-0-unit_price]")).to_have_value("1000.00")
    form.locator("input[name=lines-0-quantity]").fill("3")
    form.locator("#add-line").click()
    form.locator("input[name=lines-1-description]").fill("Installation and training")
    form.locator("input[name=lines-1-quantity]").fill("2")
    form.locator("input[name=lines-1-unit_price]").fill("1250.50")
    expect(form.locator("input[name=lines-TOTAL_FORMS]")).to_have_value("2")
    form.locator(f"input[name=competitors][value='{competitor.pk}']").check()
    _shot(page, "journey-05-opportunity-edit")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url.endswith(reverse("opportunities:detail", args=[opportunity_pk]))

    # 5. The opportunity page: amount = lines total; 10% stage x 50% (one rival).
    lines_total = "¥5,501.00"  # 3 x 1,000.00 + 2 x 1,250.50
    stat = ".stat-card:has(.stat-label:text-is('{}')) .stat-value"
    expect(page.locator(stat.format("Amount"))).to_have_text(lines_total)
    lines_table = page.locator("table:has(tfoot)")
    expect(lines_table.locator("tfoot")).to_contain_text(lines_total)
    expect(page.locator(stat.format("Win probability"))).to_have_text("5%")
    expect(page.locator(stat.format("Weighted amount"))).to_have_text("¥275.05")
    expect(page.locator(".badge", has_text=competitor.name)).to_be_visible()
    expect(lines_table.locator("tbody tr")).to_have_count(2)
    expect(lines_table).to_contain_text(product.code)
    expect(lines_table).to_contain_text("Installation and training")
    _shot(page, "journey-06-opportunity-with-lines")

    # 6. The customer page shows the contact, the opportunity and the call.
    customer_link = page.locator(".page-header a[href^='/customers/']")
    customer_url = customer_link.get_attribute("href")
    with page.expect_navigation():
        customer_link.click()
    assert page.url.endswith(customer_url)
    expect(page.locator("h1")).to_have_text(company)
    expect(page.locator("#contacts")).to_contain_text(contact_name)
    opportunities = page.locator("#opportunities")
    expect(opportunities.get_by_role("link", name=opportunity_name)).to_be_visible()
    expect(opportunities).to_contain_text(lines_total)
    expect(opportunities).to_contain_text("5%")
    # The call logged on the lead before the conversion is in the customer's log.
    expect(page.locator("#follow-ups #activity-list")).to_contain_text(call_summary)
    _shot(page, "journey-07-customer")

    # The final state, as stored.
    lead = Lead.objects.get(pk=lead_pk)
    assert lead.status == LeadStatus.CONVERTED
    assert lead.owner == alice
    call = lead.activities.get()
    assert (call.kind, call.summary) == ("call", call_summary)
    assert call.next_contact_at == next_contact
    customer = Customer.objects.get(legal_name=company)
    assert customer_url == reverse("customers:detail", args=[customer.pk])
    assert (customer.owner, customer.credit_code) == (alice, credit_code)
    contact = Contact.objects.get(customer=customer)
    assert (contact.name, contact.source_lead) == (contact_name, lead)
    assert contact.buying_role == "decision_maker"
    opportunity = Opportunity.objects.get(pk=opportunity_pk)
    assert (opportunity.customer, opportunity.owner) == (customer, alice)
    assert opportunity.source_lead == lead
    assert opportunity.expected_win_date == expected_win
    assert opportunity.stage == Stage.objects.first_open()
    assert opportunity.stage.percentage == 10
    assert opportunity.amount == Decimal("5501.00")
    assert opportunity.win_probability == Decimal("0.0500")
    assert opportunity.weighted_amount == Decimal("275.05")
    assert list(opportunity.competitors.all()) == [competitor]
    logged = customer.activities.get()
    assert (logged.kind, logged.summary) == ("call", call_summary)
    lines = {
        (line.product_id, line.description, line.quantity, line.unit_price)
        for line in opportunity.lines.all()
    }
    assert lines == {
        (product.pk, "", Decimal(3), Decimal("1000.00")),
        (None, "Installation and training", Decimal(2), Decimal("1250.50")),
    }


def test_follow_up_from_the_customer_page_in_chinese(page_for, alice):
    customer = CustomerFactory(owner=alice, legal_name="苏州星河精密机械有限公司")
    contact = ContactFactory(customer=customer, name="王磊")
    summary = "电话沟通：三号线需要远程监控，预算第三季度批。"
    next_contact = _next_contact(days=2)

    page = page_for(alice, locale="zh-CN")
    page.goto(reverse("customers:detail", args=[customer.pk]))
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    expect(page.locator("#follow-ups #activity-list .timeline")).to_have_count(0)
    next_contact_shown = _shown(next_contact, "zh-hans")
    expect(page.locator("#customer-file")).not_to_contain_text(next_contact_shown)
    _mark_page(page)

    # The "log follow-up" button fetches the form into the panel.
    log_url = reverse("opportunities:activity_log")
    page.click(f".page-header button[hx-get^='{log_url}']")
    form = page.locator("#activity-form-panel #activity-form")
    expect(form).to_be_visible()
    form.locator("select[name=kind]").select_option("call")
    expect(form.locator("input[name=occurred_at]")).not_to_have_value("")
    form.locator("select[name=contact]").select_option(str(contact.pk))
    form.locator("textarea[name=summary]").fill(summary)
    form.locator("input[name=next_contact_at]").fill(
        next_contact.strftime(DATETIME_LOCAL)
    )
    _shot(page, "journey-zh-01-customer-log-form")
    form.locator("button[type=submit]").click()

    # The timeline shows the call, the panel folds away, the file card refreshes.
    timeline = page.locator("#follow-ups #activity-list .timeline")
    expect(timeline).to_contain_text(summary)
    expect(timeline).to_contain_text(contact.name)
    expect(page.locator("#activity-form-panel #activity-form")).to_have_count(0)
    # The customer file card was reloaded by htmx: it shows the next contact.
    expect(page.locator("#customer-file")).to_contain_text(next_contact_shown)
    _assert_not_reloaded(page)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    _shot(page, "journey-zh-02-customer-call-logged")

    activity = customer.activities.get()
    assert (activity.kind, activity.summary) == ("call", summary)
    assert (activity.contact, activity.logged_by) == (contact, alice)
    assert activity.next_contact_at == next_contact
    customer.refresh_from_db()
    assert customer.next_contact_at == next_contact


def test_a_customer_is_found_by_search_on_a_phone_and_on_a_desktop(
    page_for, alice, olivia
):
    logistics = CustomerFactory(owner=alice, legal_name="Xinghe Logistics Co., Ltd.")
    code = CREDIT_CODE_BODY + check_character(CREDIT_CODE_BODY)
    machinery = CustomerFactory(
        owner=alice, legal_name="Xinghe Precision Machinery Co., Ltd.", credit_code=code
    )
    # Someone else's customer: it matches the search but is never offered.
    CustomerFactory(owner=olivia, legal_name="Xinghe Northern Works")
    CustomerFactory.create_batch(3, owner=alice)
    lead = LeadFactory(owner=alice, company_name="Xinghe plant 3", contact_name="Li Na")

    # 1. On a phone, a lead is converted onto a customer found by typing.
    page = page_for(alice, width=390, height=844)
    convert_url = reverse("opportunities:convert_lead", args=[lead.pk])
    page.goto(convert_url)
    form = page.locator("#convert-form")
    form.locator("input[name=customer-mode][value=link]").check()
    picker = form.locator("[data-customer-picker]")
    select = picker.locator("select[name=customer-customer]")
    # Only the hint is on the page until something is searched for.
    expect(select.locator("option")).to_have_count(1)
    search = picker.locator("input[type=search]")
    search.press_sequentially("xinghe")
    expect(select.locator("option")).to_have_text(
        [logistics.legal_name, machinery.legal_name]
    )
    # Enter searches and does not submit; Down goes to the matches, then picks.
    _mark_page(page)
    search.press("Enter")
    search.press("ArrowDown")
    expect(select).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(select).to_have_value(str(machinery.pk))
    _assert_not_reloaded(page)
    _shot(page, "journey-08-convert-search-phone")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url.endswith(reverse("customers:detail", args=[machinery.pk]))
    assert Contact.objects.get(source_lead=lead).customer == machinery

    # 2. On a desktop, a new deal's customer is found by its credit code.
    page = page_for(alice)
    page.goto(reverse("opportunities:create"))
    form = page.locator("#opportunity-form")
    form.locator("input[name=name]").fill("Xinghe spare parts")
    picker = form.locator("[data-customer-picker]")
    picker.locator("input[type=search]").fill(code[:12].lower())
    select = picker.locator("select[name=customer]")
    expect(select.locator("option")).to_have_text([machinery.legal_name])
    expect(select).to_have_value(str(machinery.pk))
    _shot(page, "journey-09-opportunity-search-desktop")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    deal = Opportunity.objects.get(name="Xinghe spare parts")
    assert deal.customer == machinery
    assert page.url.endswith(reverse("opportunities:detail", args=[deal.pk]))
    # Saved, the edit form lists the chosen customer alone, no search needed.
    page.goto(reverse("opportunities:update", args=[deal.pk]))
    select = page.locator("#opportunity-form select[name=customer]")
    expect(select.locator("option")).to_have_text([machinery.legal_name])
    expect(select).to_have_value(str(machinery.pk))
