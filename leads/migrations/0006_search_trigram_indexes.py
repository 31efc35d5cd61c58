"""Trigram indexes for the list's search (PostgreSQL only: users/search_indexes.py)."""

from django.db import migrations

from users.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("leads", "0005_list_order_indexes")]

    operations = [
        trigram_indexes(
            "leads_lead",
            {
                "lead_company_trgm": "company_name",
                "lead_contact_trgm": "contact_name",
                "lead_phone_trgm": "phone",
                "lead_email_trgm": "email",
            },
        ),
        trigram_indexes(
            "leads_lead", {"lead_phone_digits_trgm": "phone_normalized"}, upper=False
        ),
    ]
