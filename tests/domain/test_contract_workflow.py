"""The contract status workflow (issue 6): which moves exist and who makes them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts.workflow import (
    EDITABLE,
    FINAL,
    MOVES,
    RECEIVING,
    Action,
    MoveRefused,
    Part,
    Status,
    allowed_actions,
    check,
    find_move,
)

OWNER = {Part.OWNER}
APPROVER = {Part.APPROVER}
NOBODY: set[Part] = set()


@pytest.mark.parametrize(
    ("action", "source", "target", "parts"),
    [
        (Action.SUBMIT, Status.DRAFT, Status.SUBMITTED, OWNER),
        (Action.APPROVE, Status.SUBMITTED, Status.APPROVED, APPROVER),
        (Action.SIGN, Status.APPROVED, Status.SIGNED, OWNER),
        (Action.COMPLETE, Status.SIGNED, Status.COMPLETED, OWNER),
        (Action.WITHDRAW, Status.SUBMITTED, Status.DRAFT, OWNER),
        (Action.RETURN, Status.SUBMITTED, Status.DRAFT, APPROVER),
        (Action.RETURN, Status.APPROVED, Status.DRAFT, APPROVER),
        (Action.VOID, Status.DRAFT, Status.VOID, OWNER),
        (Action.VOID, Status.SUBMITTED, Status.VOID, OWNER),
        (Action.VOID, Status.APPROVED, Status.VOID, OWNER),
        (Action.VOID, Status.SIGNED, Status.VOID, APPROVER),
    ],
)
def test_every_move_of_the_issue_leads_where_it_should(action, source, target, parts):
    assert check(action, source, parts).target == target


def test_the_happy_path_runs_from_draft_to_completed():
    status = Status.DRAFT
    for action, parts in [
        (Action.SUBMIT, OWNER),
        (Action.APPROVE, APPROVER),
        (Action.SIGN, OWNER),
        (Action.COMPLETE, OWNER),
    ]:
        status = check(action, status, parts).target
    assert status == Status.COMPLETED


@pytest.mark.parametrize(
    ("action", "source"),
    [(Action.RETURN, Status.SUBMITTED), (Action.RETURN, Status.APPROVED)]
    + [(Action.VOID, status) for status in Status if status not in FINAL],
)
def test_returning_and_voiding_need_a_note(action, source):
    assert find_move(action, source).needs_note


@pytest.mark.parametrize(
    "action", [Action.SUBMIT, Action.WITHDRAW, Action.APPROVE, Action.SIGN]
)
def test_ordinary_moves_need_no_note(action):
    source = {
        Action.SUBMIT: Status.DRAFT,
        Action.WITHDRAW: Status.SUBMITTED,
        Action.APPROVE: Status.SUBMITTED,
        Action.SIGN: Status.APPROVED,
    }[action]
    assert not find_move(action, source).needs_note


def test_only_the_owner_withdraws_a_submitted_contract():
    assert check(Action.WITHDRAW, Status.SUBMITTED, OWNER).target == Status.DRAFT
    with pytest.raises(MoveRefused):
        check(Action.WITHDRAW, Status.SUBMITTED, APPROVER)


@pytest.mark.parametrize(
    ("action", "source"),
    [
        (Action.APPROVE, Status.SUBMITTED),
        (Action.RETURN, Status.SUBMITTED),
        (Action.RETURN, Status.APPROVED),
        (Action.VOID, Status.SIGNED),
    ],
)
def test_approver_only_moves_are_refused_to_the_owner(action, source):
    with pytest.raises(MoveRefused):
        check(action, source, OWNER)
    assert check(action, source, APPROVER)


@pytest.mark.parametrize("status", sorted(FINAL))
@pytest.mark.parametrize("action", list(Action))
def test_nothing_moves_out_of_completed_or_void(status, action):
    assert find_move(action, status) is None
    with pytest.raises(MoveRefused):
        check(action, status, OWNER | APPROVER)


def test_someone_with_no_part_can_do_nothing():
    for status in Status:
        assert allowed_actions(status, NOBODY) == []
        for action in Action:
            with pytest.raises(MoveRefused):
                check(action, status, NOBODY)


def test_a_move_from_the_wrong_status_is_refused():
    with pytest.raises(MoveRefused, match="sign does not apply to a draft"):
        check(Action.SIGN, Status.DRAFT, OWNER)
    with pytest.raises(MoveRefused):
        check(Action.APPROVE, Status.APPROVED, APPROVER)


ALLOWED = {
    # status: (owner's actions, approver's actions), in workflow order
    Status.DRAFT: ([Action.SUBMIT, Action.VOID], [Action.SUBMIT, Action.VOID]),
    Status.SUBMITTED: (
        [Action.WITHDRAW, Action.VOID],
        [Action.APPROVE, Action.RETURN, Action.VOID],
    ),
    Status.APPROVED: (
        [Action.SIGN, Action.VOID],
        [Action.RETURN, Action.SIGN, Action.VOID],
    ),
    Status.SIGNED: ([Action.COMPLETE], [Action.COMPLETE, Action.VOID]),
    Status.COMPLETED: ([], []),
    Status.VOID: ([], []),
}


@pytest.mark.parametrize("status", list(Status))
def test_allowed_actions_per_part_and_status(status):
    owner, approver = ALLOWED[status]
    assert allowed_actions(status, OWNER) == owner
    assert allowed_actions(status, APPROVER) == approver


def test_the_groups_of_statuses():
    assert {Status.DRAFT} == EDITABLE
    assert {Status.SIGNED, Status.COMPLETED} == RECEIVING
    assert {Status.COMPLETED, Status.VOID} == FINAL


parts_sets = st.sets(st.sampled_from(list(Part)))


@given(st.sampled_from(list(Status)), parts_sets)
def test_every_allowed_action_passes_the_check(status, parts):
    for action in allowed_actions(status, parts):
        move = check(action, status, parts)
        assert status in move.sources and move.by & parts


@given(st.sampled_from(list(Status)), parts_sets, parts_sets)
def test_playing_more_parts_never_closes_an_action(status, parts, extra):
    assert set(allowed_actions(status, parts)) <= set(
        allowed_actions(status, parts | extra)
    )


def test_each_action_starts_from_a_status_at_most_once():
    # find_move relies on it: one move per (action, status).
    pairs = [(m.action, s) for m in MOVES for s in m.sources]
    assert len(pairs) == len(set(pairs))
