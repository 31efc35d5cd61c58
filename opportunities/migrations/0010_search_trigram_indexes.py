"""Trigram indexes for the list's search (PostgreSQL only: users/search_indexes.py)."""

from django.db import migrations

from users.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0009_list_order_indexes")]

    operations = [
        trigram_indexes(
            "opportunities_opportunity",
            {"opp_name_trgm": "name", "opp_content_trgm": "content"},
        ),
    ]
