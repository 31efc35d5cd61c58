from celery import shared_task
from django.db import transaction

from opportunities.recompute import recompute_open_deals


@shared_task
def recompute_probabilities() -> int:
    """Refresh every open deal's stored probability after a configuration change."""
    return recompute_open_deals()


def recompute_probabilities_on_commit() -> None:
    """Queue the bulk refresh once the configuration change is committed."""
    transaction.on_commit(recompute_probabilities.delay)
