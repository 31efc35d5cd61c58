"""Writes on contracts: numbering, saving with lines, and the status workflow."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts import numbering
from contracts.models import (
    Contract,
    ContractAction,
    ContractEvent,
    ContractLine,
    ContractStatus,
    NumberSeries,
)
from contracts.parts import contract_parts
from contracts.workflow import Action, MoveRefused, check
from opportunities import services as opportunity_services
from opportunities.models import (
    Opportunity,
    OpportunityStatus,
    StageChangeCause,
    lines_total,
)
from users.models import User
from users.money import format_money as money


class VoidOutcome:
    """What happens to a won deal when its signed contract is voided."""

    KEEP = "keep"
    REOPEN = "reopen"
    LOST = "lost"
    ALL = (KEEP, REOPEN, LOST)


def contract_number_next(*, on: date) -> str:
    """The next unused number of the series current on `on` (inside a transaction)."""
    pattern = settings.CONTRACT_NUMBER_PATTERN
    key = numbering.series(pattern, on=on)
    NumberSeries.objects.get_or_create(key=key)
    series = NumberSeries.objects.select_for_update().get(key=key)
    while True:
        series.last_value += 1
        number = numbering.render(pattern, on=on, seq=series.last_value)
        # A changed pattern may meet numbers given out before: skip them.
        if not Contract.objects.filter(number=number).exists():
            break
    series.save(update_fields=["last_value"])
    return number


def contract_draft_from_opportunity(
    opportunity: Opportunity, *, by: User
) -> tuple[Contract, list[ContractLine]]:
    """An unsaved contract and lines copied from a deal, for the create form."""
    contract = Contract(
        owner=opportunity.owner if opportunity.owner_id else by,
        customer=opportunity.customer,
        opportunity=opportunity,
        title=opportunity.name,
        amount=opportunity.amount,
    )
    lines = [
        ContractLine(
            product=line.product,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
        )
        for line in opportunity.lines.select_related("product")
    ]
    return contract, lines


def _check_opportunity(contract: Contract) -> None:
    opportunity = contract.opportunity
    if opportunity is None:
        return
    if opportunity.customer_id != contract.customer_id:
        raise ValidationError(
            {"opportunity": _("The opportunity belongs to another customer.")}
        )
    if opportunity.status == OpportunityStatus.LOST:
        raise ValidationError(
            {"opportunity": _("This opportunity was lost; reopen it first.")}
        )
    others = Contract.objects.live().filter(opportunity=opportunity)
    if contract.pk:
        others = others.exclude(pk=contract.pk)
    other = others.first()
    if other is not None:
        raise ValidationError(
            {
                "opportunity": _(
                    "This opportunity already has contract %(number)s; void it "
                    "before making another."
                )
                % {"number": other.number}
            }
        )


# What an edit may write: never the number, status, signing date or void reason,
# which only numbering and the workflow set.
EDITABLE_FIELDS = [
    field.name
    for field in Contract._meta.concrete_fields
    if field.editable and not field.primary_key
]


@transaction.atomic
def contract_save(*, contract: Contract, by: User) -> Contract:
    """Save a new or edited draft contract (numbered on create).

    An edit is checked against the locked row, not the copy the form was
    built from: a contract submitted meanwhile is no longer editable.
    """
    if contract.pk:
        current = (
            Contract.objects.select_for_update().only("status").get(pk=contract.pk)
        )
        if not current.is_editable:
            raise ValidationError(_("Only a draft contract can be edited."))
    _check_opportunity(contract)
    # The check constraint would say only "constraint … is violated".
    if (
        contract.starts_on
        and contract.ends_on
        and contract.ends_on < contract.starts_on
    ):
        raise ValidationError(
            {"ends_on": _("The contract cannot end before it starts.")}
        )
    contract.full_clean(exclude=["number"])
    editing = contract.pk is not None
    if not editing and not contract.number:
        contract.number = contract_number_next(on=timezone.localdate())
    try:
        with transaction.atomic():
            if editing:
                contract.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
            else:
                contract.save()
    except IntegrityError as error:
        # Two people made a contract of the same deal at the same moment.
        raise ValidationError(
            {"opportunity": _("This opportunity already has a contract.")}
        ) from error
    return contract


def contract_plan_gap(contract: Contract) -> tuple[Decimal, Decimal] | None:
    """(planned, amount) when the contract's receivable plan does not add up.

    None when it adds up or there is no plan. The plan's installments are
    reached through the reverse relation, so contracts need not import payments.
    """
    amounts = list(contract.installments.values_list("amount", flat=True))
    if not amounts:
        return None
    planned = sum(amounts, Decimal(0))
    return None if planned == contract.amount else (planned, contract.amount)


def contract_refresh_amount(*, contract: Contract) -> Contract:
    """The amount follows the lines when there are lines."""
    amount = lines_total(contract.lines.all())
    if amount is not None and amount != contract.amount:
        contract.amount = amount
        contract.save(update_fields=["amount", "updated_at"])
    return contract


@transaction.atomic
def contract_move(
    *,
    contract: Contract,
    action: Action | str,
    by: User,
    note: str = "",
    signed_on: date | None = None,
    void_outcome: str = VoidOutcome.KEEP,
) -> Contract:
    """Take a workflow action; refused moves raise ValidationError and change nothing.

    Signing marks the deal won; voiding a signed contract does to its won deal
    what `void_outcome` says (keep it won, reopen it, or mark it lost).
    """
    contract = (
        # Lock the contract row only: PostgreSQL refuses FOR UPDATE on the
        # nullable side of the outer join to the opportunity.
        Contract.objects.select_for_update(of=("self",))
        .select_related("owner", "opportunity__stage")
        .get(pk=contract.pk)
    )
    if action not in ContractAction.values:
        raise ValidationError(_("There is no such step for a contract."))
    try:
        move = check(action, contract.status, contract_parts(contract, by))
    except MoveRefused as error:
        raise ValidationError(
            _("“%(action)s” is not open to you on a contract that is %(status)s.")
            % {
                "action": ContractAction(action).label,
                "status": contract.get_status_display(),
            }
        ) from error
    note = note.strip()
    if move.needs_note and not note:
        raise ValidationError({"note": _("Give a reason.")})
    blocked = contract_move_blocker(contract=contract, action=move.action)
    if blocked:
        raise ValidationError(blocked)
    previous = contract.status
    today = timezone.localdate()

    if move.action == Action.SIGN:
        signed_on = signed_on or today
        if signed_on > today:
            raise ValidationError(
                {"signed_on": _("The signing date cannot be in the future.")}
            )
        contract.signed_on = signed_on
        _win_opportunity(contract, by)
    elif move.action == Action.VOID:
        contract.void_reason = note
        if previous == ContractStatus.SIGNED:
            _undo_win(contract, by, void_outcome, note)

    contract.status = move.target
    contract.save(update_fields=["status", "signed_on", "void_reason", "updated_at"])
    ContractEvent.objects.create(
        contract=contract,
        action=move.action,
        from_status=previous,
        to_status=move.target,
        by=by,
        note=note,
    )
    return contract


# The moves that take a contract towards money: its plan must add up first.
def contract_move_blocker(*, contract: Contract, action: Action | str) -> str:
    """Why the contract's records stop `action` now, or "" when nothing does.

    Who may take the step is the workflow's business (`check`); this is what
    the contract itself must hold first. The confirmation page shows it before
    anyone confirms; `contract_move` refuses with it. Plans, payments and
    invoices are reached through reverse relations: contracts never import
    payments.
    """
    if action == Action.SUBMIT and contract.amount <= 0:
        return _("A contract needs an amount above zero before it is submitted.")
    if action in (Action.SUBMIT, Action.APPROVE, Action.SIGN):
        gap = contract_plan_gap(contract)
        if gap is not None:
            planned, amount = gap
            return _(
                "The receivable plan adds up to %(planned)s but the contract "
                "amount is %(amount)s: correct the plan first."
            ) % {"planned": money(planned), "amount": money(amount)}
    if action == Action.COMPLETE:
        received = sum(contract.payments.values_list("amount", flat=True), Decimal(0))
        if received < contract.amount:
            return _(
                "%(outstanding)s is still outstanding; record the payments "
                "before completing."
            ) % {"outstanding": money(contract.amount - received)}
    if action == Action.VOID:
        if contract.payments.exists():
            return _(
                "Payments are recorded on this contract; delete them before voiding it."
            )
        # "void" is the invoice status too (payments.models.InvoiceStatus).
        if contract.invoices.exclude(status="void").exists():
            return _(
                "Invoices that are not void are recorded on this contract; void "
                "its invoices first."
            )
    return ""


def _win_opportunity(contract: Contract, by: User) -> None:
    opportunity = contract.opportunity
    if opportunity is None or opportunity.status == OpportunityStatus.WON:
        return
    if opportunity.status == OpportunityStatus.LOST:
        raise ValidationError(
            _("The opportunity of this contract was lost; reopen it before signing.")
        )
    opportunity_services.opportunity_close(
        opportunity=opportunity,
        by=by,
        won=True,
        cause=StageChangeCause.CONTRACT_SIGNED,
        reference=contract.number,
    )


def _undo_win(contract: Contract, by: User, outcome: str, reason: str) -> None:
    opportunity = contract.opportunity
    if outcome not in VoidOutcome.ALL:
        raise ValidationError(
            {"void_outcome": _("Choose what happens to the opportunity.")}
        )
    if opportunity is None or opportunity.status != OpportunityStatus.WON:
        return
    if outcome == VoidOutcome.KEEP:
        return
    because = {"cause": StageChangeCause.CONTRACT_VOIDED, "reference": contract.number}
    opportunity_services.opportunity_reopen(
        opportunity=opportunity, by=by, note=reason, **because
    )
    if outcome == VoidOutcome.LOST:
        opportunity_services.opportunity_close(
            opportunity=opportunity, by=by, won=False, lost_reason=reason, **because
        )
