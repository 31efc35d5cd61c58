"""The owner choice every list filters by, and how it names people who left."""

from django.test import RequestFactory

from users.filters import OwnerFilter, owner_choices, owner_label


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_manager_can_pick_a_rep_who_left_listed_after_the_others(
    alice, bob, kate, mary
):
    bob.is_active = False
    bob.save()
    assert list(owner_choices(request_of(mary))) == [alice, kate, mary, bob]


def test_a_salesperson_is_offered_only_themselves(alice, bob):
    bob.is_active = False
    bob.save()
    assert list(owner_choices(request_of(alice))) == [alice]


def test_nobody_outside_the_viewers_teams_is_offered(mary, olivia):
    olivia.is_active = False
    olivia.save()
    assert olivia not in owner_choices(request_of(mary))


def test_people_who_left_are_marked_in_the_choice(alice, bob, mary):
    bob.is_active = False
    bob.save()
    assert owner_label(alice) == str(alice)
    assert owner_label(bob) == f"{bob} (inactive)"

    owner = OwnerFilter(field_name="owner")
    owner.parent = type("Parent", (), {"request": request_of(mary)})()
    labels = [str(label) for _value, label in owner.field.choices]
    assert f"{bob} (inactive)" in labels
    assert str(alice) in labels
