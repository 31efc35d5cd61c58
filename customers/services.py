"""Writes that touch a customer and its contacts together."""

from django.db import transaction

from customers.models import Contact, Customer


@transaction.atomic
def customer_create(*, customer: Customer, first_contact: Contact | None) -> Customer:
    """Save a new customer and, if given, its first contact: both or neither."""
    customer.save()
    if first_contact is not None:
        first_contact.customer = customer
        first_contact.save()
    return customer
