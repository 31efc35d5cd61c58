from hypothesis import given
from hypothesis import strategies as st

from users.team_tree import ancestor_ids, branch_of, level_below, subtree_ids

TREE = {1: None, 2: 1, 3: 1, 4: 2, 5: 4, 6: None}


def test_subtree_includes_root_and_all_descendants():
    assert subtree_ids(TREE, [2]) == {2, 4, 5}
    assert subtree_ids(TREE, [1]) == {1, 2, 3, 4, 5}


def test_subtree_of_several_roots_is_their_union():
    assert subtree_ids(TREE, [3, 6]) == {3, 6}


def test_unknown_root_gives_nothing():
    assert subtree_ids(TREE, [99]) == set()


def test_cycle_in_bad_data_terminates():
    assert subtree_ids({1: 2, 2: 1}, [1]) == {1, 2}
    assert ancestor_ids({1: 2, 2: 1}, 1) == [2]


def test_ancestors_nearest_first():
    assert ancestor_ids(TREE, 5) == [4, 2, 1]
    assert ancestor_ids(TREE, 1) == []


@st.composite
def forests(draw):
    """Acyclic team trees: each team's parent is an earlier team or none."""
    size = draw(st.integers(0, 25))
    return {
        team: draw(st.one_of(st.none(), st.integers(0, team - 1))) if team else None
        for team in range(size)
    }


@given(forests(), st.data())
def test_subtree_is_exactly_the_teams_below_the_root(parent_of, data):
    if not parent_of:
        return
    root = data.draw(st.sampled_from(sorted(parent_of)))
    expected = {t for t in parent_of if t == root or root in ancestor_ids(parent_of, t)}
    assert subtree_ids(parent_of, [root]) == expected


def test_a_single_top_team_opens_at_once():
    # The whole company: the roll-up shows the teams under the top one.
    assert level_below(TREE, {1, 2, 3, 4, 5}, None) == (1, [2, 3])


def test_several_top_teams_are_the_first_level():
    node, parts = level_below(TREE, {2, 4, 5, 6}, None)
    assert node is None and sorted(parts) == [2, 6]


def test_a_chosen_team_shows_its_visible_children_only():
    assert level_below(TREE, {1, 2, 4, 5}, 1) == (1, [2])
    assert level_below(TREE, {1, 2, 4, 5}, 5) == (5, [])


def test_every_team_below_a_part_falls_under_it():
    assert branch_of(TREE, [2, 3]) == {2: 2, 4: 2, 5: 2, 3: 3}
