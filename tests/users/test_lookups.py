"""`any_of`: a column in a list of keys, bound as one array on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.ownedapp.models import Note
from users.lookups import any_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes():
    people = UserFactory.create_batch(4)
    return [
        Note.objects.create(owner=person, text=person.username) for person in people
    ]


def test_it_selects_the_same_rows_as_in(notes):
    wanted = [notes[0].owner_id, notes[2].owner_id, notes[3].owner_id]
    chosen = Note.objects.filter(any_of("owner_id", wanted))
    assert set(chosen) == set(Note.objects.filter(owner_id__in=wanted))
    assert set(chosen) == {notes[0], notes[2], notes[3]}


def test_it_can_be_negated_and_combined(notes):
    wanted = [notes[0].owner_id, notes[1].owner_id]
    others = Note.objects.exclude(any_of("owner_id", wanted))
    assert set(others) == {notes[2], notes[3]}
    either = Note.objects.filter(
        any_of("owner_id", wanted[:1]) | any_of("pk", [notes[3].pk])
    )
    assert set(either) == {notes[0], notes[3]}


def test_no_keys_select_nothing(notes):
    assert list(Note.objects.filter(any_of("owner_id", []))) == []
    assert Note.objects.exclude(any_of("owner_id", [])).count() == 4


def test_a_long_list_is_one_parameter_on_postgresql(notes):
    keys = [note.owner_id for note in notes] + list(range(10_000, 10_200))
    with CaptureQueriesContext(connection) as captured:
        assert Note.objects.filter(any_of("owner_id", keys)).count() == 4
    sql = captured.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql
