"""Writes of the reports app: follow-ups and reschedules from My day (each
through its own app's service or history), frozen forecasts, the targets grid."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Model, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from customers.models import Customer
from leads.models import Lead
from leads.services import POOL_READ_ONLY, lead_log_activity
from opportunities.models import Opportunity
from opportunities.services import activity_log
from reports.metrics.periods import month_end, month_start
from reports.models import ForecastSnapshot, ReportSettings, Target
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


@transaction.atomic
def forecast_snapshot_take(*, month: date) -> int:
    """Freeze each person's forecast for `month` from the open deals now.

    A snapshot once taken is never changed, so running this again (a
    redelivered task) keeps the first one; returns how many were written.
    """
    first = month_start(month)
    threshold = Decimal(ReportSettings.load().committed_percentage) / 100
    rows = (
        Opportunity.objects.open()
        .filter(expected_win_date__gte=first, expected_win_date__lte=month_end(first))
        .order_by()
        .values("owner")
        .annotate(
            deals=Count("*"),
            weighted=Sum("weighted_amount"),
            best_case=Sum("amount"),
            committed=Sum("amount", filter=Q(win_probability__gte=threshold)),
        )
    )
    taken = set(
        ForecastSnapshot.objects.filter(month=first).values_list("owner", flat=True)
    )
    snapshots = [
        ForecastSnapshot(
            owner_id=row["owner"],
            month=first,
            deals=row["deals"],
            weighted=row["weighted"] or 0,
            best_case=row["best_case"] or 0,
            committed=row["committed"] or 0,
        )
        for row in rows
        if row["owner"] not in taken
    ]
    ForecastSnapshot.objects.bulk_create(snapshots, ignore_conflicts=True)
    return len(snapshots)


@transaction.atomic
def target_grid_save(
    *,
    people: dict,
    teams: dict,
    field: str,
    values: dict[tuple[str, int, date], object],
) -> int:
    """Write a grid of targets: (kind, id, month) → value (None clears it).

    `people` and `teams` map the ids the editor may change to their records;
    returns how many targets changed.
    """
    changed = 0
    for (kind, pk, month), value in values.items():
        owner = {"user": people[pk]} if kind == "user" else {"team": teams[pk]}
        existing = Target.objects.filter(month=month, **owner).first()
        if value is None:
            if existing is None:
                continue
            setattr(existing, field, Decimal(0) if field == "won_amount" else None)
            if (
                not existing.won_amount
                and existing.received_amount is None
                and (existing.new_customers is None)
            ):
                existing.delete()
            else:
                existing.save()
            changed += 1
            continue
        if existing is None:
            existing = Target(month=month, won_amount=Decimal(0), **owner)
        elif getattr(existing, field) == value:
            continue
        setattr(existing, field, value)
        existing.full_clean()
        existing.save()
        changed += 1
    return changed
