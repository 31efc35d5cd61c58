"""Demo organisation for `seed_demo`: the logins of DESIGN §8, idempotently."""

from dataclasses import dataclass

from users.models import Role, Team, User

DEMO_PASSWORD = "demo12345"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    name: str
    team: str | None


DEMO_TEAMS = [
    # (name, parent, manager username)
    ("销售中心", None, None),
    ("华东销售部", "销售中心", "manager1"),
    ("华北销售部", "销售中心", "manager2"),
]

DEMO_LOGINS = [
    DemoLogin("admin", Role.ADMIN, "系统 管理员", None),
    DemoLogin("manager1", Role.MANAGER, "王 强", "华东销售部"),
    DemoLogin("manager2", Role.MANAGER, "李 娜", "华北销售部"),
    DemoLogin("sales1", Role.SALESPERSON, "张 伟", "华东销售部"),
    DemoLogin("sales2", Role.SALESPERSON, "刘 洋", "华东销售部"),
    DemoLogin("sales3", Role.SALESPERSON, "陈 静", "华东销售部"),
    DemoLogin("sales4", Role.SALESPERSON, "杨 帆", "华北销售部"),
    DemoLogin("sales5", Role.SALESPERSON, "赵 敏", "华北销售部"),
    DemoLogin("sales6", Role.SALESPERSON, "黄 磊", "华北销售部"),
]


def seed_users() -> dict[str, User]:
    """Create or refresh the demo teams and logins; return users by username."""
    teams: dict[str, Team] = {}
    for name, parent, _manager in DEMO_TEAMS:
        team, _ = Team.objects.update_or_create(
            name=name, defaults={"parent": teams.get(parent) if parent else None}
        )
        teams[name] = team

    users: dict[str, User] = {}
    for login in DEMO_LOGINS:
        last_name, first_name = login.name.split(" ")
        user, _ = User.objects.update_or_create(
            username=login.username,
            defaults={
                "role": login.role,
                "team": teams.get(login.team) if login.team else None,
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{login.username}@demo.funnel-crm.example",
                "is_active": True,
                "is_staff": login.role == Role.ADMIN,
                "is_superuser": login.role == Role.ADMIN,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        users[login.username] = user

    for name, _parent, manager in DEMO_TEAMS:
        if manager:
            teams[name].managers.set([users[manager]])
    return users
