"""Every page on a phone, for each role and language: nothing wider than the
screen, nothing a finger taps smaller than 44 × 44 px, and no serious or
critical accessibility problem (axe-core)."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from opportunities.models import Stage
from payments.services import (
    PlannedInstallment,
    installment_plan_replace,
    payment_record,
)
from tests.browser.conftest import axe_violations, deal_with_a_decision_maker
from tests.factories import (
    ActivityFactory,
    ContactFactory,
    ContractFactory,
    DealContactFactory,
    InvoiceFactory,
    LeadFactory,
)

WIDTHS = (360, 390)
# Controls a finger taps; a checkbox or radio counts with its label.
SMALL_TARGETS = """() => {
  const hidden = ".visually-hidden, .modal:not(.show), .offcanvas:not(.show),"
    + " .dropdown-menu:not(.show), .collapse:not(.show), [hidden]";
  const small = [];
  const controls = "button, a.btn, .page-link, select, textarea,"
    + " input:not([type=hidden])";
  for (const el of document.querySelectorAll(controls)) {
    if (el.closest(hidden)) continue;
    const box = ["checkbox", "radio"].includes(el.type)
      ? (el.closest("label, .form-check") || el) : el;
    const r = box.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (getComputedStyle(el).visibility === "hidden") continue;
    if (r.width < 43.5 || r.height < 43.5) {
      const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
      small.push(`${el.outerHTML.slice(0, 90)} ${size}`);
    }
  }
  return small;
}"""


@pytest.fixture
def records(alice):
    # In a stage that needs a decision maker, with only an influencer linked:
    # the deal page shows its flag, a team member and the form to link more.
    deal, contact = deal_with_a_decision_maker(
        alice,
        next_contact_at=timezone.now() + timedelta(days=1),
        stage=Stage.objects.get(needs_decision_maker=True, order=4),
    )
    customer = deal.customer
    DealContactFactory(
        opportunity=deal,
        contact__name="欧阳晓明",
        contact__title="信息化部副总经理兼项目负责人",
        contact__department="信息化建设与数字化转型办公室",
        contact__phone="021 6888 1234",
        role="influencer",
        added_by=alice,
    )
    ActivityFactory(customer=customer, opportunity=deal, contact=contact)
    lead = LeadFactory(owner=alice, company_name="苏州云帆物流有限公司")
    LeadFactory(owner=None, company_name="杭州西湖软件有限公司")
    draft = ContractFactory(owner=alice, customer=customer, amount=Decimal("183600"))
    signed = ContractFactory(
        owner=alice, customer=customer, status="signed", amount=Decimal("120000")
    )
    today = timezone.localdate()
    installment_plan_replace(
        contract=signed,
        rows=[
            PlannedInstallment(
                due_date=today - timedelta(days=5), amount=Decimal("60000")
            ),
            PlannedInstallment(
                due_date=today + timedelta(days=30), amount=Decimal("60000")
            ),
        ],
        by=alice,
    )
    payment = payment_record(
        contract=signed,
        by=alice,
        received_on=today - timedelta(days=2),
        amount=Decimal("30000"),
        method="bank_transfer",
        installment=None,
        is_overpayment=False,
    )
    InvoiceFactory(contract=signed, issued_on=date.today(), amount=Decimal("30000"))
    return {
        "customer": customer,
        "contact": contact,
        "deal": deal,
        "lead": lead,
        "draft": draft,
        "signed": signed,
        "payment": payment,
    }


def page_urls(r) -> list[str]:
    """Every page a person opens (GET), with one record of each kind."""
    by_pk = [
        ("leads:detail", r["lead"]),
        ("leads:update", r["lead"]),
        ("customers:detail", r["customer"]),
        ("customers:update", r["customer"]),
        ("customers:delete", r["customer"]),
        ("customers:contact_create", r["customer"]),
        ("customers:contact_update", r["contact"]),
        ("customers:contact_delete", r["contact"]),
        ("opportunities:detail", r["deal"]),
        ("opportunities:update", r["deal"]),
        ("contracts:detail", r["draft"]),
        ("contracts:detail", r["signed"]),
        ("contracts:update", r["draft"]),
        ("payments:detail", r["payment"]),
        ("payments:delete", r["payment"]),
    ]
    return [
        reverse("home"),
        reverse("users:profile"),
        reverse("password_change"),
        reverse("leads:list"),
        reverse("leads:pool"),
        reverse("leads:create"),
        reverse("leads:import"),
        reverse("customers:list"),
        reverse("customers:create"),
        reverse("customers:import"),
        reverse("opportunities:list"),
        reverse("opportunities:create"),
        reverse("opportunities:board"),
        f"{reverse('opportunities:activity_log')}?customer={r['customer'].pk}",
        reverse("opportunities:convert_lead", args=[r["lead"].pk]),
        reverse("contracts:list"),
        reverse("contracts:create"),
        reverse("payments:list"),
        reverse("payments:balances"),
        reverse("payments:received"),
        reverse("payments:invoices"),
        reverse("payments:plan", args=[r["signed"].pk]),
        reverse("payments:create", args=[r["signed"].pk]),
        reverse("payments:invoice_create", args=[r["signed"].pk]),
        *(reverse(name, args=[record.pk]) for name, record in by_pk),
    ]


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
@pytest.mark.parametrize("persona", ["alice", "mary", "adam"])
def test_every_page_fits_a_phone_and_is_accessible(
    page_for, records, request, persona, locale
):
    user = request.getfixturevalue(persona)
    page = page_for(
        user, width=WIDTHS[0], height=780, locale=locale, has_touch=True, is_mobile=True
    )
    problems = []
    urls = page_urls(records)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 780})
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, f"{url} answered {response.status}"
            where = f"{url} at {width}px ({persona}, {locale})"
            # Against the screen's width: a phone browser widens its layout
            # viewport (innerWidth) to a page that overflows.
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{where}: {scroll}px wide")
            problems += [
                f"{where}: small target {t}" for t in page.evaluate(SMALL_TARGETS)
            ]
            if width == WIDTHS[-1]:
                problems += [f"{where}: {v}" for v in axe_violations(page)]
    assert not problems, "\n".join(problems)


# Cells of tables (and lists shown as cards) that reach past either edge of
# the screen, or a table wrapper that scrolls sideways: a figure a phone hides.
HIDDEN_CELLS = """() => {
  const hidden = [];
  for (const el of document.querySelectorAll(".table-responsive")) {
    if (el.scrollWidth > el.clientWidth + 1) {
      hidden.push(`a table scrolls: ${el.scrollWidth} in ${el.clientWidth}px`);
    }
  }
  for (const cell of document.querySelectorAll("table td, table th")) {
    const r = cell.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (r.left < -0.5 || r.right > window.innerWidth + 0.5) {
      hidden.push(`${cell.textContent.trim().slice(0, 40)} at ${Math.round(r.left)}`
        + `–${Math.round(r.right)}px`);
    }
  }
  return hidden;
}"""


@pytest.fixture
def report_records(records, alice, bob):
    """The funnel, forecast, performance and coaching tables with rows."""
    from opportunities.services import opportunity_close
    from reports.models import Target
    from tests.factories import OpportunityFactory

    today = timezone.localdate()
    for owner, amount in ((alice, Decimal("2580000")), (bob, Decimal("960000"))):
        won = OpportunityFactory(owner=owner, amount=amount)
        opportunity_close(opportunity=won, by=owner, won=True)
        lost = OpportunityFactory(owner=owner, amount=amount / 2)
        opportunity_close(opportunity=lost, by=owner, won=False, lost_reason="价格")
        OpportunityFactory(
            owner=owner,
            amount=amount,
            expected_win_date=today + timedelta(days=40),
        )
        Target.objects.create(
            user=owner, month=today.replace(day=1), won_amount=Decimal("3000000")
        )
    return records


def report_urls(alice) -> list[str]:
    year = "?period=this_year"
    return [
        reverse("home"),
        reverse("reports:funnel") + year,
        reverse("reports:forecast") + year,
        reverse("reports:performance") + year,
        reverse("reports:targets"),
        reverse("reports:activity") + year,
        reverse("reports:losses") + year,
        reverse("reports:coaching") + year,
        reverse("reports:calibration"),
        reverse("reports:rep", args=[alice.pk]) + year,
    ]


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_report_tables_show_their_figures_on_a_phone(
    page_for, report_records, mary, alice, locale
):
    page = page_for(
        mary, width=390, height=844, locale=locale, has_touch=True, is_mobile=True
    )
    problems = []
    for url in report_urls(alice):
        response = page.goto(url)
        assert response.status == 200, f"{url} answered {response.status}"
        where = f"{url} ({locale})"
        assert page.locator("table td").count(), f"{where}: no table rows to check"
        problems += [f"{where}: {h}" for h in page.evaluate(HIDDEN_CELLS)]
        problems += [f"{where}: small target {t}" for t in page.evaluate(SMALL_TARGETS)]
        problems += [f"{where}: {v}" for v in axe_violations(page)]
    assert not problems, "\n".join(problems)


def test_a_reports_filter_folds_on_a_phone_and_says_the_period(
    page_for, report_records, mary
):
    page = page_for(mary, width=390, height=844, has_touch=True, is_mobile=True)
    page.goto(reverse("reports:funnel") + "?period=this_year")
    year = timezone.localdate().year
    period = page.get_by_text(f"From 1 Jan {year} to 31 Dec {year}.", exact=True)
    assert period.is_visible()
    assert not page.locator("#report-filters").is_visible()
    page.get_by_role("button", name="Filters").tap()
    filters = page.locator("#report-filters")
    # The fold opens with a transition; "show" is set once it has finished.
    expect(filters).to_have_class(re.compile(r"\bshow\b"))
    filters.locator("select[name=period]").select_option("this_month")
    with page.expect_navigation(url="**period=this_month**"):
        filters.locator("button[type=submit]").tap()
    assert not filters.is_visible()


def test_report_tables_stay_tables_on_a_desktop(page_for, report_records, mary):
    page = page_for(mary, width=1440, height=900)
    page.goto(reverse("reports:forecast") + "?period=this_year")
    header = page.locator("table.list-cards thead").first
    assert header.is_visible()
    assert (
        page.locator("table.list-cards td").first.evaluate(
            "td => getComputedStyle(td).display"
        )
        == "table-cell"
    )


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_purchase_lines_show_every_amount_on_a_phone(page_for, records, alice, locale):
    from contracts.models import ContractLine
    from opportunities.models import OpportunityLine

    line = {
        "description": "MES 制造执行系统基础模块（含三年维保与现场实施服务）",
        "quantity": Decimal("12"),
        "unit_price": Decimal("1836000.50"),
    }
    OpportunityLine.objects.create(opportunity=records["deal"], **line)
    ContractLine.objects.create(contract=records["draft"], **line)
    page = page_for(
        alice, width=390, height=844, locale=locale, has_touch=True, is_mobile=True
    )
    for url in (
        reverse("opportunities:detail", args=[records["deal"].pk]),
        reverse("contracts:detail", args=[records["draft"].pk]),
    ):
        page.goto(url)
        assert not page.evaluate(HIDDEN_CELLS), url
        # The line's total and the list's total, each on screen.
        assert page.get_by_text("¥22,032,006.00").first.is_visible(), url
        assert page.get_by_text("¥22,032,006.00").count() >= 2, url


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_a_customers_contacts_are_cards_on_a_phone(page_for, records, alice, locale):
    customer = records["customer"]
    ContactFactory(
        customer=customer,
        name="Alexandra Konstantinopoulou-Whitfield",
        title="Head of Procurement and Supplier Quality",
        phone="+86 21 6888 8888",
        email="alexandra.konstantinopoulou-whitfield@suzhou-xinghe.example.cn",
    )
    page = page_for(
        alice, width=390, height=844, locale=locale, has_touch=True, is_mobile=True
    )
    page.goto(reverse("customers:detail", args=[customer.pk]))
    assert not page.evaluate(HIDDEN_CELLS)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    contacts = page.locator("#contact-table")
    assert not contacts.locator("thead").is_visible()
    call = contacts.locator('a[href="tel:+862168888888"]')
    assert call.is_visible()
    box = call.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert contacts.locator("a[href^='mailto:alexandra']").is_visible()
    assert not page.evaluate(SMALL_TARGETS)


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_the_new_customer_page_with_a_contact_error_fits_a_phone(
    page_for, alice, locale
):
    page = page_for(
        alice, width=390, height=844, locale=locale, has_touch=True, is_mobile=True
    )
    page.goto(reverse("customers:create"))
    page.fill("#id_legal_name", "杭州新客户信息技术有限公司")
    page.fill("#id_contact-phone", "13800138000")
    page.click("form[novalidate] button[type=submit]")
    page.wait_for_load_state()
    name = page.locator("#id_contact-name")
    assert "is-invalid" in name.get_attribute("class")
    # Nothing typed is lost.
    assert page.input_value("#id_legal_name") == "杭州新客户信息技术有限公司"
    assert page.input_value("#id_contact-phone") == "13800138000"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.evaluate(SMALL_TARGETS)
    assert not axe_violations(page)
    page.fill("#id_contact-name", "王芳")
    page.click("form[novalidate] button[type=submit]")
    page.wait_for_url("**/customers/*/")
    assert page.locator('#contact-table a[href="tel:13800138000"]').is_visible()


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_a_large_pipeline_fits_the_workbench_cards_on_a_phone(
    page_for, mary, alice, locale
):
    from tests.factories import OpportunityFactory

    OpportunityFactory(owner=alice, amount=Decimal("135098134000.00"))
    page = page_for(
        mary, width=390, height=844, locale=locale, has_touch=True, is_mobile=True
    )
    page.goto("/")
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]
    figure = page.locator(".stat-card .stat-value", has_text="¥135,098,134,000.00")
    assert figure.first.is_visible()
    card = figure.first.evaluate(
        "el => [el.scrollWidth, el.closest('.card-body').clientWidth]"
    )
    assert card[0] <= card[1]


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_a_long_lists_page_links_fit_a_phone(page_for, alice, locale):
    """Twelve pages of deals: the links to them wrap instead of widening the page."""
    from opportunities.models import Opportunity
    from tests.factories import CustomerFactory

    customer = CustomerFactory(owner=alice)
    stage = Stage.objects.first_open()
    Opportunity.objects.bulk_create(
        Opportunity(name=f"Project {n}", owner=alice, customer=customer, stage=stage)
        for n in range(290)
    )
    page = page_for(
        alice, width=360, height=780, locale=locale, has_touch=True, is_mobile=True
    )
    page.goto(reverse("opportunities:list") + "?page=6")
    # Against the screen's width: a phone browser widens its layout viewport
    # (innerWidth) to a page that overflows.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    last = page.locator(".pagination .page-item").last
    assert last.evaluate("el => el.getBoundingClientRect().right") <= 360
