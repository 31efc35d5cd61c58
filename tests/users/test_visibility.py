"""The visibility rule of docs/PRODUCT.md §5, for every role and nested teams."""

import pytest
from django.db import connection
from django.http import Http404

from tests.factories import ManagerFactory, TeamFactory, UserFactory
from tests.ownedapp.models import Note
from users.visibility import (
    get_visible_or_404,
    managed_team_ids,
    managed_teams,
    sees_every_record,
    visible_owner_ids,
    visible_users,
)


@pytest.fixture
def notes(alice, bob, kate, mary, olivia, nick):
    return {
        user.username: Note.objects.create(owner=user, text=f"{user.username}'s")
        for user in (alice, bob, kate, mary, olivia, nick)
    }


def visible_owners(user) -> set[str]:
    return set(Note.objects.visible_to(user).values_list("owner__username", flat=True))


def test_salesperson_sees_only_own_records(alice, notes):
    assert visible_owners(alice) == {"alice"}


def test_manager_sees_own_team_and_sub_teams(mary, notes):
    # kate is in "East Key Accounts", a sub-team of the East team mary manages.
    assert visible_owners(mary) == {"alice", "bob", "kate", "mary"}


def test_manager_does_not_see_another_team(nick, notes):
    assert visible_owners(nick) == {"olivia", "nick"}


def test_manager_of_the_top_team_sees_every_team_below(dora, notes):
    assert visible_owners(dora) == {"alice", "bob", "kate", "mary", "olivia", "nick"}


def test_admin_sees_everything(adam, notes):
    assert visible_owners(adam) == {"alice", "bob", "kate", "mary", "olivia", "nick"}


def test_who_sees_every_record(alice, mary, dora, adam, notes):
    """A report may read the whole company's kept figures for them."""
    everything = Note.objects.all()
    assert sees_every_record(adam, everything)
    assert sees_every_record(dora, everything)
    assert not sees_every_record(mary, everything)
    assert not sees_every_record(alice, everything)
    # A note of someone outside dora's teams: she no longer sees them all.
    Note.objects.create(owner=adam, text="the administrator's")
    assert not sees_every_record(dora, everything)
    assert sees_every_record(adam, everything)


def test_manager_role_without_managed_team_sees_only_own(teams, notes):
    from tests.factories import ManagerFactory

    lonely = ManagerFactory(username="lonely", team=teams["east"])
    Note.objects.create(owner=lonely, text="mine")
    assert visible_owners(lonely) == {"lonely"}


def test_inactive_user_sees_nothing(alice, notes):
    alice.is_active = False
    alice.save()
    assert visible_owners(alice) == set()


def test_moving_a_salesperson_moves_their_records_with_them(mary, nick, olivia, notes):
    olivia.team = mary.team
    olivia.save()
    assert "olivia" in visible_owners(mary)
    assert "olivia" not in visible_owners(nick)


def test_unseen_record_is_404(alice, notes):
    with pytest.raises(Http404):
        get_visible_or_404(Note, alice, pk=notes["bob"].pk)


def test_seen_record_is_returned(mary, notes):
    assert get_visible_or_404(Note, mary, pk=notes["kate"].pk) == notes["kate"]


def test_visibility_costs_the_same_queries_for_every_manager(
    mary, notes, django_assert_num_queries
):
    # One query for the managed teams with the people in them, one for the
    # rows; a second read in the same request reuses the owner ids.
    with django_assert_num_queries(2):
        list(Note.objects.visible_to(mary))
    with django_assert_num_queries(1):
        list(Note.objects.visible_to(mary))


def test_a_managers_rows_are_filtered_by_owner_ids_without_joining_owners(
    mary, alice, bob, kate, notes
):
    # The ids let the database use the (owner, ...) indexes of every list.
    sql = str(Note.objects.visible_to(mary).query)
    assert "JOIN" not in sql.upper()
    if connection.vendor == "postgresql":  # the ids as one array parameter
        assert '"owner_id" = ANY(' in sql
    else:
        assert f"IN ({mary.pk}, " in sql
    assert {alice.pk, bob.pk, kate.pk} <= set(visible_owner_ids(mary))


def test_a_manager_of_no_team_sees_only_their_own(teams, notes):
    lonely = ManagerFactory(username="lonely", team=teams["north"], manages=[])
    Note.objects.create(owner=lonely, text="mine")
    assert visible_owners(lonely) == {"lonely"}


def test_owner_choices_follow_the_same_rule(alice, bob, kate, mary, olivia, adam):
    assert set(visible_users(alice)) == {alice}
    assert set(visible_users(mary)) == {alice, bob, kate, mary}
    assert olivia in set(visible_users(adam))


def test_a_managers_teams_come_with_their_names_and_people(
    dora, mary, alice, bob, kate, olivia, nick, teams
):
    # Two managers of one team, and a team below a team below hers.
    teams["east"].managers.add(dora)
    deep = TeamFactory(name="A deep team", parent=teams["east_key"])
    deep_rep = UserFactory(username="deep", team=deep)

    assert managed_teams(mary) == [
        (deep.pk, "A deep team"),
        (teams["east"].pk, "East"),
        (teams["east_key"].pk, "East Key Accounts"),
    ]
    assert managed_team_ids(mary) == {deep.pk, teams["east"].pk, teams["east_key"].pk}
    others = sorted(p.pk for p in (alice, bob, kate, deep_rep))
    assert visible_owner_ids(mary) == [mary.pk, *others]
    # Managing a team twice over (HQ and East below it) counts it once.
    everyone = sorted(p.pk for p in (alice, bob, kate, deep_rep, olivia, nick, mary))
    assert visible_owner_ids(dora) == [dora.pk, *everyone]
