import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from leads.import_jobs import lead_import_run
from leads.models import Lead
from leads.services import lead_recycle, lead_refresh_scores
from users.models import Kind, ReminderSettings
from users.notifications.contact_reminders import batches as _batches
from users.notifications.contact_reminders import remind_contacts
from users.notifications.notify import Notice, notify_once

logger = logging.getLogger(__name__)


@shared_task
def leads_refresh_scores() -> int:
    """Let stored lead scores follow the age of each last contact (run daily).

    Lists sort and filter by the stored score, which save() computes; without
    this a lead contacted once would keep its recency points for good.
    """
    changed = lead_refresh_scores()
    logger.info("Refreshed lead scores: %d changed", changed)
    return changed


@shared_task
def remind_lead_contacts() -> int:
    """Remind owners of open leads whose next contact is near (every 5 minutes)."""
    reminded = remind_contacts(Lead.objects.open(), now=timezone.now())
    logger.info("Lead contact reminders: %d sent", reminded)
    return reminded


@shared_task
def recycle_neglected_leads() -> int:
    """Warn owners of quiet claimed leads, then return them to the pool (daily).

    Off unless the reminder settings turn it on. The warning goes once per
    quiet spell; the move is recorded in each lead's history.
    """
    row = ReminderSettings.load()
    if not row.pool_recycling:
        return 0
    now = timezone.now()
    recycle_cutoff = now - timedelta(days=row.pool_recycle_days)
    warn_cutoff = recycle_cutoff + timedelta(days=row.pool_warn_days)
    # Warned once, between the warning and the move; a lead already past the
    # move is moved without a warning the owner could not act on.
    quiet = Lead.objects.quiet_since_before(warn_cutoff)
    warned = _warn(quiet.filter(quiet_since__gte=recycle_cutoff), row)
    recycled = []
    for lead in Lead.objects.quiet_since_before(recycle_cutoff).order_by("pk"):
        if owner := lead_recycle(lead_id=lead.pk, cutoff=recycle_cutoff):
            recycled.append(
                Notice(
                    owner.pk,
                    Kind.LEAD_RECYCLED,
                    f"pool:{lead.pk}:{lead.quiet_since.isoformat()}",
                    {"name": lead.company_name, "days": row.pool_recycle_days},
                    record=lead,
                )
            )
    notify_once(recycled)
    logger.info("Lead pool: %d warned, %d returned", warned, len(recycled))
    return len(recycled)


def _warn(leads, row) -> int:
    sent = 0
    for batch in _batches(leads.select_related("owner").order_by("pk").iterator()):
        notices = [
            Notice(
                lead.owner_id,
                Kind.LEAD_RECYCLE_WARNING,
                f"pool-warning:{lead.pk}:{lead.quiet_since.isoformat()}",
                {
                    "name": lead.company_name,
                    "day": timezone.localdate(
                        lead.quiet_since + timedelta(days=row.pool_recycle_days)
                    ).isoformat(),
                },
                record=lead,
            )
            for lead in batch
            if lead.owner.is_active
        ]
        sent += len(notify_once(notices))
    return sent


@shared_task
def run_lead_import(import_id: int) -> str:
    """Import an uploaded lead file (leads.import_jobs); a finished one is left."""
    job = lead_import_run(import_id=import_id)
    logger.info(
        "Lead import %d %s: %d created, %d duplicates, %d refused",
        job.pk,
        job.status,
        job.created_count,
        job.duplicate_count,
        job.refused_count,
    )
    return job.status
