"""Writes from My day: log a follow-up on, or reschedule, a deal, customer or
lead, each through its own app's service or history."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from customers.models import Customer
from leads.models import Lead
from leads.services import POOL_READ_ONLY, lead_log_activity
from opportunities.models import Opportunity
from opportunities.services import activity_log
from users.models import User


def _refuse_closed(record: Model, by: User) -> None:
    if isinstance(record, Opportunity) and not record.is_open:
        raise ValidationError(_("This opportunity is already closed."))
    if isinstance(record, Lead) and not record.may_change(by):
        raise ValidationError(POOL_READ_ONLY)


@transaction.atomic
def contact_reschedule(*, record: Model, when: datetime, by: User) -> Model:
    """Move the record's next contact to `when` (its history keeps the change)."""
    _refuse_closed(record, by)
    record.next_contact_at = when
    record._change_reason = gettext_noop("next contact rescheduled")
    record.save(update_fields=["next_contact_at", "updated_at"])
    return record


def contact_log_follow_up(
    *, record: Model, by: User, kind: str, summary: str, next_contact_at
) -> None:
    """Log a follow-up now on a deal, customer or lead, with its next contact."""
    _refuse_closed(record, by)
    if isinstance(record, Lead):
        lead_log_activity(
            lead=record,
            by=by,
            kind=kind,
            summary=summary,
            next_contact_at=next_contact_at,
        )
        return
    customer = record if isinstance(record, Customer) else record.customer
    activity_log(
        by=by,
        customer=customer,
        opportunity=record if isinstance(record, Opportunity) else None,
        kind=kind,
        summary=summary,
        next_contact_at=next_contact_at,
    )
