"""Writes on leads: pool moves, assignment and follow-ups."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from leads.models import FUTURE_TOLERANCE, Lead, LeadActivity, LeadStatus
from leads.scoring import COMPLETENESS_FIELDS
from users.models import User
from users.visibility import visible_users

POOL_READ_ONLY = gettext_lazy(
    "This lead is in the shared pool: claim it before changing it."
)


@transaction.atomic
def lead_claim(*, lead_id: int, user: User) -> Lead:
    """Take an unowned lead from the pool; the first of two claimants wins."""
    lead = Lead.objects.select_for_update().get(pk=lead_id)
    if lead.owner_id is not None:
        raise ValidationError(_("Someone else has already claimed this lead."))
    lead.owner = user
    lead._change_reason = gettext_noop("claimed from the pool")
    lead.save()
    return lead


@transaction.atomic
def lead_return_to_pool(*, lead: Lead, user: User) -> Lead:
    """Give a lead up: it becomes unowned and visible to every salesperson."""
    if lead.is_converted:
        raise ValidationError(_("A converted lead cannot go back to the pool."))
    lead.owner = None
    lead._change_reason = gettext_noop("returned to the pool")
    lead.save()
    return lead


@transaction.atomic
def lead_recycle(*, lead_id: int, cutoff: datetime) -> User | None:
    """Return a lead quiet since before `cutoff` to the pool; its former owner.

    The lead's history records the move. None when the lead was followed up,
    handed on or returned meanwhile.
    """
    lead = (
        Lead.objects.select_for_update()
        .quiet_since_before(cutoff)
        .select_related("owner")
        .filter(pk=lead_id)
        .first()
    )
    if lead is None:
        return None
    owner = lead.owner
    lead.owner = None
    lead._change_reason = gettext_noop("returned to the pool: not followed up in time")
    lead.save()
    return owner


@transaction.atomic
def lead_assign(*, leads: Iterable[Lead], owner: User, by: User) -> int:
    """Give leads to `owner`; only a manager or admin may, within their people."""
    if not (by.is_manager or by.is_admin):
        raise PermissionDenied(_("Only managers and administrators assign leads."))
    if not visible_users(by).filter(pk=owner.pk).exists():
        raise ValidationError(_("You can only assign leads to people in your teams."))
    count = 0
    for lead in leads:
        if lead.owner_id == owner.pk:
            continue
        lead.owner = owner
        lead._change_reason = gettext_noop("assigned")
        lead.save()
        count += 1
    return count


@transaction.atomic
def lead_log_activity(
    *,
    lead: Lead,
    by: User,
    kind: str,
    summary: str,
    occurred_at: datetime | None = None,
    next_contact_at: datetime | None = None,
) -> LeadActivity:
    """Record a follow-up on a lead; it sets the lead's last and next contact.

    A follow-up in the future is refused: the lead's last contact only moves
    forward, so one mistyped year would hold it for good.
    """
    if not lead.may_change(by):
        raise ValidationError(POOL_READ_ONLY)
    now = timezone.now()
    if occurred_at is not None and occurred_at > now + FUTURE_TOLERANCE:
        raise ValidationError(
            {
                "occurred_at": _(
                    "A follow-up cannot be in the future; plan it as the next contact."
                )
            }
        )
    activity = LeadActivity(
        lead=lead,
        logged_by=by,
        kind=kind,
        summary=summary,
        occurred_at=occurred_at or now,
        next_contact_at=next_contact_at,
    )
    activity.full_clean()
    activity.save()
    if lead.last_contact_at is None or activity.occurred_at >= lead.last_contact_at:
        lead.last_contact_at = activity.occurred_at
        lead.next_contact_at = next_contact_at
    if lead.status == LeadStatus.NEW:
        lead.status = LeadStatus.CONTACTED
    lead.save()
    return activity


SCORE_BATCH = 2000


def lead_refresh_scores(*, batch_size: int = SCORE_BATCH) -> int:
    """Recompute stored scores as last contacts age; how many changed.

    Only leads ever contacted can change: the rest of the score depends on
    fields that save() scores anyway. Batches go by primary key, each in its
    own transaction with its rows locked, so an edit saved meanwhile is not
    overwritten with a score computed from the older row.
    """
    contacted = Lead.objects.filter(last_contact_at__isnull=False).order_by("pk")
    fields = [*COMPLETENESS_FIELDS, "source", "last_contact_at", "score"]
    changed = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                contacted.filter(pk__gt=last_pk)
                .select_for_update()
                .only(*fields)[:batch_size]
            )
            if not batch:
                return changed
            last_pk = batch[-1].pk
            stale = []
            for lead in batch:
                score = lead.compute_score()
                if score != lead.score:
                    lead.score = score
                    stale.append(lead)
            # No history row and no new updated_at: nobody changed the lead.
            Lead.objects.bulk_update(stale, ["score"])
            changed += len(stale)
