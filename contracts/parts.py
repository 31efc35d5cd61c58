"""Which parts of the workflow (owner, approver) a user plays for a contract."""

from contracts.models import Contract
from contracts.workflow import Action, Part, allowed_actions
from users.models import User
from users.visibility import managed_team_ids


def contract_parts(contract: Contract, user: User) -> set[Part]:
    """The owner is the owner; the owner's managers and administrators approve.

    Nobody approves their own contract, whatever their role.
    """
    if not user.is_authenticated or not user.is_active:
        return set()
    if contract.owner_id == user.pk:
        return {Part.OWNER}
    if user.is_admin:
        return {Part.APPROVER}
    owner_team = contract.owner.team_id if contract.owner_id else None
    if (
        user.is_manager
        and owner_team is not None
        and owner_team in managed_team_ids(user)
    ):
        return {Part.APPROVER}
    return set()


def contract_actions(contract: Contract, user: User) -> list[Action]:
    """The status actions `user` may take on `contract` now."""
    return allowed_actions(contract.status, contract_parts(contract, user))
