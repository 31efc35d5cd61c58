"""The "Change history" rows of a detail page, from django-simple-history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import models
from django.template.defaultfilters import yesno
from simple_history.models import DeletedObject

from users.moments import format_moment

if TYPE_CHECKING:
    from users.models import User

CREATED, CHANGED, DELETED = "+", "~", "-"
EMPTY = "—"


class FieldChange(NamedTuple):
    """One field of one save: its translated label, and both values as text."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangeRow:
    """One saved version of a record: when, by whom, what kind, what changed."""

    when: datetime
    who: User | None
    kind: str
    reason: str
    changes: tuple[FieldChange, ...] = ()

    @property
    def fields(self) -> list[str]:
        """The translated names of the changed fields, in the model's order."""
        return [change.label for change in self.changes]


def change_history(
    record: models.Model, *, limit: int, exclude: Iterable[str] = ()
) -> list[ChangeRow]:
    """The latest `limit` versions of `record`, newest first, read in one query.

    `exclude` names fields that change too often to be worth a line (contact
    dates moved by every follow-up); a save that changed nothing else is left
    out unless it carries a reason. Fields the model's history does not track,
    or that nobody edits (normalized copies), are never shown.
    """
    excluded = frozenset(exclude)
    history = record.history
    shown = [
        field
        for field in history.model.tracked_fields
        if field.editable and field.name not in excluded
    ]
    # Joining the related rows lets the diff name them without a query each.
    related = [f.name for f in shown if isinstance(f, models.ForeignKey)]
    # One version more than shown, so the oldest shown has one to diff against.
    versions = list(
        history.select_related("history_user", *related).order_by(
            "-history_date", "-history_id"
        )[: limit + 1]
    )
    by_name = {field.name: field for field in shown}
    # Model order reads like the edit form; simple-history sorts by name.
    position = {name: index for index, name in enumerate(by_name)}
    rows = []
    for index, version in enumerate(versions[:limit]):
        older = versions[index + 1] if index + 1 < len(versions) else None
        changes: tuple[FieldChange, ...] = ()
        if version.history_type == CHANGED and older is not None:
            delta = version.diff_against(
                older, included_fields=list(by_name), foreign_keys_are_objs=True
            )
            changes = tuple(
                _field_change(by_name[change.field], change)
                for change in sorted(delta.changes, key=lambda c: position[c.field])
            )
        reason = version.history_change_reason or ""
        if version.history_type == CHANGED and not changes and not reason:
            continue
        rows.append(
            ChangeRow(
                when=version.history_date,
                who=version.history_user,
                kind=version.history_type,
                reason=reason,
                changes=changes,
            )
        )
    return rows


def _field_change(field: models.Field, change: Any) -> FieldChange:
    return FieldChange(
        str(field.verbose_name),
        _as_text(field, change.old),
        _as_text(field, change.new),
    )


def _as_text(field: models.Field, value: Any) -> str:
    """A field's value as the detail pages show it, in the active language."""
    if isinstance(value, DeletedObject):
        # simple-history stands one in for an empty foreign key as well.
        return EMPTY if value.pk is None else str(value)
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return yesno(value)
    if isinstance(value, date):
        return format_moment(value)
    if isinstance(value, Decimal | int | float):
        # Thousands, as money reads everywhere (users.money); Django's Chinese
        # format would group by ten thousand (16,2000.00).
        return format(value, ",")
    return str(value)
