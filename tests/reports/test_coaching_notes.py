"""Coaching notes: a manager writes, the salesperson reads, follow-ups come due."""

from datetime import date

import time_machine
from django.urls import reverse

from reports.models import CoachingNote


def add_url(person) -> str:
    return reverse("reports:note_add", args=[person.pk])


def test_a_manager_writes_a_note_the_salesperson_reads(client, mary, alice):
    client.force_login(mary)
    response = client.post(
        add_url(alice), {"agreed": "Confirm the budget owner", "follow_up_on": ""}
    )
    assert response.status_code == 302
    note = CoachingNote.objects.get()
    assert (note.person, note.author, note.follow_up_on) == (alice, mary, None)
    client.force_login(alice)
    page = client.get(reverse("reports:rep", args=[alice.pk])).content.decode()
    assert "Confirm the budget owner" in page
    assert 'action="' + add_url(alice) not in page  # no form for the salesperson


def test_notes_about_someone_else_stay_hidden(client, mary, alice, bob):
    CoachingNote.objects.create(person=bob, author=mary, agreed="Bob's plan")
    client.force_login(alice)
    page = client.get(reverse("reports:rep", args=[alice.pk])).content.decode()
    assert "Bob's plan" not in page


def test_a_salesperson_may_not_write_notes(client, alice, bob):
    client.force_login(alice)
    assert client.post(add_url(alice), {"agreed": "x"}).status_code == 403
    assert client.post(add_url(bob), {"agreed": "x"}).status_code == 404
    assert not CoachingNote.objects.exists()


def test_an_outside_manager_gets_404(client, nick, alice):
    client.force_login(nick)
    assert client.post(add_url(alice), {"agreed": "x"}).status_code == 404
    assert client.get(add_url(alice)).status_code == 405


@time_machine.travel("2026-12-04 10:00 +0800", tick=False)
def test_a_past_follow_up_date_is_refused(client, mary, alice):
    client.force_login(mary)
    response = client.post(
        add_url(alice), {"agreed": "Call", "follow_up_on": "2026-12-01"}
    )
    assert response.status_code == 400
    assert "Choose today or a later day." in response.content.decode()
    assert not CoachingNote.objects.exists()


def test_due_follow_ups_show_on_the_overview_until_done(client, mary, alice):
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False):
        client.force_login(mary)
        client.post(add_url(alice), {"agreed": "Review", "follow_up_on": "2026-12-03"})
        assert not client.get(reverse("reports:coaching")).context["follow_ups"]
    note = CoachingNote.objects.get()
    with time_machine.travel("2026-12-04 10:00 +0800", tick=False):
        due = client.get(reverse("reports:coaching")).context["follow_ups"]
        assert list(due) == [note]
        done = client.post(reverse("reports:note_done", args=[note.pk]))
        assert done.status_code == 302
        assert not client.get(reverse("reports:coaching")).context["follow_ups"]
    note.refresh_from_db()
    assert note.followed_up_at is not None
    assert note.follow_up_on == date(2026, 12, 3)


def test_only_the_author_marks_a_follow_up(client, mary, dora, alice):
    note = CoachingNote.objects.create(person=alice, author=mary, agreed="x")
    client.force_login(dora)
    assert client.post(reverse("reports:note_done", args=[note.pk])).status_code == 404
    client.force_login(alice)
    assert client.post(reverse("reports:note_done", args=[note.pk])).status_code == 404
