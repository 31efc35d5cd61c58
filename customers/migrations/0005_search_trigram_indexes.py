"""Trigram indexes for the list's search (PostgreSQL only: users/search_indexes.py)."""

from django.db import migrations

from users.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_list_order_indexes")]

    operations = [
        trigram_indexes(
            "customers_customer",
            {
                "customer_name_trgm": "legal_name",
                "customer_code_trgm": "credit_code",
                "customer_phone_trgm": "phone",
                "customer_address_trgm": "address",
            },
        ),
    ]
