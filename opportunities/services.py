"""Writes on opportunities and follow-ups that keep the stored numbers true."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Contact, Customer
from opportunities.buying_team import deal_contacts_of_other_customers_drop
from opportunities.models import (
    Activity,
    CompetitionFactor,
    Opportunity,
    OpportunityStatus,
    Stage,
    StageChange,
    StageChangeCause,
    StageKind,
    lines_total,
)
from opportunities.stage_derivation import stage_by_ticks
from users.models import User


def opportunity_refresh_numbers(*, opportunity: Opportunity) -> Opportunity:
    """Amount from the lines (when there are lines), then probability and weight."""
    amount = lines_total(opportunity.lines.all())
    amount_changed = False
    if amount is not None:
        amount_changed = amount != opportunity.amount
        opportunity.amount = amount
    opportunity.refresh_numbers(
        opportunity.competitors.count(), CompetitionFactor.objects.as_table()
    )
    fields = ["amount", "win_probability", "weighted_amount"]
    if amount_changed:
        # A save (not update) so the change history shows the new amount.
        opportunity.save(update_fields=[*fields, "updated_at"])
    else:
        Opportunity.objects.filter(pk=opportunity.pk).update(
            **{name: getattr(opportunity, name) for name in fields}
        )
    return opportunity


def stage_change_record(
    *,
    opportunity: Opportunity,
    from_stage,
    from_status: str,
    by: User,
    note: str = "",
    cause: str = StageChangeCause.HAND,
    criterion=None,
    reference: str = "",
) -> None:
    """Record a move of stage or status in the history (nothing if neither moved).

    The cause, criterion and reference are stored rather than a sentence, so the
    history reads in whichever language its reader uses.
    """
    if from_stage == opportunity.stage and from_status == opportunity.status:
        return
    StageChange.objects.create(
        opportunity=opportunity,
        from_stage=from_stage,
        to_stage=opportunity.stage,
        from_status=from_status,
        to_status=opportunity.status,
        changed_by=by,
        cause=cause,
        criterion=criterion,
        reference=reference,
        note=note[:300],  # a long lost reason is kept whole on the deal itself
    )


@transaction.atomic
def opportunity_save(
    *, opportunity: Opportunity, by: User, previous: Opportunity | None = None
) -> Opportunity:
    """Save a created or edited opportunity, record stage moves, refresh numbers.

    `previous` is the row as it was before the edit (None on create).
    """
    if opportunity.stage_id is None:
        opportunity.stage = Stage.objects.first_open()
    opportunity.full_clean(exclude=["competitors"])
    opportunity.save()
    if previous is not None and previous.customer_id != opportunity.customer_id:
        deal_contacts_of_other_customers_drop(opportunity=opportunity, by=by)
    stage_change_record(
        opportunity=opportunity,
        from_stage=previous.stage if previous else None,
        from_status=previous.status if previous else "",
        by=by,
    )
    return opportunity_refresh_numbers(opportunity=opportunity)


@transaction.atomic
def opportunity_close(
    *,
    opportunity: Opportunity,
    by: User,
    won: bool,
    lost_reason: str = "",
    cause: str = StageChangeCause.HAND,
    reference: str = "",
) -> Opportunity:
    """Mark an open opportunity won or lost (lost needs a reason).

    `cause` and `reference` say what closed it, such as a signed contract.
    """
    if not opportunity.is_open:
        raise ValidationError(_("This opportunity is already closed."))
    if not won and not lost_reason.strip():
        raise ValidationError({"lost_reason": _("Say why the opportunity was lost.")})
    previous_stage, previous_status = opportunity.stage, opportunity.status
    kind = StageKind.WON if won else StageKind.LOST
    opportunity.stage = Stage.objects.filter(kind=kind).order_by("order").first()
    opportunity.status = OpportunityStatus.WON if won else OpportunityStatus.LOST
    opportunity.lost_reason = "" if won else lost_reason.strip()
    opportunity.closed_at = timezone.now()
    opportunity.save()
    stage_change_record(
        opportunity=opportunity,
        from_stage=previous_stage,
        from_status=previous_status,
        by=by,
        note=opportunity.lost_reason,
        cause=cause,
        reference=reference,
    )
    return opportunity_refresh_numbers(opportunity=opportunity)


@transaction.atomic
def opportunity_reopen(
    *,
    opportunity: Opportunity,
    by: User,
    cause: str = StageChangeCause.HAND,
    reference: str = "",
    note: str = "",
) -> Opportunity:
    """Put a closed opportunity back into the open stage its ticks show."""
    if opportunity.is_open:
        raise ValidationError(_("This opportunity is already open."))
    previous_stage, previous_status = opportunity.stage, opportunity.status
    opportunity.stage = stage_by_ticks(opportunity)
    opportunity.status = OpportunityStatus.OPEN
    opportunity.lost_reason = ""
    opportunity.closed_at = None
    opportunity.save()
    stage_change_record(
        opportunity=opportunity,
        from_stage=previous_stage,
        from_status=previous_status,
        by=by,
        note=note,
        cause=cause,
        reference=reference,
    )
    return opportunity_refresh_numbers(opportunity=opportunity)


@transaction.atomic
def activity_log(
    *,
    by: User,
    customer: Customer,
    kind: str,
    summary: str,
    opportunity: Opportunity | None = None,
    contact: Contact | None = None,
    occurred_at: datetime | None = None,
    next_contact_at: datetime | None = None,
) -> Activity:
    """Record a follow-up; it sets last and next contact on the deal and customer."""
    if opportunity is not None and opportunity.customer_id != customer.pk:
        raise ValidationError(_("The opportunity belongs to another customer."))
    if contact is not None and contact.customer_id != customer.pk:
        raise ValidationError(
            {"contact": _("This contact works for another customer.")}
        )
    activity = Activity(
        customer=customer,
        opportunity=opportunity,
        contact=contact,
        logged_by=by,
        kind=kind,
        summary=summary,
        occurred_at=occurred_at or timezone.now(),
        next_contact_at=next_contact_at,
    )
    activity.full_clean()
    activity.save()
    for record in (customer, opportunity):
        if record is None:
            continue
        # An activity logged late for an earlier date does not move the dates back.
        if (
            record.last_contact_at is None
            or activity.occurred_at >= record.last_contact_at
        ):
            record.last_contact_at = activity.occurred_at
            record.next_contact_at = next_contact_at
            type(record).objects.filter(pk=record.pk).update(
                last_contact_at=record.last_contact_at,
                next_contact_at=record.next_contact_at,
            )
    return activity
