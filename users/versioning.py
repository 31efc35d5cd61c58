"""Optimistic concurrency: an edit saves only over the version it was opened on.

A versioned model carries a `version` column. An edit form remembers the
version it showed (a hidden field); saving first claims the row with one
conditional UPDATE (`… SET version = version + 1 WHERE id = %s AND version =
%s`) inside the save's transaction. Of two people who opened the same
version, exactly one claim changes a row; the other gets `EditConflict` and a
page showing what changed since they opened it, their input kept.

Only edits made through forms claim a version; background refreshes of
derived numbers do not, so they never turn a user's save into a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

T = TypeVar("T")


class VersionedModel(models.Model):
    """A model whose edits are checked against the version they started from."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Columns moved only by claim_version.
    version_fields: tuple[str, ...] = ("version",)
    # Columns the database keeps itself (triggers): a plain save never writes
    # them, so a copy loaded earlier cannot put an old value back.
    database_kept_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A plain save of a stored row writes every column but the versions, so
        # a copy loaded before someone's edit cannot put an old version back.
        if (
            not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
            and not args
        ):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in self.version_fields
                and field.name not in self.database_kept_fields
            ]
        super().save(*args, **kwargs)


class EditConflict(Exception):
    """Someone saved the record after the edit was opened."""

    def __init__(self, instance: models.Model, expected: int):
        super().__init__(f"{instance!r} is no longer at version {expected}")
        self.instance = instance
        self.expected = expected


def claim_version(
    instance: models.Model, expected: int | None, *, field: str = "version"
) -> None:
    """Move `instance`'s row from version `expected` to the next, or refuse.

    Call inside the transaction that saves the edit; the UPDATE holds the row
    until it commits. `expected` None means the version loaded with the
    instance. Raises EditConflict when the row is at another version.
    """
    if instance.pk is None:
        return
    if expected is None:
        expected = getattr(instance, field)
    claimed = (
        type(instance)
        ._base_manager.filter(pk=instance.pk, **{field: expected})
        .update(**{field: F(field) + 1})
    )
    if claimed != 1:
        raise EditConflict(instance, expected)
    setattr(instance, field, expected + 1)


@dataclass(frozen=True)
class Change:
    """One field that differs between the version opened and the current one."""

    label: str
    before: str
    after: str


def _shown(record: Any, field: models.Field) -> str:
    value = getattr(record, field.attname)
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        try:
            return str(getattr(record, field.name))
        except models.ObjectDoesNotExist:
            return ""
    return str(value)


def changes_since(
    current: models.Model, version: int, field_names: Iterable[str]
) -> list[Change] | None:
    """What differs in `field_names` between `version` (from history) and now.

    None when the history holds no record of that version.
    """
    history = getattr(current, "history", None)
    if history is None:
        return None
    opened = history.filter(version=version).order_by("-history_date").first()
    if opened is None:
        return None
    changes = []
    for name in field_names:
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_many or not field.concrete:
            continue
        before, after = _shown(opened, field), _shown(current, field)
        if before != after:
            changes.append(Change(str(field.verbose_name), before, after))
    return changes


class VersionedFormMixin:
    """An edit form that carries the version it was opened on (`version`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        self.loaded_version = getattr(instance, "version", None)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput,
            required=False,
            min_value=1,
            initial=self.loaded_version,
        )
        self.conflict: list[Change] | None = None
        self.conflicted = False

    @property
    def expected_version(self) -> int | None:
        """The version the user opened; the loaded one if the page sent none."""
        if getattr(self, "cleaned_data", None) and self.cleaned_data.get("version"):
            return self.cleaned_data["version"]
        return self.loaded_version

    def refuse_stale(self, current: models.Model, expected: int) -> None:
        """Turn the form into the conflict page: changes listed, input kept.

        The hidden version moves to the current one, so saving again applies
        the user's input over what is saved now.
        """
        self.conflicted = True
        self.conflict = changes_since(
            current, expected, [name for name in self.fields if name != "version"]
        )
        data = self.data.copy()
        data[self.add_prefix("version")] = current.version
        self.data = data


def save_versioned(form: VersionedFormMixin, save: Callable[[], T]) -> T | None:
    """`save()` in one transaction, after claiming the version `form` was opened on.

    On a conflict nothing is written: the form becomes the conflict page and
    None is returned. A `save` that returns None (it refused) rolls back the
    claim too. A record deleted meanwhile is a 404.
    """
    instance = form.instance
    try:
        with transaction.atomic():
            claim_version(instance, form.expected_version)
            saved = save()
            if saved is None:
                transaction.set_rollback(True)
            return saved
    except EditConflict as conflict:
        current = type(instance)._base_manager.filter(pk=instance.pk).first()
        if current is None:
            raise Http404 from conflict
        form.refuse_stale(current, conflict.expected)
        return None
