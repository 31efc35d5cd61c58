"""Contract services: numbering, saving from a deal, and the status workflow."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings

from contracts.models import (
    Contract,
    ContractEvent,
    ContractLine,
    ContractStatus,
    NumberSeries,
)
from contracts.services import (
    VoidOutcome,
    contract_draft_from_opportunity,
    contract_move,
    contract_number_next,
    contract_refresh_amount,
    contract_save,
)
from opportunities.models import (
    OpportunityLine,
    OpportunityStatus,
    Stage,
    StageChange,
)
from opportunities.services import opportunity_close
from tests.factories import (
    ContractFactory,
    CustomerFactory,
    InstallmentFactory,
    InvoiceFactory,
    OpportunityFactory,
    PaymentFactory,
    ProductFactory,
)

JUNE_15 = "2026-06-15 10:00 +0800"
pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def fixed_clock():
    with time_machine.travel(JUNE_15, tick=False):
        yield


def new_contract(owner, **fields) -> Contract:
    """A contract saved through the service, so it gets a real number."""
    fields.setdefault("customer", CustomerFactory(owner=owner))
    contract = Contract(owner=owner, title="上海某某 MES 一期项目合同", **fields)
    return contract_save(contract=contract, by=owner)


def deal_of(owner, **fields):
    return OpportunityFactory(owner=owner, amount=Decimal("100000"), **fields)


def contract_in(status: str, owner, **fields) -> Contract:
    """A contract already standing at `status` (made directly, not moved there)."""
    return ContractFactory(owner=owner, status=status, **fields)


def move(contract, action, by, **kwargs) -> Contract:
    contract_move(contract=contract, action=action, by=by, **kwargs)
    contract.refresh_from_db()
    return contract


def signed_contract(alice, mary) -> Contract:
    """A contract of an open deal taken through the workflow to signed."""
    deal = deal_of(alice)
    contract = new_contract(
        alice, customer=deal.customer, opportunity=deal, amount=deal.amount
    )
    move(contract, "submit", alice)
    move(contract, "approve", mary)
    return move(contract, "sign", alice)


# Numbering ------------------------------------------------------------------


def test_numbers_count_up_within_the_year(alice):
    numbers = [new_contract(alice).number for _ in range(3)]
    assert numbers == ["HT-2026-0001", "HT-2026-0002", "HT-2026-0003"]


def test_numbering_starts_again_in_a_new_year(alice):
    new_contract(alice)
    new_contract(alice)
    with time_machine.travel("2027-01-04 09:00 +0800", tick=False):
        assert new_contract(alice).number == "HT-2027-0001"
    assert new_contract(alice).number == "HT-2026-0003"


def test_a_number_already_given_out_is_skipped(alice):
    ContractFactory(owner=alice, number="HT-2026-0001")
    ContractFactory(owner=alice, number="HT-2026-0003")
    assert [new_contract(alice).number for _ in range(3)] == [
        "HT-2026-0002",
        "HT-2026-0004",
        "HT-2026-0005",
    ]


def test_a_changed_pattern_skips_the_numbers_the_old_one_gave_out(alice):
    new_contract(alice)
    new_contract(alice)
    # Another series (its key differs) whose numbers look like the old ones.
    with override_settings(CONTRACT_NUMBER_PATTERN="HT-{year}-0{seq:03d}"):
        assert new_contract(alice).number == "HT-2026-0003"
        assert NumberSeries.objects.get(key="HT-2026-0#").last_value == 3


def test_a_monthly_pattern_counts_per_month(alice):
    with override_settings(CONTRACT_NUMBER_PATTERN="C{year}{month}-{seq:03d}"):
        assert contract_number_next(on=date(2026, 6, 1)) == "C202606-001"
        assert contract_number_next(on=date(2026, 6, 30)) == "C202606-002"
        assert contract_number_next(on=date(2026, 7, 1)) == "C202607-001"


def test_an_edit_keeps_the_number(alice):
    contract = new_contract(alice)
    contract.title = "改名后的合同"
    contract_save(contract=contract, by=alice)
    contract.refresh_from_db()
    assert (contract.number, contract.title) == ("HT-2026-0001", "改名后的合同")


# Saving ---------------------------------------------------------------------


def test_a_draft_from_a_deal_copies_customer_title_amount_and_lines(alice):
    deal = OpportunityFactory(
        owner=alice, name="华东精密 MES 一期", amount=Decimal("1")
    )
    product = ProductFactory(unit_price=Decimal("8600"))
    OpportunityLine.objects.create(
        opportunity=deal, product=product, quantity=20, unit_price=Decimal("8600")
    )
    OpportunityLine.objects.create(
        opportunity=deal,
        description="实施服务",
        quantity=3,
        unit_price=Decimal("2500.50"),
    )
    deal.amount = Decimal("179501.50")
    deal.save()

    contract, lines = contract_draft_from_opportunity(deal, by=alice)

    assert contract.pk is None and all(line.pk is None for line in lines)
    assert (contract.customer, contract.opportunity, contract.owner) == (
        deal.customer,
        deal,
        alice,
    )
    assert (contract.title, contract.amount) == (
        "华东精密 MES 一期",
        Decimal("179501.50"),
    )
    assert [
        (ln.product, ln.description, ln.quantity, ln.unit_price) for ln in lines
    ] == [
        (product, "", Decimal("20"), Decimal("8600")),
        (None, "实施服务", Decimal("3"), Decimal("2500.50")),
    ]


def test_a_contract_of_another_customers_deal_is_refused(alice):
    deal = deal_of(alice)
    with pytest.raises(ValidationError) as refused:
        new_contract(alice, opportunity=deal, customer=CustomerFactory(owner=alice))
    assert "another customer" in str(refused.value.message_dict["opportunity"])
    assert not Contract.objects.exists()


def test_a_contract_of_a_lost_deal_is_refused(alice):
    deal = deal_of(alice)
    opportunity_close(opportunity=deal, by=alice, won=False, lost_reason="预算取消")
    with pytest.raises(ValidationError) as refused:
        new_contract(alice, opportunity=deal, customer=deal.customer)
    assert "lost" in str(refused.value.message_dict["opportunity"])


def test_a_second_live_contract_of_a_deal_is_refused_naming_the_first(alice):
    deal = deal_of(alice)
    first = new_contract(alice, opportunity=deal, customer=deal.customer)
    with pytest.raises(ValidationError) as refused:
        new_contract(alice, opportunity=deal, customer=deal.customer)
    assert first.number in str(refused.value.message_dict["opportunity"])
    assert Contract.objects.count() == 1


def test_a_new_contract_of_the_deal_is_allowed_once_the_first_is_void(alice):
    deal = deal_of(alice)
    first = new_contract(alice, opportunity=deal, customer=deal.customer)
    move(first, "void", alice, note="客户要求修改付款条款")
    second = new_contract(alice, opportunity=deal, customer=deal.customer)
    assert second.number == "HT-2026-0002"
    assert list(deal.contracts.live()) == [second]


def test_editing_a_contract_does_not_count_it_as_its_own_rival(alice):
    deal = deal_of(alice)
    contract = new_contract(alice, opportunity=deal, customer=deal.customer)
    contract.terms = "验收后 30 日内付款"
    contract_save(contract=contract, by=alice)
    assert Contract.objects.get().terms == "验收后 30 日内付款"


def test_a_contract_ending_before_it_starts_is_refused(alice):
    with pytest.raises(ValidationError) as refused:
        new_contract(alice, starts_on=date(2026, 7, 1), ends_on=date(2026, 6, 30))
    assert "end before it starts" in str(refused.value.message_dict["ends_on"])
    assert not Contract.objects.exists()
    assert new_contract(alice, starts_on=date(2026, 7, 1), ends_on=date(2026, 7, 1))


def test_only_a_draft_can_be_edited(alice):
    contract = contract_in("submitted", alice)
    contract.title = "changed"
    with pytest.raises(ValidationError):
        contract_save(contract=contract, by=alice)
    assert Contract.objects.get().title != "changed"


def test_a_stale_copy_of_a_draft_cannot_undo_a_move(alice, mary):
    contract = new_contract(alice, amount=Decimal("5000"))
    stale = Contract.objects.get(pk=contract.pk)
    move(contract, "submit", alice)
    move(contract, "approve", mary)
    stale.title = "改过的标题"
    with pytest.raises(ValidationError, match="Only a draft"):
        contract_save(contract=stale, by=alice)
    contract.refresh_from_db()
    assert (contract.status, contract.title) == (
        ContractStatus.APPROVED,
        "上海某某 MES 一期项目合同",
    )


def test_an_edit_writes_only_what_a_form_may_change(alice):
    contract = new_contract(alice, amount=Decimal("5000"))
    contract.title = "改过的标题"
    contract.number = "HT-FORGED"
    contract.signed_on = date(2026, 6, 1)
    contract.void_reason = "x"
    contract_save(contract=contract, by=alice)
    contract.refresh_from_db()
    assert (contract.title, contract.number) == ("改过的标题", "HT-2026-0001")
    assert (contract.status, contract.signed_on, contract.void_reason) == (
        ContractStatus.DRAFT,
        None,
        "",
    )


def test_the_amount_follows_the_lines(alice):
    contract = new_contract(alice, amount=Decimal("5"))
    ContractLine.objects.create(
        contract=contract, description="网关", quantity=3, unit_price=Decimal("8600")
    )
    ContractLine.objects.create(
        contract=contract,
        description="实施",
        quantity=Decimal("2.5"),
        unit_price=Decimal("2500.10"),
    )
    contract_refresh_amount(contract=contract)
    contract.refresh_from_db()
    assert contract.amount == Decimal("32050.25")
    contract.lines.filter(description="网关").delete()
    contract_refresh_amount(contract=contract)
    contract.refresh_from_db()
    assert contract.amount == Decimal("6250.25")


def test_without_lines_the_entered_amount_stays(alice):
    contract = new_contract(alice, amount=Decimal("88000.00"))
    contract_refresh_amount(contract=contract)
    contract.refresh_from_db()
    assert contract.amount == Decimal("88000.00")


# The workflow ---------------------------------------------------------------


def test_submit_approve_sign_wins_the_deal_with_history(alice, mary):
    deal = deal_of(alice)
    contract = new_contract(
        alice, customer=deal.customer, opportunity=deal, amount=deal.amount
    )
    assert move(contract, "submit", alice).status == ContractStatus.SUBMITTED
    assert move(contract, "approve", mary).status == ContractStatus.APPROVED
    move(contract, "sign", alice)

    assert contract.status == ContractStatus.SIGNED
    assert contract.signed_on == date(2026, 6, 15)  # today, when not given
    deal.refresh_from_db()
    assert deal.status == OpportunityStatus.WON
    assert deal.stage == Stage.objects.get(kind="won")
    change = StageChange.objects.filter(opportunity=deal).latest("id")
    assert (change.to_status, change.changed_by) == (OpportunityStatus.WON, alice)
    assert (change.cause, change.reference) == ("contract_signed", contract.number)
    events = list(
        ContractEvent.objects.filter(contract=contract)
        .order_by("id")
        .values_list("action", "from_status", "to_status", "by__username")
    )
    assert events == [
        ("submit", "draft", "submitted", "alice"),
        ("approve", "submitted", "approved", "mary"),
        ("sign", "approved", "signed", "alice"),
    ]


def test_signing_on_an_earlier_day_keeps_that_day(alice):
    contract = contract_in("approved", alice)
    move(contract, "sign", alice, signed_on=date(2026, 6, 1))
    assert contract.signed_on == date(2026, 6, 1)


def test_a_signing_date_in_the_future_is_refused(alice):
    deal = deal_of(alice)
    contract = contract_in("approved", alice, opportunity=deal, customer=deal.customer)
    with pytest.raises(ValidationError) as refused:
        move(contract, "sign", alice, signed_on=date(2026, 6, 16))
    assert "signed_on" in refused.value.message_dict
    contract.refresh_from_db()
    deal.refresh_from_db()
    assert (contract.status, contract.signed_on) == (ContractStatus.APPROVED, None)
    assert deal.status == OpportunityStatus.OPEN
    assert not contract.events.exists()


def test_signing_is_refused_when_the_deal_was_lost_meanwhile(alice):
    deal = deal_of(alice)
    contract = contract_in("approved", alice, opportunity=deal, customer=deal.customer)
    opportunity_close(opportunity=deal, by=alice, won=False, lost_reason="换了供应商")
    with pytest.raises(ValidationError):
        move(contract, "sign", alice)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.APPROVED


def test_a_salesperson_cannot_approve_their_own_contract(alice):
    contract = contract_in("submitted", alice)
    with pytest.raises(ValidationError):
        move(contract, "approve", alice)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SUBMITTED
    assert not contract.events.exists()


@pytest.mark.parametrize("stranger", ["bob", "olivia", "nick"])
def test_teammates_and_other_teams_cannot_move_a_contract(request, alice, stranger):
    contract = contract_in("submitted", alice)
    with pytest.raises(ValidationError):
        move(contract, "approve", request.getfixturevalue(stranger))
    with pytest.raises(ValidationError):
        move(contract, "void", request.getfixturevalue(stranger), note="不要了")
    assert Contract.objects.get().status == ContractStatus.SUBMITTED


def test_a_manager_of_a_parent_team_approves_a_sub_team_contract(kate, mary):
    contract = contract_in("submitted", kate)
    assert move(contract, "approve", mary).status == ContractStatus.APPROVED


def test_a_managers_own_contract_is_approved_by_the_manager_above(mary, dora):
    contract = contract_in("submitted", mary)
    with pytest.raises(ValidationError):
        move(contract, "approve", mary)
    assert move(contract, "approve", dora).status == ContractStatus.APPROVED


def test_an_administrator_approves_anyones_contract_but_not_their_own(alice, adam):
    theirs = contract_in("submitted", alice)
    assert move(theirs, "approve", adam).status == ContractStatus.APPROVED
    own = contract_in("submitted", adam)
    with pytest.raises(ValidationError):
        move(own, "approve", adam)
    own.refresh_from_db()
    assert own.status == ContractStatus.SUBMITTED


def test_the_owner_withdraws_and_the_approver_returns_with_a_note(alice, mary):
    contract = contract_in("submitted", alice)
    assert move(contract, "withdraw", alice).status == ContractStatus.DRAFT
    move(contract, "submit", alice)
    with pytest.raises(ValidationError) as refused:
        move(contract, "return", mary, note="   ")
    assert "note" in refused.value.message_dict
    assert Contract.objects.get().status == ContractStatus.SUBMITTED
    move(contract, "return", mary, note="付款条款写清楚验收标准")
    assert contract.status == ContractStatus.DRAFT
    event = contract.events.latest("id")
    assert (event.action, event.by, event.note) == (
        "return",
        mary,
        "付款条款写清楚验收标准",
    )


def test_voiding_needs_a_reason_and_keeps_it(alice):
    contract = contract_in("draft", alice)
    with pytest.raises(ValidationError) as refused:
        move(contract, "void", alice)
    assert "note" in refused.value.message_dict
    assert Contract.objects.get().status == ContractStatus.DRAFT
    move(contract, "void", alice, note="  客户取消采购  ")
    assert (contract.status, contract.void_reason) == ("void", "客户取消采购")


def test_only_an_approver_voids_a_signed_contract(alice, mary):
    contract = contract_in("signed", alice)
    with pytest.raises(ValidationError):
        move(contract, "void", alice, note="客户取消")
    assert move(contract, "void", mary, note="客户取消").status == ContractStatus.VOID


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        (VoidOutcome.KEEP, OpportunityStatus.WON),
        (VoidOutcome.REOPEN, OpportunityStatus.OPEN),
        (VoidOutcome.LOST, OpportunityStatus.LOST),
    ],
)
def test_voiding_a_signed_contract_does_what_was_asked_to_the_deal(
    alice, mary, outcome, status
):
    contract = signed_contract(alice, mary)
    move(contract, "void", mary, note="客户破产清算", void_outcome=outcome)
    deal = contract.opportunity
    deal.refresh_from_db()
    assert deal.status == status
    if status == OpportunityStatus.LOST:
        assert deal.lost_reason == "客户破产清算"
        assert deal.stage == Stage.objects.get(kind="lost")
    if status == OpportunityStatus.OPEN:
        assert deal.stage == Stage.objects.first_open()
    last = StageChange.objects.filter(opportunity=deal).latest("id")
    # Keeping the deal won moves nothing: its last change is still the win.
    changed_by = alice if outcome == VoidOutcome.KEEP else mary
    assert (last.to_status, last.changed_by) == (status, changed_by)
    cause = "contract_signed" if outcome == VoidOutcome.KEEP else "contract_voided"
    assert (last.cause, last.reference) == (cause, contract.number)


def test_an_unknown_void_outcome_is_refused(alice, mary):
    contract = signed_contract(alice, mary)
    with pytest.raises(ValidationError):
        move(contract, "void", mary, note="x", void_outcome="forget")
    assert Contract.objects.get().status == ContractStatus.SIGNED


def test_voiding_is_refused_while_payments_exist(alice, mary):
    contract = contract_in("signed", alice)
    PaymentFactory(contract=contract, received_on=date(2026, 6, 1))
    with pytest.raises(ValidationError, match="Payments are recorded"):
        move(contract, "void", mary, note="客户取消")
    contract.refresh_from_db()
    assert (contract.status, contract.void_reason) == (ContractStatus.SIGNED, "")


@pytest.mark.parametrize(
    ("status", "action", "who"),
    [
        ("draft", "submit", "alice"),
        ("submitted", "approve", "mary"),
        ("approved", "sign", "alice"),
    ],
)
def test_a_plan_that_does_not_add_up_stops_the_contract_going_forward(
    request, alice, status, action, who
):
    contract = contract_in(status, alice, amount=Decimal("5000"))
    InstallmentFactory(contract=contract, amount=Decimal("400"))
    InstallmentFactory(contract=contract, amount=Decimal("600"))
    with pytest.raises(ValidationError) as refused:
        move(contract, action, request.getfixturevalue(who))
    assert refused.value.messages == [
        "The receivable plan adds up to ¥1,000.00 but the contract amount is "
        "¥5,000.00: correct the plan first."
    ]
    contract.refresh_from_db()
    assert (contract.status, contract.signed_on) == (status, None)
    assert not contract.events.exists()


def test_a_contract_of_no_amount_cannot_be_submitted(alice):
    contract = new_contract(alice)
    assert contract.amount == 0
    with pytest.raises(ValidationError) as refused:
        move(contract, "submit", alice)
    assert refused.value.messages == [
        "A contract needs an amount above zero before it is submitted."
    ]
    assert contract.status == ContractStatus.DRAFT
    assert not contract.events.exists()


def test_a_plan_that_adds_up_lets_the_contract_be_signed(alice, mary):
    contract = new_contract(alice, amount=Decimal("5000"))
    InstallmentFactory(contract=contract, amount=Decimal("1000.50"))
    InstallmentFactory(contract=contract, amount=Decimal("3999.50"))
    for action, user in (("submit", alice), ("approve", mary), ("sign", alice)):
        move(contract, action, user)
    assert contract.status == ContractStatus.SIGNED


def test_voiding_is_refused_while_invoices_are_live(alice, mary):
    contract = contract_in("signed", alice)
    invoice = InvoiceFactory(contract=contract, issued_on=date(2026, 6, 1))
    with pytest.raises(ValidationError, match="void its invoices first"):
        move(contract, "void", mary, note="客户取消")
    contract.refresh_from_db()
    assert (contract.status, contract.void_reason) == (ContractStatus.SIGNED, "")
    invoice.status = "void"
    invoice.save()
    assert move(contract, "void", mary, note="客户取消").status == ContractStatus.VOID


def test_the_owner_completes_a_signed_contract_paid_in_full(alice):
    contract = contract_in(
        "signed", alice, signed_on=date(2026, 1, 5), amount=Decimal("100000")
    )
    PaymentFactory(contract=contract, amount=Decimal("60000.50"))
    PaymentFactory(contract=contract, amount=Decimal("39999.50"))
    move(contract, "complete", alice)
    assert (contract.status, contract.signed_on) == ("completed", date(2026, 1, 5))


def test_completing_is_refused_while_money_is_outstanding(alice):
    contract = contract_in("signed", alice, amount=Decimal("100000"))
    PaymentFactory(contract=contract, amount=Decimal("99000"))
    with pytest.raises(ValidationError) as refused:
        move(contract, "complete", alice)
    assert refused.value.messages == [
        "¥1,000.00 is still outstanding; record the payments before completing."
    ]
    assert contract.status == ContractStatus.SIGNED
    assert not contract.events.exists()


@pytest.mark.parametrize("status", ["completed", "void"])
@pytest.mark.parametrize(
    "action", ["submit", "withdraw", "approve", "return", "sign", "complete", "void"]
)
def test_completed_and_void_contracts_accept_no_move(alice, adam, status, action):
    contract = contract_in(status, alice, void_reason="x" if status == "void" else "")
    for user in (alice, adam):
        with pytest.raises(ValidationError):
            move(contract, action, user, note="再试一次", signed_on=date(2026, 6, 1))
    assert Contract.objects.get().status == status
    assert not ContractEvent.objects.exists()


def test_a_contract_without_a_deal_signs_on_its_own(alice, mary):
    contract = new_contract(alice, amount=Decimal("20000"))
    for action, user in (("submit", alice), ("approve", mary), ("sign", alice)):
        move(contract, action, user)
    assert contract.status == ContractStatus.SIGNED
    assert not StageChange.objects.exists()


def test_a_deal_won_before_its_contract_is_signed_stays_won_once(alice, mary):
    deal = deal_of(alice)
    opportunity_close(opportunity=deal, by=alice, won=True)
    contract = contract_in("approved", alice, opportunity=deal, customer=deal.customer)
    move(contract, "sign", alice, signed_on=date(2026, 6, 12))
    assert StageChange.objects.filter(opportunity=deal, to_status="won").count() == 1


def test_an_unknown_step_is_refused_with_a_message(alice):
    contract = ContractFactory(owner=alice)
    with pytest.raises(ValidationError, match="no such step"):
        contract_move(contract=contract, action="teleport", by=alice)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.DRAFT
