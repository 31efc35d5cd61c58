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


def level_below(
    parent_of: Mapping[int, int | None], visible: set[int], node: int | None
) -> tuple[int | None, list[int]]:
    """The team a roll-up opens (`node`) and the visible teams one level below it.

    With no team chosen the parts are the viewer's top teams; a single top
    team (the whole company, a manager's one region) opens at once, so the
    first table shows its teams rather than one row.
    """
    if node is None:
        tops = [team for team in visible if parent_of.get(team) not in visible]
        if len(tops) != 1:
            return None, tops
        node = tops[0]
    return node, [team for team in visible if parent_of.get(team) == node]


def branch_of(parent_of: Mapping[int, int | None], parts: Iterable[int]) -> dict:
    """Each team in the parts' subtrees, mapped to the part it falls under."""
    return {team: part for part in parts for team in subtree_ids(parent_of, [part])}
