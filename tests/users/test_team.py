import pytest
from django.core.exceptions import ValidationError


def test_team_cannot_move_below_its_own_sub_team(teams):
    hq = teams["hq"]
    hq.parent = teams["east_key"]
    with pytest.raises(ValidationError) as exc:
        hq.full_clean()
    assert "parent" in exc.value.message_dict


def test_team_cannot_be_its_own_parent(teams):
    east = teams["east"]
    east.parent = east
    with pytest.raises(ValidationError):
        east.full_clean()


def test_team_can_move_to_another_branch(teams):
    east_key = teams["east_key"]
    east_key.parent = teams["north"]
    east_key.full_clean()
