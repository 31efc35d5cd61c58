"""A contact's phone and e-mail are stored normalized, to be matched however typed."""

import importlib

from django.apps import apps

from customers.models import Contact
from tests.factories import ContactFactory


def test_a_contact_keeps_its_phone_and_email_normalized(alices_customer):
    contact = ContactFactory(
        customer=alices_customer, phone="0086 139-0000-2222", email=" Li@Example.CN"
    )
    assert (contact.phone_normalized, contact.email_normalized) == (
        "13900002222",
        "li@example.cn",
    )
    contact.phone = "021 6000 0000"
    contact.save(update_fields=["phone"])
    contact.refresh_from_db()
    assert contact.phone_normalized == "02160000000"


def test_the_migration_normalizes_existing_contacts(alices_customer):
    contact = ContactFactory(customer=alices_customer, phone="139 0000 2222")
    Contact.objects.update(phone_normalized="", email_normalized="")
    migration = importlib.import_module(
        "customers.migrations.0002_contact_normalized_phone_email"
    )
    migration.fill_normalized(apps, None)
    contact.refresh_from_db()
    assert contact.phone_normalized == "13900002222"
