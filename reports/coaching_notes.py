"""Writes of the coaching pages: notes and their follow-ups."""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from opportunities.models import Opportunity
from reports.coaching_models import CoachingNote, HygieneSnapshot
from reports.loaders.coaching import Capability, add_hygiene, hygiene_rules
from reports.loaders.funnel import open_stages
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


def hygiene_snapshot_take(*, today: date) -> int:
    """Store every active person's hygiene for the week of `today`, once.

    Rows already stored for that week are kept (a redelivered or repeated run
    writes nothing); returns how many were written.
    """
    week = today - timedelta(days=today.weekday())
    people = list(
        User.objects.filter(is_active=True)
        .exclude(
            Exists(HygieneSnapshot.objects.filter(person=OuterRef("pk"), week=week))
        )
        .values_list("pk", flat=True)
    )
    by_owner: dict[int, Capability] = defaultdict(Capability)
    stages = open_stages()
    add_hygiene(by_owner, Opportunity.objects.all(), stages, timezone.now())
    rules = hygiene_rules(stages)
    rows = []
    for pk in people:
        if pk not in by_owner:
            continue
        result = by_owner[pk].hygiene(rules)
        rows.append(
            HygieneSnapshot(
                person_id=pk,
                week=week,
                score=result.score,
                open_deals=by_owner[pk].open_deals,
                parts={str(part): value for part, value in result.parts.items()},
            )
        )
    return len(HygieneSnapshot.objects.bulk_create(rows, ignore_conflicts=True))
