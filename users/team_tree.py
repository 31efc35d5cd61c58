"""Walking the team tree: pure functions over (team id → parent id) pairs."""

from collections import defaultdict
from collections.abc import Iterable, Mapping


def subtree_ids(parent_of: Mapping[int, int | None], roots: Iterable[int]) -> set[int]:
    """Return the given teams and every team below them.

    Cycles in bad data cannot loop forever: each team is visited once.
    """
    children: dict[int, list[int]] = defaultdict(list)
    for team_id, parent_id in parent_of.items():
        if parent_id is not None:
            children[parent_id].append(team_id)
    seen: set[int] = set()
    stack = [root for root in roots if root in parent_of]
    while stack:
        team_id = stack.pop()
        if team_id in seen:
            continue
        seen.add(team_id)
        stack.extend(children[team_id])
    return seen


def ancestor_ids(parent_of: Mapping[int, int | None], team_id: int) -> list[int]:
    """Return the chain of parents above a team, nearest first."""
    chain: list[int] = []
    current = parent_of.get(team_id)
    while current is not None and current not in chain and current != team_id:
        chain.append(current)
        current = parent_of.get(current)
    return chain
