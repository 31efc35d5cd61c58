"""Demo organisation for `seed_demo`: the documented logins, created once."""

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
    """Create the demo teams and logins that are missing; return users by username.

    What exists is left as it is: a login whose password was changed, that was
    deactivated or lost its rights keeps that, and a reorganised team keeps
    its parent and managers. Running the seed again never reopens a door.
    """
    teams: dict[str, Team] = {}
    created_teams: set[str] = set()
    for name, parent, _manager in DEMO_TEAMS:
        team, created = Team.objects.get_or_create(
            name=name, defaults={"parent": teams.get(parent) if parent else None}
        )
        teams[name] = team
        if created:
            created_teams.add(name)

    users: dict[str, User] = {}
    for login in DEMO_LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            last_name, first_name = login.name.split(" ")
            user = User(
                username=login.username,
                role=login.role,
                team=teams.get(login.team) if login.team else None,
                first_name=first_name,
                last_name=last_name,
                email=f"{login.username}@demo.funnel-crm.example",
                is_staff=login.role == Role.ADMIN,
                is_superuser=login.role == Role.ADMIN,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[login.username] = user

    for name, _parent, manager in DEMO_TEAMS:
        if manager and name in created_teams:
            teams[name].managers.add(users[manager])
    return users
