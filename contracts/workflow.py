"""The contract status workflow: which moves exist and who may make them.

Pure: no Django. The view layer says which parts a user plays for a contract
(its owner, or an approver: the owner's manager or an administrator) and this
module answers which actions are open and where each one leads.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SIGNED = "signed"
    COMPLETED = "completed"
    VOID = "void"


class Action(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    APPROVE = "approve"
    RETURN = "return"
    SIGN = "sign"
    COMPLETE = "complete"
    VOID = "void"


class Part(StrEnum):
    """What a user is to a contract."""

    OWNER = "owner"
    APPROVER = "approver"


@dataclass(frozen=True)
class Move:
    action: Action
    sources: frozenset[Status]
    target: Status
    by: frozenset[Part]
    needs_note: bool = False


_BOTH = frozenset({Part.OWNER, Part.APPROVER})
_APPROVER = frozenset({Part.APPROVER})

MOVES: tuple[Move, ...] = (
    Move(Action.SUBMIT, frozenset({Status.DRAFT}), Status.SUBMITTED, _BOTH),
    Move(
        Action.WITHDRAW,
        frozenset({Status.SUBMITTED}),
        Status.DRAFT,
        frozenset({Part.OWNER}),
    ),
    Move(Action.APPROVE, frozenset({Status.SUBMITTED}), Status.APPROVED, _APPROVER),
    Move(
        Action.RETURN,
        frozenset({Status.SUBMITTED, Status.APPROVED}),
        Status.DRAFT,
        _APPROVER,
        needs_note=True,
    ),
    Move(Action.SIGN, frozenset({Status.APPROVED}), Status.SIGNED, _BOTH),
    Move(Action.COMPLETE, frozenset({Status.SIGNED}), Status.COMPLETED, _BOTH),
    # Before signing the owner may give a contract up; a signed one is a
    # commitment to the customer, so only an approver voids it.
    Move(
        Action.VOID,
        frozenset({Status.DRAFT, Status.SUBMITTED, Status.APPROVED}),
        Status.VOID,
        _BOTH,
        needs_note=True,
    ),
    Move(
        Action.VOID,
        frozenset({Status.SIGNED}),
        Status.VOID,
        _APPROVER,
        needs_note=True,
    ),
)

# Statuses in which the contract's own fields and lines can be edited.
EDITABLE = frozenset({Status.DRAFT})
# Statuses in which money is owed: outstanding and overdue amounts count.
RECEIVING = frozenset({Status.SIGNED, Status.COMPLETED})
# Statuses in which payments and invoices are recorded or removed: completing
# a contract closes its books.
OPEN_FOR_MONEY = frozenset({Status.SIGNED})
# Statuses in which attachments may be deleted: once signed, the files kept
# with a contract are its record.
ATTACHMENTS_DELETABLE = frozenset({Status.DRAFT, Status.SUBMITTED, Status.APPROVED})
# Statuses that never change again.
FINAL = frozenset({Status.COMPLETED, Status.VOID})


class MoveRefused(Exception):
    """The action does not start from this status, or not for this user."""


def find_move(action: Action | str, status: Status | str) -> Move | None:
    """The move `action` makes from `status`, whoever asks; None if none."""
    for move in MOVES:
        if move.action == action and status in move.sources:
            return move
    return None


def allowed_actions(status: Status | str, parts: set[Part]) -> list[Action]:
    """The actions open to someone playing `parts`, in workflow order."""
    found: list[Action] = []
    for move in MOVES:
        if status in move.sources and move.by & parts and move.action not in found:
            found.append(move.action)
    return found


def check(action: Action | str, status: Status | str, parts: set[Part]) -> Move:
    """The move to make, or MoveRefused saying why not."""
    move = find_move(action, status)
    if move is None:
        raise MoveRefused(f"{action} does not apply to a {status} contract")
    if not move.by & parts:
        raise MoveRefused(f"{action} on a {status} contract needs {set(move.by)}")
    return move
