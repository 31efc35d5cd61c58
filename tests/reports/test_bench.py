"""`bench` measures every main page for the three roles on a seeded database."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


@pytest.fixture
def seeded(db):
    call_command("seed_scale", opportunities=120, stdout=StringIO())


def test_times_every_page_for_each_role_and_writes_json(seeded, tmp_path):
    out = StringIO()
    path = tmp_path / "bench.json"
    call_command("bench", runs=1, no_load=True, json=path, stdout=out)
    result = json.loads(path.read_text())
    roles = {row["role"] for row in result["pages"]}
    assert roles == {"salesperson", "manager", "admin"}
    assert all(row["status"] == 200 for row in result["pages"])
    assert all(row["queries"] > 0 for row in result["pages"])
    assert result["export"]["rows"] == 120
    assert "opportunity search" in out.getvalue()


def test_needs_a_seeded_company(db):
    with pytest.raises(CommandError):
        call_command("bench", runs=1, no_load=True, stdout=StringIO())
