"""Personas shared by every test.

The company: "HQ" with two sub-teams, "East" and "North"; "East" has a
sub-team "East Key Accounts".

- alice: salesperson in East          - bob: salesperson in East (alice's teammate)
- kate: salesperson in East Key Accounts (below East)
- mary: manages East (so sees alice, bob and kate)
- olivia: salesperson in North (an outsider to East)
- nick: manages North
- dora: director, manages HQ (sees everyone below it)
- adam: administrator
"""

import os

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader
from django.utils import translation
from hypothesis import HealthCheck, settings

from tests.factories import AdminFactory, ManagerFactory, TeamFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _drop_test_database_cleanly(django_db_setup, django_db_blocker):
    """End stray sessions so the PostgreSQL test database can be dropped.

    A live server's or in-process worker's thread may still hold a
    connection when the run ends; PostgreSQL then refuses to drop the
    database ("being accessed by other users") and leaves it behind.
    """
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a list remembers there that it
    counted past its cap, under SQL another test may repeat."""
    cache.clear()


@pytest.fixture
def teams(db):
    hq = TeamFactory(name="HQ")
    east = TeamFactory(name="East", parent=hq)
    north = TeamFactory(name="North", parent=hq)
    east_key = TeamFactory(name="East Key Accounts", parent=east)
    return {"hq": hq, "east": east, "north": north, "east_key": east_key}


@pytest.fixture
def alice(teams):
    return UserFactory(username="alice", team=teams["east"])


@pytest.fixture
def bob(teams):
    return UserFactory(username="bob", team=teams["east"])


@pytest.fixture
def kate(teams):
    return UserFactory(username="kate", team=teams["east_key"])


@pytest.fixture
def mary(teams):
    return ManagerFactory(username="mary", team=teams["east"], manages=[teams["east"]])


@pytest.fixture
def olivia(teams):
    return UserFactory(username="olivia", team=teams["north"])


@pytest.fixture
def nick(teams):
    return ManagerFactory(
        username="nick", team=teams["north"], manages=[teams["north"]]
    )


@pytest.fixture
def dora(teams):
    return ManagerFactory(username="dora", team=teams["hq"], manages=[teams["hq"]])


@pytest.fixture
def adam(db):
    return AdminFactory(username="adam")


# Property tests share two cores with the rest of the suite: judge them by
# their examples, not by how fast a loaded machine runs them.
settings.register_profile(
    "suite", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("suite")


@pytest.fixture
def migrated_data(transactional_db):
    """Put back what the data migrations create (stages, criteria, settings).

    Transactional tests (live server, real Celery worker) flush the database
    afterwards, which also wipes those rows. Their RunPython steps skip what
    exists, so running them again in order on today's models is safe.
    """
    loader = MigrationLoader(connection)
    for key in _plan(loader):
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, RunPython):
                operation.code(django_apps, None)


PROJECT_APPS = {
    "users",
    "leads",
    "customers",
    "opportunities",
    "contracts",
    "payments",
    "reports",
}


def _plan(loader: MigrationLoader) -> list[tuple[str, str]]:
    """The project's own migrations, in dependency order."""
    plan: list[tuple[str, str]] = []
    for leaf in loader.graph.leaf_nodes():
        for key in loader.graph.forwards_plan(leaf):
            if key[0] in PROJECT_APPS and key not in plan:
                plan.append(key)
    return plan


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in the default language.

    A request served in the test thread (test client, Chinese browser) leaves
    its language active there; without this, what a later test renders or
    computes would depend on which test ran before it on the same worker.
    """
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
