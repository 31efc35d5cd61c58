"""Login, logout, password change, profile and the admin gate."""

import pytest
from django.urls import reverse

from users.backends import RoleBackend


def test_login_page_is_in_english_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Welcome back" in response.content.decode()


def test_login_page_follows_a_chinese_browser(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    body = response.content.decode()
    assert 'lang="zh-hans"' in body
    assert "欢迎回来" in body


def test_language_switcher_overrides_the_browser(client, alice):
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert "工作台" in response.content.decode()


def test_valid_credentials_log_in_and_land_on_the_workbench(client, alice):
    response = client.post(
        reverse("login"),
        {"username": "alice", "password": "secret-pass-123"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Hello, " in response.content.decode()


def test_wrong_password_shows_an_error_and_keeps_the_username(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct username and password" in body
    assert 'value="alice"' in body


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_logout_needs_post_and_ends_the_session(client, alice):
    client.force_login(alice)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_password_change_takes_effect(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "a-much-better-pass-42",
            "new_password2": "a-much-better-pass-42",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a-much-better-pass-42")


def test_profile_update_saves_contact_details(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("users:profile"),
        {"first_name": "Alice", "last_name": "Wang", "email": "a@x.cn", "phone": "138"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.first_name, alice.email, alice.phone) == ("Alice", "a@x.cn", "138")


def test_profile_rejects_a_bad_email_and_changes_nothing(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("users:profile"),
        {"first_name": "X", "last_name": "", "email": "not-an-email", "phone": ""},
    )
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    alice.refresh_from_db()
    assert alice.first_name != "X"


@pytest.mark.parametrize("persona", ["alice", "mary"])
def test_django_admin_is_closed_to_non_admins(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_admin_role_opens_django_admin_and_its_models(client, adam):
    client.force_login(adam)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:users_team_changelist")).status_code == 200
    assert (
        client.get(
            reverse("admin:django_celery_beat_periodictask_changelist")
        ).status_code
        == 200
    )


def test_navigation_shows_configuration_only_to_admins(client, alice, adam):
    client.force_login(alice)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()
    client.force_login(adam)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_manager_workbench_lists_their_team_members(client, mary, alice, bob, olivia):
    client.force_login(mary)
    body = client.get(reverse("home")).content.decode()
    assert str(alice) in body and str(bob) in body
    assert str(olivia) not in body


def test_a_signed_in_user_comes_with_their_team(alice, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = RoleBackend().get_user(alice.pk)
        assert user.team == alice.team  # every page's top bar: "role · team"


def test_a_deactivated_user_is_signed_out(client, alice):
    client.force_login(alice)
    alice.is_active = False
    alice.save()
    response = client.get(reverse("users:profile"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
