"""Checking uploaded rows with the model's validation and saving them.

Either every row is written or, when the user chooses so explicitly, only the
valid ones, always in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from users.spreadsheets.columns import Column
from users.spreadsheets.reading import Row, Table
from users.text_cleaning import clean_text

if TYPE_CHECKING:
    from users.models import User


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.column:
            return _("Row %(row)d: %(message)s") % vars(self)
        return _("Row %(row)d, column %(column)s: %(message)s") % vars(self)


@dataclass
class RowCheck:
    row: Row
    instance: models.Model
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _no_keys(instance: models.Model) -> list[tuple[str, str]]:
    return []


def _full_clean(instance: models.Model, user: User) -> None:
    instance.full_clean(exclude=["owner"])


def clean_instance_text(instance: models.Model) -> None:
    """Put every text field of `instance` through the one cleaning rule.

    Text fields (TextField) keep tabs and line breaks; single-line ones do not.
    """
    for model_field in instance._meta.concrete_fields:
        if not isinstance(model_field, models.CharField | models.TextField):
            continue
        value = getattr(instance, model_field.attname)
        if isinstance(value, str):
            multiline = isinstance(model_field, models.TextField)
            setattr(
                instance, model_field.attname, clean_text(value, multiline=multiline)
            )


@dataclass(frozen=True)
class ImportSpec:
    """How one model is imported.

    `build(values, owner, user)` makes an unsaved instance from a row's text
    (its text is then cleaned like a form's); `validate(instance, user)`
    raises ValidationError (it defaults to `full_clean`) and never names a
    record `user` may not see;
    `file_keys` gives (field, normalized value) pairs that must be unique
    within the file.
    """

    key: str
    columns: tuple[Column, ...]
    build: Callable[[dict[str, str], User, User], models.Model]
    validate: Callable[[models.Model, User], None] = _full_clean
    file_keys: Callable[[models.Model], list[tuple[str, str]]] = _no_keys
    # Checks and saves many rows at once instead of the three above, row by
    # row: `batches(user)` gives a BatchImporter for one file.
    batches: Callable[[User], BatchImporter] | None = None


class BatchImporter(Protocol):
    """Checks one file's rows a batch at a time, in order, and saves them.

    It remembers what earlier batches held, so a row repeating an earlier row
    of the file is refused whichever batch that row was in.
    """

    def check(self, rows: list[Row], headers: dict[str, str]) -> list[RowCheck]: ...

    def save(self, checks: list[RowCheck]) -> int: ...


class OwnerIndex:
    """Resolves an 'owner' cell (username or full name) among `visible_users`."""

    def __init__(self, user: User):
        self.user = user
        self._people: list[User] | None = None

    def resolve(self, text: str) -> User:
        from users.visibility import visible_users

        wanted = text.strip().casefold()
        if not wanted:
            return self.user
        if self._people is None:
            self._people = list(visible_users(self.user))
        for person in self._people:
            if person.username.casefold() == wanted:
                return person
        named = [p for p in self._people if str(p).casefold() == wanted]
        if len(named) == 1:
            return named[0]
        if named:
            raise ValidationError(
                _("Several people are called “%(name)s”; give the username.")
                % {"name": text}
            )
        raise ValidationError(
            _("“%(name)s” is not a person you may give records to.") % {"name": text}
        )


def check_rows(spec: ImportSpec, table: Table, user: User) -> list[RowCheck]:
    """Validate every row; nothing is written."""
    if spec.batches:
        return spec.batches(user).check(table.rows, table.headers)
    owners = OwnerIndex(user)
    first_seen: dict[tuple[str, str], int] = {}
    checks = []
    for row in table.rows:
        errors: dict[str, list[str]] = {}
        try:
            owner = owners.resolve(row.values.get("owner", ""))
        except ValidationError as exc:
            owner, errors["owner"] = user, exc.messages
        instance = spec.build(row.values, owner, user)
        clean_instance_text(instance)
        try:
            spec.validate(instance, user)
        except ValidationError as exc:
            for name, found in exc.message_dict.items():
                errors.setdefault(name, []).extend(found)
        keys = [(name, key) for name, key in spec.file_keys(instance) if key]
        note_repeats(first_seen, keys, row.number, errors)
        cell_errors = [
            CellError(
                row.number, column_name(spec, table.headers, instance, name), message
            )
            for name, found in errors.items()
            for message in found
        ]
        checks.append(RowCheck(row, instance, cell_errors))
    return checks


def note_repeats(
    first_seen: dict[tuple[str, str], int],
    keys: list[tuple[str, str]],
    number: int,
    errors: dict[str, list[str]],
) -> bool:
    """Refuse the (field, value) `keys` an earlier row of the file already had.

    `first_seen` remembers the first row of each key across calls; True when
    row `number` repeats one.
    """
    repeated = False
    for name, key in keys:
        earlier = first_seen.setdefault((name, key), number)
        if earlier != number:
            errors.setdefault(name, []).append(
                _("The same value is already in row %(row)d of this file.")
                % {"row": earlier}
            )
            repeated = True
    return repeated


def column_name(spec: ImportSpec, headers: dict[str, str], instance, name: str) -> str:
    """The column an error is shown under: the file's own header if it has one."""
    if name == NON_FIELD_ERRORS:
        return ""
    if name in headers:
        return headers[name]
    for column in spec.columns:
        if column.field == name:
            return str(column.label)
    return str(instance._meta.get_field(name).verbose_name)


class ImportRefused(Exception):
    def __init__(self, checks: list[RowCheck]):
        self.checks = checks


def import_rows(
    spec: ImportSpec, table: Table, user: User, *, only_valid: bool
) -> tuple[int, int]:
    """Save the rows in one transaction; (saved, skipped).

    Raises ImportRefused (having written nothing) when a row fails and the
    user did not choose to import only the valid rows.
    """
    with transaction.atomic():
        batches = spec.batches(user) if spec.batches else None
        if batches:
            checks = batches.check(table.rows, table.headers)
        else:
            checks = check_rows(spec, table, user)
        if not only_valid and not all(check.ok for check in checks):
            raise ImportRefused(checks)
        valid = [check for check in checks if check.ok]
        if batches:
            batches.save(valid)
        else:
            for check in valid:
                check.instance.save()
    return len(valid), len(checks) - len(valid)
