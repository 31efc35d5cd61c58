"""What every PostgreSQL connection is set to before a page runs its queries."""

import pytest
from django.db import connection


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL session setting"
)
def test_postgresql_connections_do_not_compile_plans(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
