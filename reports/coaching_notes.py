"""Writes of the coaching pages: notes and their follow-ups."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from reports.coaching_models import CoachingNote
from users.models import User


def may_coach(author: User, person: User) -> bool:
    """Managers coach the people they see, administrators anyone; not themselves."""
    return author.pk != person.pk and (author.is_admin or author.is_manager)


@transaction.atomic
def coaching_note_create(
    *, author: User, person: User, agreed: str, follow_up_on: date | None
) -> CoachingNote:
    """Record what a manager and a salesperson agreed, and when to look again."""
    note = CoachingNote(
        author=author, person=person, agreed=agreed, follow_up_on=follow_up_on
    )
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def coaching_note_mark_followed_up(*, note: CoachingNote) -> bool:
    """Mark a follow-up done once; False when it already was."""
    return bool(
        CoachingNote.objects.filter(pk=note.pk, followed_up_at__isnull=True).update(
            followed_up_at=timezone.now()
        )
    )
