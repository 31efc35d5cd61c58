"""Checking and saving imported lead rows a batch at a time.

Row for row the result is that of checking each lead on its own
(`leads.resources.lead_validate`, then the repeats within the file) and
saving it: the same rows refused with the same messages in the same order,
and one history row per lead saved. A batch costs one query per kind of
duplicate (company, phone, e-mail: the normalized columns, each indexed) and
two INSERTs, the leads and their history, however many rows it holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_create_with_history

from leads.models import Lead
from leads.resources import (
    DUPLICATE_FIELDS,
    DUPLICATE_MESSAGES,
    lead_duplicate_keys,
    lead_from_row,
)
from users.spreadsheets.importing import (
    CellError,
    OwnerIndex,
    RowCheck,
    clean_instance_text,
    column_name,
    note_repeats,
)

if TYPE_CHECKING:
    from users.models import User
    from users.spreadsheets.importing import ImportSpec
    from users.spreadsheets.reading import Row

# The owner comes from the people the importer may name, the creator is the
# importer; neither needs a query per row to prove it exists.
NOT_CHECKED = ["owner", "created_by"]


class LeadBatchImporter:
    """One file's lead rows, checked and saved batch after batch, in order."""

    def __init__(self, user: User, spec: ImportSpec):
        self.user, self.spec = user, spec
        self.owners = OwnerIndex(user)
        # (field, normalized value) → the row of the file that first had it.
        self.first_seen: dict[tuple[str, str], int] = {}
        # Rows this import saved. A later row with one of their values repeats
        # a row of the file (and is refused for that); the lead saved from it
        # is not an existing lead it duplicates.
        self.saved_rows: set[int] = set()
        # Rows of the last batch refused only as duplicates.
        self.duplicates: set[int] = set()

    def check(self, rows: list[Row], headers: dict[str, str]) -> list[RowCheck]:
        """Every row's errors; nothing is written."""
        pending = [self._check_alone(row) for row in rows]
        taken = self._taken([keys for _row, _lead, _errors, keys in pending])
        checks = []
        self.duplicates = set()
        for row, lead, errors, keys in pending:
            other_errors = bool(errors)
            repeated = False
            for name, key in keys.items():
                if (name, key) in taken:
                    errors.setdefault(name, []).append(str(DUPLICATE_MESSAGES[name]))
                    repeated = True
            if note_repeats(self.first_seen, list(keys.items()), row.number, errors):
                repeated = True
            if repeated and not other_errors:
                self.duplicates.add(row.number)
            cell_errors = [
                CellError(
                    row.number, column_name(self.spec, headers, lead, name), message
                )
                for name, found in errors.items()
                for message in found
            ]
            checks.append(RowCheck(row, lead, cell_errors))
        return checks

    def replay(self, rows: list[Row], refused: set[int]) -> None:
        """Remember rows an earlier run checked (`refused`: those it did not save).

        A job that starts again after a stop goes on where it was, refusing
        the same later rows as one run would have.
        """
        for row in rows:
            lead = lead_from_row(row.values, self.user, self.user)
            clean_instance_text(lead)
            keys = [(name, key) for name, key in lead_duplicate_keys(lead) if key]
            for name_key in keys:
                self.first_seen.setdefault(name_key, row.number)
            if row.number not in refused:
                self.saved_rows.add(row.number)

    def _check_alone(self, row: Row):
        """What one row shows without the database: owner, fields, its keys."""
        errors: dict[str, list[str]] = {}
        try:
            owner = self.owners.resolve(row.values.get("owner", ""))
        except ValidationError as exc:
            owner, errors["owner"] = self.user, exc.messages
        lead = lead_from_row(row.values, owner, self.user)
        clean_instance_text(lead)
        try:
            # A lead has no unique field, and its one constraint bounds the
            # score, which is derived on save (lead_score is at most 100) and
            # still 0 here: neither check can fail, and the constraint's
            # builds a query per row.
            lead.full_clean(
                exclude=NOT_CHECKED, validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            for name, found in exc.message_dict.items():
                errors.setdefault(name, []).extend(found)
        keys = {name: key for name, key in lead_duplicate_keys(lead) if key}
        return row, lead, errors, keys

    def _taken(self, batch_keys: list[dict[str, str]]) -> set[tuple[str, str]]:
        """The batch's values that a saved lead (not saved by this import) has."""
        taken: set[tuple[str, str]] = set()
        for name, column in DUPLICATE_FIELDS.items():
            wanted = {
                keys[name]
                for keys in batch_keys
                if name in keys and not self._saved_here(name, keys[name])
            }
            if not wanted:
                continue
            found = (
                Lead.objects.filter(**{f"{column}__in": wanted})
                .order_by()
                .values_list(column, flat=True)
                .distinct()
            )
            taken.update((name, key) for key in found)
        return taken

    def _saved_here(self, name: str, key: str) -> bool:
        # When a batch is looked up, first_seen holds the earlier batches only;
        # a value first seen in a refused row was saved by no row of the file.
        return self.first_seen.get((name, key)) in self.saved_rows

    def save(self, checks: list[RowCheck]) -> int:
        """Insert the leads of the rows without errors, with their history."""
        leads = [check.instance for check in checks if check.ok]
        for lead in leads:
            lead.fill_derived()
        if leads:
            bulk_create_with_history(leads, Lead, default_user=self.user)
        self.saved_rows.update(check.row.number for check in checks if check.ok)
        return len(leads)
