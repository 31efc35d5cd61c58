"""A deal becomes a signed contract, and the contract's money, in the browser.

Acceptance criterion 1 of issue 6: "A salesperson turns an open opportunity
into a contract, submits it, the manager approves it, the salesperson marks it
signed, and the opportunity shows as won with a stage-history entry; a
Playwright test drives this flow." Criterion 3 (plans that do not add up and
payments above the outstanding amount get clear errors and change nothing) is
driven here through the plan and payment pages as well.

The database is touched only to set up what comes before the flow (a deal with
its lines; a signed contract made through the services) and to check the
stored result. Selectors use ids, form field names, URLs and the workflow
buttons' `data-action`, not translated text, so translations cannot break them;
the English UI's messages and stat labels are matched by their English source
text. Plain workflow buttons ask `window.confirm` first: each is accepted
explicitly (Playwright would dismiss it and the form would not be sent).
"""

import re
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from contracts import numbering
from contracts.models import Contract, ContractStatus
from contracts.services import contract_move, contract_save
from opportunities.models import (
    OpportunityLine,
    OpportunityStatus,
    StageChange,
)
from payments.models import Payment
from payments.services import (
    PlannedInstallment,
    installment_plan_replace,
    payment_record,
)
from tests.browser.conftest import screenshot
from tests.factories import (
    CustomerFactory,
    OpportunityFactory,
    ProductFactory,
)

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
STAT = ".stat-card:has(.stat-label:text-is('{}')) .stat-value"


def _shot(page, name: str, *, full_page: bool = True) -> None:
    """A screenshot from the top, named flow-…, in the usual folder."""
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, f"flow-{name}", full_page=full_page)


def _short_date(day) -> str:
    """A date as the English pages print it (SHORT_DATE_FORMAT)."""
    with translation.override("en"):
        return date_format(day, "SHORT_DATE_FORMAT")


def _accept_confirm(page) -> list[str]:
    """Accept the next window.confirm; the list gets the question it asked."""
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", answer)
    return asked


def _click_move(page, action: str, question: str) -> None:
    """Press a plain workflow button and say yes to its question."""
    asked = _accept_confirm(page)
    with page.expect_navigation():
        page.click(f"#contract-actions button[data-action={action}]")
    assert asked == [question]


def _status(page):
    return page.locator("#contract-status-badge .badge")


def _fits_width(page) -> bool:
    """No sideways scrolling: the page is no wider than the viewport."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_deal_to_signed_contract_wins_the_deal(page_for, alice, mary):
    today = timezone.localdate()
    starts_on = today + timedelta(days=14)
    ends_on = starts_on + timedelta(days=365)
    signed_on = today - timedelta(days=1)

    customer = CustomerFactory(owner=alice, legal_name="苏州星河精密机械有限公司")
    product = ProductFactory(code="GW-100", name="Edge gateway", unit_price=50000)
    deal = OpportunityFactory(
        owner=alice,
        customer=customer,
        name="Xinghe line 3 remote monitoring",
        amount=120000,
    )
    OpportunityLine.objects.create(
        opportunity=deal, product=product, quantity=2, unit_price=50000
    )
    OpportunityLine.objects.create(
        opportunity=deal,
        description="Installation and training",
        quantity=4,
        unit_price=5000,
    )
    first_number = numbering.render(settings.CONTRACT_NUMBER_PATTERN, on=today, seq=1)
    assert re.fullmatch(r"HT-\d{4}-0001", first_number)

    # 1. Alice's deal page offers to make a contract of it.
    page = page_for(alice, **DESKTOP)
    page.goto(reverse("opportunities:detail", args=[deal.pk]))
    create_url = f"{reverse('contracts:create')}?opportunity={deal.pk}"
    create = page.locator(f"#opportunity-contract a[href='{create_url}']")
    expect(create).to_be_visible()
    _shot(page, "01-deal-before")
    with page.expect_navigation():
        create.click()

    # 2. The form starts as a copy of the deal: title, customer, amount, lines.
    form = page.locator("#contract-form")
    expect(form.locator("input[name=title]")).to_have_value(deal.name)
    expect(form.locator("select[name=customer]")).to_have_value(str(customer.pk))
    expect(form.locator("select[name=opportunity]")).to_have_value(str(deal.pk))
    expect(form.locator("input[name=amount]")).to_have_value("120000.00")
    expect(form.locator("input[name=lines-TOTAL_FORMS]")).to_have_value("2")
    expect(form.locator("#lines tbody tr.line-row:visible")).to_have_count(2)
    expect(form.locator("select[name=lines-0-product]")).to_have_value(str(product.pk))
    expect(form.locator("input[name=lines-0-quantity]")).to_have_value(
        re.compile(r"^2(\.0+)?$")
    )
    expect(form.locator("input[name=lines-0-unit_price]")).to_have_value("50000.00")
    expect(form.locator("input[name=lines-1-description]")).to_have_value(
        "Installation and training"
    )
    expect(form.locator("input[name=lines-1-quantity]")).to_have_value(
        re.compile(r"^4(\.0+)?$")
    )
    expect(form.locator("input[name=lines-1-unit_price]")).to_have_value("5000.00")
    form.locator("input[name=starts_on]").fill(starts_on.isoformat())
    form.locator("input[name=ends_on]").fill(ends_on.isoformat())
    _shot(page, "02-contract-form")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    # 3. The new draft: numbered, from the lines, with the dates.
    contract = Contract.objects.get(opportunity=deal)
    assert page.url.endswith(reverse("contracts:detail", args=[contract.pk]))
    assert contract.number == first_number
    expect(page.locator("h1")).to_contain_text(first_number)
    expect(page.locator(".app-messages")).to_contain_text(
        f"Contract {first_number} was created as a draft."
    )
    expect(_status(page)).to_have_attribute("data-status", "draft")
    expect(_status(page)).to_have_text("Draft")
    expect(page.locator(STAT.format("Amount"))).to_have_text("¥120,000.00")
    expect(page.locator(STAT.format("Starts on"))).to_have_text(_short_date(starts_on))
    expect(page.locator(STAT.format("Ends on"))).to_have_text(_short_date(ends_on))
    expect(page.locator("#lines tbody tr")).to_have_count(2)
    expect(page.locator("#lines")).to_contain_text("GW-100")
    expect(page.locator("#lines")).to_contain_text("Installation and training")
    _shot(page, "03-contract-draft")

    # 4. Alice submits it; she is never offered the approval herself.
    approve = page.locator("#contract-actions [data-action=approve]")
    expect(approve).to_have_count(0)
    _click_move(page, "submit", "Submit this contract for approval?")
    expect(_status(page)).to_have_attribute("data-status", "submitted")
    expect(page.locator(".app-messages")).to_contain_text(
        "The contract was submitted for approval."
    )
    expect(page.locator("#contract-actions")).to_be_visible()
    expect(approve).to_have_count(0)
    expect(page.locator("#contract-actions [data-action=withdraw]")).to_be_visible()
    expect(page.locator(".alert-warning")).to_contain_text(
        "Waiting for approval by the owner's manager."
    )
    _shot(page, "04-contract-submitted")
    # Nor does the approval's own address let her approve.
    page.goto(reverse("contracts:move", args=[contract.pk, "approve"]))
    assert page.url.endswith(reverse("contracts:detail", args=[contract.pk]))
    expect(page.locator(".app-messages .alert-danger")).to_contain_text(
        "is not open to you on a contract that is submitted"
    )
    expect(_status(page)).to_have_attribute("data-status", "submitted")

    # 5. Mary, her manager, approves it in her own browser.
    manager = page_for(mary, **DESKTOP)
    manager.goto(reverse("contracts:detail", args=[contract.pk]))
    expect(_status(manager)).to_have_attribute("data-status", "submitted")
    expect(manager.locator(".alert-warning")).to_have_count(0)
    _shot(manager, "05-manager-sees-approve")
    _click_move(manager, "approve", "Approve this contract?")
    expect(_status(manager)).to_have_attribute("data-status", "approved")
    expect(manager.locator(".app-messages")).to_contain_text(
        "The contract was approved."
    )
    expect(manager.locator("#contract-actions [data-action=approve]")).to_have_count(0)

    # 6. Alice marks it signed: the dialog asks for the signing date.
    page.reload()
    expect(_status(page)).to_have_attribute("data-status", "approved")
    page.click("#contract-actions button[data-action=sign]")
    dialog = page.locator("#move-sign-modal")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(f"Signing marks the opportunity “{deal.name}” won.")
    signed_input = dialog.locator("input[name=signed_on]")
    expect(signed_input).to_have_value(today.isoformat())
    signed_input.fill(signed_on.isoformat())
    # Let the fade-in finish, so the screenshot shows the dialog, not a ghost.
    page.wait_for_function(
        "getComputedStyle(document.getElementById('move-sign-modal')).opacity === '1'"
    )
    _shot(page, "06-sign-dialog", full_page=False)
    with page.expect_navigation():
        dialog.locator("button[type=submit]").click()
    expect(_status(page)).to_have_attribute("data-status", "signed")
    expect(_status(page)).to_have_text("Signed")
    expect(page.locator(".app-messages")).to_contain_text("The contract is signed.")
    expect(page.locator(STAT.format("Signed on"))).to_have_text(_short_date(signed_on))
    timeline = page.locator("#status-timeline .timeline > li")
    expect(timeline).to_have_count(3)
    expect(timeline.first).to_contain_text("Signed")
    # Signed: the money section now takes payments.
    expect(page.locator("#contract-payments a.btn-primary")).to_be_visible()
    _shot(page, "07-contract-signed")

    # 7. The deal page: won, its contract linked, the stage history says why.
    deal_link = page.locator(
        f".page-header a[href='{reverse('opportunities:detail', args=[deal.pk])}']"
    )
    with page.expect_navigation():
        deal_link.click()
    expect(page.locator("#opportunity-stage-badge")).to_have_text("Won")
    card = page.locator("#opportunity-contract")
    expect(
        card.locator(f"a[href='{reverse('contracts:detail', args=[contract.pk])}']")
    ).to_have_text(first_number)
    expect(card.locator("[data-status]")).to_have_attribute("data-status", "signed")
    expect(card.locator(f"a[href^='{reverse('contracts:create')}']")).to_have_count(0)
    entry = page.locator("#stage-history .timeline > li").first
    expect(entry).to_contain_text(f"Contract {first_number} signed")
    expect(entry).to_contain_text("(Won)")
    _shot(page, "08-deal-won")

    # 8. The signed contract at phone width: readable, nothing sticks out.
    phone = page_for(alice, **PHONE)
    phone.goto(reverse("contracts:detail", args=[contract.pk]))
    expect(_status(phone)).to_have_attribute("data-status", "signed")
    expect(phone.locator("h1")).to_contain_text(first_number)
    _shot(phone, "09-contract-signed-phone")
    assert _fits_width(phone), "the contract page scrolls sideways at 390px"

    # The stored result.
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED
    assert (contract.owner, contract.customer) == (alice, customer)
    assert contract.signed_on == signed_on
    assert (contract.starts_on, contract.ends_on) == (starts_on, ends_on)
    assert contract.amount == Decimal("120000.00")
    assert {
        (line.product_id, line.description, line.quantity, line.unit_price)
        for line in contract.lines.all()
    } == {
        (product.pk, "", Decimal(2), Decimal("50000.00")),
        (None, "Installation and training", Decimal(4), Decimal("5000.00")),
    }
    events = list(contract.events.order_by("created_at", "id"))
    assert [(e.action, e.to_status, e.by) for e in events] == [
        ("submit", ContractStatus.SUBMITTED, alice),
        ("approve", ContractStatus.APPROVED, mary),
        ("sign", ContractStatus.SIGNED, alice),
    ]
    deal.refresh_from_db()
    assert deal.status == OpportunityStatus.WON
    assert StageChange.objects.filter(
        opportunity=deal,
        to_status=OpportunityStatus.WON,
        changed_by=alice,
        cause="contract_signed",
        reference=first_number,
    ).exists()


def _signed_contract(
    alice, mary, *, amount: str, signed_on, customer: str, title: str
) -> Contract:
    """A contract made and moved to signed through the services, as people would."""
    contract = Contract(
        owner=alice,
        customer=CustomerFactory(owner=alice, legal_name=customer),
        title=title,
        amount=Decimal(amount),
    )
    contract_save(contract=contract, by=alice)
    contract_move(contract=contract, action="submit", by=alice)
    contract_move(contract=contract, action="approve", by=mary)
    return contract_move(
        contract=contract, action="sign", by=alice, signed_on=signed_on
    )


def test_plan_and_payments_on_a_signed_contract(page_for, alice, mary):
    today = timezone.localdate()
    first_due = today - timedelta(days=5)
    contract = _signed_contract(
        alice,
        mary,
        amount="90000.00",
        signed_on=today - timedelta(days=30),
        customer="无锡远景自动化有限公司",
        title="Line 3 monitoring service",
    )
    # The plan so far: everything at once, due five days ago.
    installment_plan_replace(
        contract=contract,
        rows=[PlannedInstallment(due_date=first_due, amount=Decimal("90000.00"))],
        by=alice,
    )
    detail_url = reverse("contracts:detail", args=[contract.pk])
    plan_url = reverse("payments:plan", args=[contract.pk])
    payment_url = reverse("payments:create", args=[contract.pk])

    page = page_for(alice, **DESKTOP)
    page.goto(detail_url)
    receivables = page.locator("#receivables")
    expect(receivables.locator(STAT.format("Overdue"))).to_have_text("¥90,000.00")
    expect(page.locator("#receivable-plan tbody tr")).to_have_count(1)

    # 1. Three installments that do not add up: refused, naming both totals.
    with page.expect_navigation():
        page.click(f"#receivable-plan a[href='{plan_url}']")
    form = page.locator("#plan-form")
    expect(form.locator("input[name=plan-0-amount]")).to_have_value("90000.00")
    form.locator("#split-count").fill("3")
    form.locator("#split-evenly").click()
    rows = form.locator("tr.plan-row:visible")
    expect(rows).to_have_count(3)
    expect(form.locator("input[name=plan-0-due_date]")).to_have_value(
        first_due.isoformat()
    )
    for index in range(3):
        expect(form.locator(f"input[name=plan-{index}-amount]")).to_have_value(
            "30000.00"
        )
    expect(form.locator("#plan-gap")).to_have_text("Adds up to the contract amount")
    form.locator("input[name=plan-1-amount]").fill("25000")
    form.locator("input[name=plan-2-note]").fill("on acceptance")
    expect(form.locator("#plan-sum")).to_have_text("¥85,000.00")
    expect(form.locator("#plan-gap")).to_have_text("¥5,000.00 missing")
    due_dates = [
        form.locator(f"input[name=plan-{index}-due_date]").input_value()
        for index in range(3)
    ]
    _shot(page, "10-plan-not-adding-up")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url.endswith(plan_url)
    error = page.locator("#plan-form .alert-danger")
    expect(error).to_contain_text("The plan was not saved.")
    expect(error).to_contain_text(
        "The installments add up to ¥85,000.00 but the contract amount is "
        "¥90,000.00: ¥5,000.00 missing."
    )
    # Nothing typed is lost…
    form = page.locator("#plan-form")
    expect(form.locator("tr.plan-row:visible")).to_have_count(3)
    expect(form.locator("input[name=plan-1-amount]")).to_have_value("25000")
    expect(form.locator("input[name=plan-2-note]")).to_have_value("on acceptance")
    # …and nothing was stored.
    assert list(contract.installments.values_list("due_date", "amount")) == [
        (first_due, Decimal("90000.00"))
    ]
    _shot(page, "11-plan-refused")

    # 2. Fixed, it is saved and the contract page shows three installments.
    form.locator("input[name=plan-1-amount]").fill("30000")
    expect(form.locator("#plan-gap")).to_have_text("Adds up to the contract amount")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url.endswith(detail_url)
    expect(page.locator(".app-messages")).to_contain_text(
        "The receivable plan was saved."
    )
    expect(page.locator("#receivable-plan tbody tr")).to_have_count(3)
    expect(page.locator("#receivable-plan tfoot")).to_contain_text("¥90,000.00")
    stored = list(
        contract.installments.order_by("due_date").values_list(
            "due_date", "amount", "note"
        )
    )
    assert [(day.isoformat(), amount, note) for day, amount, note in stored] == [
        (due_dates[0], Decimal("30000.00"), ""),
        (due_dates[1], Decimal("30000.00"), ""),
        (due_dates[2], Decimal("30000.00"), "on acceptance"),
    ]
    # Only the first installment is past due.
    expect(receivables.locator(STAT.format("Overdue"))).to_have_text("¥30,000.00")

    # 3. A payment above the outstanding amount is refused with the reason.
    with page.expect_navigation():
        page.click(f"#contract-payments a[href='{payment_url}']")
    form = page.locator("#payment-form")
    expect(form.locator("input[name=received_on]")).to_have_value(today.isoformat())
    form.locator("input[name=amount]").fill("95000")
    form.locator("select[name=method]").select_option("bank_transfer")
    form.locator("input[name=reference]").fill("CMB-20260601-001")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url.endswith(payment_url)
    form = page.locator("#payment-form")
    expect(form).to_contain_text(
        "Only ¥90,000.00 is outstanding on this contract. Tick “overpayment” "
        "if the customer really paid ¥95,000.00."
    )
    expect(form.locator("input[name=amount]")).to_have_value("95000")
    expect(form.locator("input[name=reference]")).to_have_value("CMB-20260601-001")
    assert not Payment.objects.filter(contract=contract).exists()
    _shot(page, "12-payment-refused")

    # 4. A partial payment: received and outstanding follow on the contract page.
    form.locator("input[name=amount]").fill("20000")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url.endswith(detail_url)
    expect(page.locator(".app-messages")).to_contain_text("The payment was recorded.")
    expect(receivables.locator(STAT.format("Received"))).to_have_text("¥20,000.00")
    expect(receivables.locator(STAT.format("Outstanding"))).to_have_text("¥70,000.00")
    expect(receivables.locator(STAT.format("Overdue"))).to_have_text("¥10,000.00")
    payments = page.locator("#contract-payments tbody tr")
    expect(payments).to_have_count(1)
    expect(payments).to_contain_text("¥20,000.00")
    # The earliest installment took the money: ¥10,000.00 of it remains.
    expect(page.locator("#receivable-plan tbody tr").first).to_contain_text(
        "¥10,000.00"
    )
    _shot(page, "13-partly-paid")

    phone = page_for(alice, **PHONE)
    phone.goto(f"{detail_url}#receivables")
    expect(phone.locator(f"#receivables {STAT.format('Received')}")).to_have_text(
        "¥20,000.00"
    )
    _shot(phone, "14-partly-paid-phone")
    assert _fits_width(phone), "the contract page scrolls sideways at 390px"

    payment = Payment.objects.get(contract=contract)
    assert (payment.amount, payment.received_on) == (Decimal("20000.00"), today)
    assert (payment.recorded_by, payment.is_overpayment) == (alice, False)
    assert payment.reference == "CMB-20260601-001"
    assert list(
        contract.installments.order_by("due_date").values_list("paid_amount", flat=True)
    ) == [Decimal("20000.00"), Decimal(0), Decimal(0)]


def test_manager_opens_contracts_in_chinese(page_for, alice, mary):
    today = timezone.localdate()
    contract = _signed_contract(
        alice,
        mary,
        amount="60000.00",
        signed_on=today - timedelta(days=3),
        customer="苏州星河精密机械有限公司",
        title="三号线远程监控",
    )
    number = contract.number
    installment_plan_replace(
        contract=contract,
        rows=[
            PlannedInstallment(due_date=today, amount=Decimal("30000.00")),
            PlannedInstallment(
                due_date=today + timedelta(days=30), amount=Decimal("30000.00")
            ),
        ],
        by=alice,
    )
    payment_record(
        contract=contract,
        by=alice,
        received_on=today,
        amount=Decimal("10000.00"),
        method="bank_transfer",
    )
    detail_url = reverse("contracts:detail", args=[contract.pk])

    page = page_for(mary, locale="zh-CN", **DESKTOP)
    response = page.goto(reverse("contracts:list"))
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    link = page.locator(f"table a[href='{detail_url}']")
    expect(link).to_have_text(number)
    expect(page.locator("table")).to_contain_text("苏州星河精密机械有限公司")
    _shot(page, "zh-01-contract-list")

    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value.status == 200
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    expect(page.locator("h1")).to_contain_text(number)
    expect(page.locator("h1")).to_contain_text("三号线远程监控")
    expect(_status(page)).to_have_attribute("data-status", "signed")
    # Money reads the same in every language.
    expect(page.locator("#receivables")).to_contain_text("¥10,000.00")
    expect(page.locator("#receivables")).to_contain_text("¥50,000.00")
    expect(page.locator("#receivable-plan tbody tr")).to_have_count(2)
    _shot(page, "zh-02-contract-detail")

    phone = page_for(mary, locale="zh-CN", **PHONE)
    phone.goto(detail_url)
    assert phone.locator("html").get_attribute("lang") == "zh-hans"
    expect(phone.locator("h1")).to_contain_text(number)
    _shot(phone, "zh-03-contract-detail-phone")
    assert _fits_width(phone), "the contract page scrolls sideways at 390px"
