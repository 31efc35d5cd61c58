from django.core.management import call_command

from users.models import Role, User
from users.visibility import visible_users


def test_seed_demo_creates_the_documented_logins_and_is_idempotent(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    names = set(User.objects.values_list("username", flat=True))
    expected = {"admin", "manager1", "manager2"} | {f"sales{i}" for i in range(1, 7)}
    assert names == expected
    for username in expected:
        assert User.objects.get(username=username).check_password("demo12345")
    assert "sales6" in capsys.readouterr().out


def test_demo_managers_see_exactly_their_three_salespeople(db):
    call_command("seed_demo")
    manager1 = User.objects.get(username="manager1")
    manager2 = User.objects.get(username="manager2")
    sales = lambda m: {  # noqa: E731
        u.username for u in visible_users(m) if u.role == Role.SALESPERSON
    }
    assert sales(manager1) == {"sales1", "sales2", "sales3"}
    assert sales(manager2) == {"sales4", "sales5", "sales6"}
    assert User.objects.get(username="admin").is_admin
