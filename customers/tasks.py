import logging

from celery import shared_task
from django.utils import timezone

from customers.models import Customer
from users.notifications.contact_reminders import remind_contacts

logger = logging.getLogger(__name__)


@shared_task
def remind_customer_contacts() -> int:
    """Remind owners of customers whose next contact is near (every 5 minutes)."""
    reminded = remind_contacts(Customer.objects.all(), now=timezone.now())
    logger.info("Customer contact reminders: %d sent", reminded)
    return reminded
