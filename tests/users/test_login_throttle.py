"""Login throttling: lockout per username and per address, unlock in admin."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import override_settings
from django.urls import reverse

URL = reverse("login")
PASSWORD = "secret-pass-123"
LIMIT = 5


def attempt(client, username, password="wrong", address="10.0.0.1"):
    return client.post(
        URL, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_then_fails(
    client, alice
):
    answers = [attempt(client, "alice").status_code for _ in range(30)]
    assert answers[: LIMIT - 1] == [200] * (LIMIT - 1)
    assert set(answers[LIMIT:]) == {429}
    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "Too many failed logins. Wait 15 minutes, then try again" in page


def test_the_lockout_is_per_username_from_any_address(client, alice, bob):
    for number in range(LIMIT):
        attempt(client, "alice", address=f"10.0.1.{number}")
    assert attempt(client, "alice", PASSWORD, address="10.9.9.9").status_code == 429
    # Another person at another address is not affected.
    assert attempt(client, "bob", PASSWORD, address="10.9.9.8").status_code == 302


def test_the_lockout_is_per_address_across_usernames(client, alice, bob):
    for number in range(LIMIT):
        attempt(client, f"guess{number}", address="10.0.2.1")
    assert attempt(client, "bob", PASSWORD, address="10.0.2.1").status_code == 429
    assert attempt(client, "bob", PASSWORD, address="10.0.2.2").status_code == 302


def test_an_unknown_username_gets_the_same_answers_as_a_known_one(client, alice):
    known = [attempt(client, "alice", address="10.0.3.1") for _ in range(LIMIT + 1)]
    unknown = [attempt(client, "nobody", address="10.0.3.2") for _ in range(LIMIT + 1)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    for mine, theirs in zip(known, unknown, strict=True):
        assert mine.content.decode().replace("alice", "nobody") == (
            theirs.content.decode()
        ).replace(*_csrf_pair(mine, theirs))


def _csrf_pair(mine, theirs) -> tuple[str, str]:
    """The two pages differ only in their CSRF tokens."""
    import re

    pattern = r'name="csrfmiddlewaretoken" value="([^"]+)"'
    return (
        re.search(pattern, theirs.content.decode()).group(1),
        re.search(pattern, mine.content.decode()).group(1),
    )


def test_a_success_before_the_limit_clears_the_count(client, alice):
    for _ in range(LIMIT - 1):
        attempt(client, "alice")
    assert attempt(client, "alice", PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        attempt(client, "alice")
    assert attempt(client, "alice", PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_limit_is_a_setting(client, alice):
    for _ in range(3):
        attempt(client, "alice")
    assert attempt(client, "alice", PASSWORD).status_code == 429


def test_administrator_sees_failed_logins_and_unlocks(client, alice, adam):
    for _ in range(LIMIT):
        attempt(client, "alice")
    assert AccessFailureLog.objects.filter(username="alice").count() == LIMIT
    client.force_login(adam)
    failures = client.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert failures.status_code == 200
    assert "alice" in failures.content.decode()
    lockouts = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert "alice" in lockouts.content.decode()
    locked = AccessAttempt.objects.get(username="alice")
    client.post(
        reverse("admin:axes_accessattempt_delete", args=[locked.pk]), {"post": "yes"}
    )
    client.logout()
    assert attempt(client, "alice", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.9"),  # no trusted proxy: the header is ignored
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the address our proxy saw
        (2, "1.2.3.4, 10.1.1.1", "1.2.3.4"),
    ],
)
def test_the_counted_address_trusts_only_configured_proxies(
    rf, settings, proxies, forwarded, expected
):
    from users.login_throttle import client_address

    settings.LOGIN_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
