"""`bench` measures every main page for the three roles on a seeded database."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from leads.models import Lead
from users.models import Notification


@pytest.fixture
def seeded(db):
    call_command("seed_scale", opportunities=120, stdout=StringIO())


def test_times_every_page_for_each_role_and_writes_json(seeded, tmp_path):
    out = StringIO()
    path = tmp_path / "bench.json"
    call_command("bench", runs=1, no_load=True, import_rows=30, json=path, stdout=out)
    result = json.loads(path.read_text())
    roles = {row["role"] for row in result["pages"]}
    assert roles == {"salesperson", "manager", "admin"}
    assert all(row["status"] == 200 for row in result["pages"])
    assert all(row["queries"] > 0 for row in result["pages"])
    assert result["export"]["rows"] == 120
    assert "opportunity search" in out.getvalue()
    pages = {(row["role"], row["page"]) for row in result["pages"]}
    assert ("salesperson", "my capability") in pages
    assert {("manager", "rep capability"), ("admin", "coaching overview")} <= pages
    assert ("admin", "funnel report") in pages


def test_times_the_jobs_and_leaves_the_database_as_it_was(seeded, tmp_path):
    path = tmp_path / "bench.json"
    leads, notes = Lead.objects.count(), Notification.objects.count()
    call_command(
        "bench",
        runs=1,
        no_load=True,
        no_export=True,
        import_rows=30,
        json=path,
        stdout=StringIO(),
    )
    jobs = {job["job"]: job for job in json.loads(path.read_text())["jobs"]}
    assert jobs["lead import, background job"]["done"] == 30
    assert jobs["reminder tick"]["queries"] > 0
    assert jobs["daily agendas"]["done"] > 0
    assert Lead.objects.count() == leads
    assert Notification.objects.count() == notes


def test_needs_a_seeded_company(db):
    with pytest.raises(CommandError):
        call_command("bench", runs=1, no_load=True, stdout=StringIO())


def test_times_only_the_pages_and_roles_asked_for(seeded, tmp_path):
    path = tmp_path / "bench.json"
    call_command(
        "bench",
        runs=1,
        no_load=True,
        no_export=True,
        no_jobs=True,
        page=["board", "funnel"],
        role=["manager"],
        json=path,
        stdout=StringIO(),
    )
    pages = {
        (row["role"], row["page"]) for row in json.loads(path.read_text())["pages"]
    }
    assert pages == {("manager", "board"), ("manager", "funnel report")}


def test_says_when_no_page_matches(seeded):
    with pytest.raises(CommandError, match="No page matches"):
        call_command("bench", runs=1, no_load=True, page=["nothing"], stdout=StringIO())


def test_refuses_to_time_debug_pages(seeded, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="DEBUG=0"):
        call_command("bench", runs=1, no_load=True, stdout=StringIO())
