"""The owner filter's search: the people a viewer may filter by, found by name."""

from django.urls import reverse

from tests.factories import UserFactory
from users.filters import PEOPLE_SEARCH_LIMIT
from users.models import User

URL = reverse("users:people_search")


def found(client, text: str) -> list[dict]:
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    return response.json()["results"]


def nameless(*personas: User) -> None:
    """The personas' made-up names could match a search; they go by username."""
    User.objects.filter(pk__in=[p.pk for p in personas]).update(
        first_name="", last_name=""
    )


def add_people(count: int, team, prefix: str = "person") -> None:
    User.objects.bulk_create(
        User(
            username=f"{prefix}{n:03}",
            first_name="Zed",
            last_name=f"Member{n:03}",
            team=team,
        )
        for n in range(count)
    )


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL, {"q": "a"})
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_finds_by_name_either_way_round_and_by_username(client, adam, teams):
    nameless(adam)
    UserFactory(
        username="jsmith", first_name="John", last_name="Smith", team=teams["east"]
    )
    UserFactory(username="wq", first_name="强", last_name="王", team=teams["north"])
    client.force_login(adam)

    assert [p["text"] for p in found(client, "john smith")] == ["John Smith"]
    assert [p["text"] for p in found(client, "SMI")] == ["John Smith"]
    assert [p["username"] for p in found(client, "jsmi")] == ["jsmith"]
    assert found(client, "王强") == [
        {
            "value": str(User.objects.get(username="wq").pk),
            "text": "王强",
            "username": "wq",
            "team": "North",
        }
    ]


def test_people_who_left_come_after_the_others_and_are_marked(client, adam, teams):
    nameless(adam)
    UserFactory(username="zz-active", first_name="Pat", last_name="Lee")
    UserFactory(username="aa-left", first_name="Pat", last_name="Old", is_active=False)
    client.force_login(adam)
    assert [p["text"] for p in found(client, "pat")] == [
        "Pat Lee",
        "Pat Old (inactive)",
    ]


def test_someone_to_assign_to_is_found_among_those_who_have_not_left(
    client, adam, teams
):
    nameless(adam)
    UserFactory(username="zz-active", first_name="Pat", last_name="Lee")
    UserFactory(username="aa-left", first_name="Pat", last_name="Old", is_active=False)
    client.force_login(adam)
    response = client.get(URL, {"q": "pat", "active": "1"})
    assert [p["text"] for p in response.json()["results"]] == ["Pat Lee"]


def test_a_salesperson_finds_only_themselves(client, alice, bob, olivia):
    nameless(alice, bob, olivia)
    client.force_login(alice)
    assert found(client, "bob") == []
    assert found(client, "olivia") == []
    assert [p["username"] for p in found(client, "")] == ["alice"]


def test_a_manager_finds_nobody_outside_their_teams(client, mary, alice, kate, olivia):
    nameless(mary, alice, kate, olivia)
    client.force_login(mary)
    assert found(client, "olivia") == []
    assert [p["username"] for p in found(client, "kate")] == ["kate"]


def test_a_manager_of_another_team_finds_nobody_of_this_one(client, nick, alice):
    nameless(nick, alice)
    client.force_login(nick)
    assert found(client, "alice") == []


def test_answers_at_most_the_limit(client, adam, teams):
    nameless(adam)
    add_people(PEOPLE_SEARCH_LIMIT + 15, teams["east"])
    client.force_login(adam)
    people = found(client, "zed")
    assert len(people) == PEOPLE_SEARCH_LIMIT
    assert people[0] == {
        "value": str(User.objects.get(username="person000").pk),
        "text": "Zed Member000",
        "username": "person000",
        "team": "East",
    }


def test_the_queries_stay_few_however_many_match(
    client, mary, teams, django_assert_max_num_queries
):
    nameless(mary)
    add_people(5, teams["east"])
    client.force_login(mary)
    # The session, the viewer, the teams they manage, the people.
    with django_assert_max_num_queries(4):
        assert len(found(client, "zed")) == 5
    add_people(PEOPLE_SEARCH_LIMIT * 3, teams["east_key"], prefix="more")
    with django_assert_max_num_queries(4):
        assert len(found(client, "zed")) == PEOPLE_SEARCH_LIMIT
