"""Free-text search: across a relation by ids, and on trigram indexes."""

import pytest
from django.db import connection

from opportunities.filters import OpportunityFilter
from opportunities.models import Opportunity
from tests.factories import CustomerFactory, OpportunityFactory
from users import filters


def search(text: str) -> list[str]:
    rows = OpportunityFilter({"q": text}, queryset=Opportunity.objects.all()).qs
    return sorted(rows.values_list("name", flat=True))


def test_finds_deals_by_their_name_content_or_customer(alice):
    acme = CustomerFactory(legal_name="Acme Robotics", owner=alice)
    OpportunityFactory(name="Line upgrade", customer=acme, owner=alice)
    OpportunityFactory(name="Robot arms", owner=alice)
    OpportunityFactory(name="Other", content="needs robots soon", owner=alice)
    OpportunityFactory(name="Unrelated", owner=alice)
    assert search("robot") == ["Line upgrade", "Other", "Robot arms"]


def test_the_customer_is_matched_by_id_not_joined(alice):
    acme = CustomerFactory(legal_name="Acme Robotics", owner=alice)
    OpportunityFactory(customer=acme, owner=alice)
    sql = str(
        OpportunityFilter({"q": "acme"}, queryset=Opportunity.objects.all()).qs.query
    )
    assert "JOIN" not in sql.upper()
    assert f"IN ({acme.pk})" in sql


def test_many_matching_customers_become_a_subquery(alice, monkeypatch):
    monkeypatch.setattr(filters, "RELATED_MATCH_LIMIT", 1)
    for i in range(3):
        customer = CustomerFactory(legal_name=f"Acme {i}", owner=alice)
        OpportunityFactory(name=f"Deal {i}", customer=customer, owner=alice)
    OpportunityFactory(name="Elsewhere", owner=alice)
    assert search("acme") == ["Deal 0", "Deal 1", "Deal 2"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL")
def test_searched_columns_have_trigram_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%gin_trgm_ops%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"opp_name_trgm", "customer_name_trgm", "lead_company_trgm"} <= names
