"""What every PostgreSQL connection is set to before a page runs its queries."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL session setting"
)
def test_postgresql_connections_do_not_compile_plans(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
def test_checking_the_database_raises_no_warning():
    """`migrate` runs the database checks: on SQLite, where the reports'
    covering indexes are plain ones, a new install prints no warnings."""
    out = StringIO()
    call_command("check", databases=["default"], stdout=out, stderr=out)
    assert "WARNINGS" not in out.getvalue()
    assert "identified no issues" in out.getvalue()
