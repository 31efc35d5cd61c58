"""A large, realistic company for measuring the product: `seed_scale`.

One salesperson for every thousand deals (1,000 at a million), ten to a team,
ten teams to a region under a director, every region under one head of sales;
five years of customers, contacts, leads, deals with stage history,
competitors and follow-ups. Won deals get contracts, plans, payments and
invoices (`reports/scale_seed_money.py`). Rows go in with large `bulk_create`
batches and their real creation dates; no history records are written.
"""

import random
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from operator import attrgetter

from django.db import connection, models
from django.utils import timezone

from customers.models import BuyingRole, Contact, Customer
from leads.classification import ActivityKind, Industry, LeadSource, Region
from leads.models import Lead, LeadStatus
from opportunities import probability
from opportunities.models import (
    Activity,
    CompetitionFactor,
    Competitor,
    DealContact,
    Opportunity,
    OpportunityStatus,
    Stage,
    StageChange,
    StageChangeCause,
)
from opportunities.models.open_totals import RECOUNT_SQL
from reports import stay_counts_sql
from reports.local_day_counts import KEPT_IN_LOCAL_DAYS
from users.models import Role, Team, User

BATCH = 5000
YEARS = 5
PASSWORD = "demo12345"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
CITIES = "上海北京深圳广州杭州南京苏州成都武汉西安天津重庆长沙青岛宁波厦门合肥济南"
TRADES = ["科技", "制造", "信息", "能源", "物流", "医疗", "建设", "电子", "材料"]
PRODUCTS = ["ERP 升级", "数据平台", "生产线改造", "安防系统", "云迁移", "采购项目"]

Progress = Callable[[str, int, int], None]


@dataclass
class Company:
    """What later steps need from earlier ones, as plain ids."""

    reps: list[int] = field(default_factory=list)
    customer_owner: dict[int, int] = field(default_factory=dict)
    contacts_of: dict[int, list[int]] = field(default_factory=dict)


def sizes(opportunities: int) -> dict[str, int]:
    """How many of each record a company with this many deals has."""
    reps = max(6, round(opportunities / 1000))
    return {
        "reps": reps,
        "teams": max(2, -(-reps // 10)),
        "customers": max(10, opportunities // 5),
        "leads": max(10, opportunities // 4),
        "opportunities": opportunities,
    }


@contextmanager
def real_dates(*model_classes: type[models.Model]):
    """Let bulk inserts keep the creation dates they are given."""
    saved = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                saved.append((f, f.auto_now_add, f.auto_now))
                f.auto_now_add = f.auto_now = False
    try:
        yield
    finally:
        for f, add, now in saved:
            f.auto_now_add, f.auto_now = add, now


def insert(
    model: type[models.Model],
    rows: Iterable,
    total: int,
    progress: Progress,
    *,
    keep: bool = False,
) -> list:
    """Insert `rows` in batches, reporting progress.

    On PostgreSQL the rows are given ids from the table's sequence and
    streamed with COPY; elsewhere they go in with `bulk_create`. With `keep`
    the saved rows (with their ids) are returned, otherwise an empty list, so
    millions of follow-ups are never all held in memory.
    """
    write = _copy if connection.vendor == "postgresql" else _bulk_create
    saved, batch, done = [], [], 0
    name = str(model._meta.verbose_name_plural)
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            write(model, batch)
            done += len(batch)
            if keep:
                saved += batch
            batch = []
            progress(name, done, total)
    if batch:
        write(model, batch)
        done += len(batch)
        if keep:
            saved += batch
    progress(name, done, done)
    return saved


@contextmanager
def triggers_off():
    """On PostgreSQL, load with the database's triggers off, as pg_restore does.

    Per batch of a COPY they would update the rows just written again: the
    seed writes each deal's stage positions and lost-from stage, and each
    stay's end, itself (as `opportunities.stage_facts` defines them), and the
    open totals, the follow-up, performance and stay counts are added up here,
    once, at the end. Setting the replication role takes a superuser; for
    anyone else the triggers fire.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        off = cursor.fetchone()[0]
        if off:
            cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    if not off:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = origin")
        cursor.execute(RECOUNT_SQL)
        cursor.execute(stay_counts_sql.recount_sql())
        for kept, _check_id in KEPT_IN_LOCAL_DAYS.values():
            zone = kept.kept_zone(connection)
            if zone is not None:
                cursor.execute(kept.recount_sql(zone))


def _bulk_create(model: type[models.Model], batch: list) -> None:
    # bulk_create sets the ids on the instances on every backend that returns them.
    model.objects.bulk_create(batch)


def _copy(model: type[models.Model], batch: list) -> None:
    """COPY a batch into the table, with ids taken from its sequence first."""
    meta = model._meta
    # Generated columns are computed by the database, never written.
    fields = [f for f in meta.concrete_fields if not f.generated]
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s), "
            "nextval(pg_get_serial_sequence(%s, %s)) + %s - 1)",
            [meta.db_table, meta.pk.column] * 2 + [len(batch)],
        )
        first = cursor.fetchone()[0] - len(batch) + 1
        for offset, row in enumerate(batch):
            row.pk = first + offset
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        # The values go as they are (psycopg adapts dates, decimals and text):
        # Django's per-field preparation was half of the seed's time.
        values = attrgetter(*(f.attname for f in fields))
        # The raw psycopg cursor: Django's wrapper has no COPY.
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row(values(row))


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(SURNAMES), "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))


def seed_people(count: dict[str, int], now: datetime, rng) -> tuple[list[int], dict]:
    """Head of sales, regional directors, team managers and salespeople."""
    password = User(username="x")
    password.set_password(PASSWORD)
    hashed = password.password
    regions = max(1, -(-count["teams"] // 10))
    top = Team.objects.create(name="销售总部")
    region_teams = Team.objects.bulk_create(
        Team(name=f"第{r + 1}大区", parent=top) for r in range(regions)
    )
    teams = Team.objects.bulk_create(
        Team(name=f"销售{t + 1}组", parent=region_teams[t % regions])
        for t in range(count["teams"])
    )

    def user(username, role, team) -> User:
        last, first = person(rng)
        return User(
            username=username,
            password=hashed,
            role=role,
            team=team,
            first_name=first,
            last_name=last,
            email=f"{username}@scale.funnel-crm.example",
            date_joined=now - timedelta(days=YEARS * 365),
        )

    head = user("head", Role.MANAGER, top)
    directors = [
        user(f"director{r + 1}", Role.MANAGER, t) for r, t in enumerate(region_teams)
    ]
    leads = [user(f"lead{t + 1}", Role.MANAGER, team) for t, team in enumerate(teams)]
    reps = [
        user(f"rep{i + 1}", Role.SALESPERSON, teams[i % len(teams)])
        for i in range(count["reps"])
    ]
    admin = user("scaleadmin", Role.ADMIN, None)
    admin.is_staff = admin.is_superuser = True
    User.objects.bulk_create([head, *directors, *leads, *reps, admin])
    by_name = dict(User.objects.values_list("username", "id"))
    links = [(top, "head")]
    links += [(t, f"director{r + 1}") for r, t in enumerate(region_teams)]
    links += [(t, f"lead{i + 1}") for i, t in enumerate(teams)]
    Team.managers.through.objects.bulk_create(
        Team.managers.through(team_id=team.pk, user_id=by_name[name])
        for team, name in links
    )
    rep_ids = [by_name[f"rep{i + 1}"] for i in range(count["reps"])]
    return rep_ids, by_name


def moment(rng: random.Random, now: datetime, *, recent: float = 0.3) -> datetime:
    """A creation time in the last five years, weighted to the last year."""
    days = rng.uniform(0, 365) if rng.random() < recent else rng.uniform(0, YEARS * 365)
    return now - timedelta(days=days, seconds=rng.randrange(86400))


def seed_customers(company: Company, total: int, now, rng, progress) -> None:
    industries, regions = Industry.values, Region.values
    roles = BuyingRole.values

    def customers() -> Iterator[Customer]:
        for i in range(total):
            created = moment(rng, now)
            city = rng.choice(CITIES) + rng.choice(CITIES)
            name = f"{city}{rng.choice(TRADES)}{i}号有限公司"
            yield Customer(
                legal_name=name,
                name_normalized=name,
                owner_id=rng.choice(company.reps),
                industry=rng.choice(industries),
                region=rng.choice(regions),
                phone=f"021-{rng.randrange(10**7, 10**8)}",
                last_contact_at=created + timedelta(days=rng.randrange(0, 60)),
                created_at=created,
                updated_at=created,
            )

    saved = insert(Customer, customers(), total, progress, keep=True)
    company.customer_owner = {c.pk: c.owner_id for c in saved}

    def contacts() -> Iterator[Contact]:
        for c in saved:
            for _ in range(rng.choice((1, 2, 2, 3))):
                last, first = person(rng)
                phone = f"13{rng.randrange(10**8, 10**9)}"
                yield Contact(
                    customer_id=c.pk,
                    name=last + first,
                    title=rng.choice(["采购经理", "总经理", "IT 总监", "财务总监"]),
                    phone=phone,
                    phone_normalized=phone,
                    buying_role=rng.choice(roles),
                    created_at=c.created_at,
                    updated_at=c.created_at,
                )

    for contact in insert(Contact, contacts(), total * 2, progress, keep=True):
        company.contacts_of.setdefault(contact.customer_id, []).append(contact.pk)


def seed_leads(company: Company, total: int, now, rng, progress) -> None:
    statuses = [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED]
    statuses += [LeadStatus.UNQUALIFIED, LeadStatus.CONVERTED]

    def leads() -> Iterator[Lead]:
        for i in range(total):
            created = moment(rng, now, recent=0.5)
            name = f"{rng.choice(CITIES)}{rng.choice(TRADES)}线索{i}公司"
            last, first = person(rng)
            phone = f"139{rng.randrange(10**7, 10**8)}"
            pooled = rng.random() < 0.15
            yield Lead(
                owner_id=None if pooled else rng.choice(company.reps),
                company_name=name,
                company_normalized=name,
                contact_name=last + first,
                phone=phone,
                phone_normalized=phone,
                source=rng.choice(LeadSource.values),
                industry=rng.choice(Industry.values),
                region=rng.choice(Region.values),
                status=LeadStatus.NEW if pooled else rng.choice(statuses),
                score=rng.randrange(0, 101),
                next_contact_at=created + timedelta(days=rng.randrange(1, 30)),
                created_at=created,
                updated_at=created,
            )

    insert(Lead, leads(), total, progress)


@dataclass
class DealPlan:
    stages: list[Stage]
    won: Stage
    lost: Stage
    table: dict[int, Decimal]
    competitors: list[int]


def _competitors() -> list[int]:
    """A few rivals to name on deals (those already configured, or made here)."""
    for name in ("华为", "用友", "金蝶", "浪潮", "东软", "SAP", "Oracle"):
        Competitor.objects.get_or_create(name=name)
    return list(Competitor.objects.values_list("id", flat=True))


def deal_plan() -> DealPlan:
    stages = list(Stage.objects.order_by("order"))
    return DealPlan(
        stages=[s for s in stages if s.is_open],
        won=next(s for s in stages if s.kind == "won"),
        lost=next(s for s in stages if s.kind == "lost"),
        table=CompetitionFactor.objects.as_table(),
        competitors=_competitors(),
    )


def _status(rng: random.Random, age_days: float) -> str:
    """Recent deals are mostly open; older ones mostly closed."""
    open_share = 0.85 if age_days < 180 else 0.45
    roll = rng.random()
    if roll < open_share:
        return OpportunityStatus.OPEN
    return (
        OpportunityStatus.WON
        if roll < open_share + (1 - open_share) * 0.4
        else (OpportunityStatus.LOST)
    )


def _deal(plan: DealPlan, i, customer, owner, rivals, now, rng) -> Opportunity:
    created = moment(rng, now)
    status = _status(rng, (now - created).days)
    reached = rng.randrange(len(plan.stages))
    stage = {"won": plan.won, "lost": plan.lost}.get(status, plan.stages[reached])
    amount = Decimal(rng.randrange(20, 5000) * 1000)
    if status == OpportunityStatus.OPEN:
        chance = probability.win_probability(stage.percentage, rivals, plan.table)
        closed, next_contact = None, now + timedelta(days=rng.randrange(-20, 30))
    else:
        chance = Decimal(status == OpportunityStatus.WON)
        closed = min(now, created + timedelta(days=rng.randrange(10, 200)))
        next_contact = None
    # The positions the database would keep (`opportunities.stage_facts`): the
    # history walks the open stages up to `reached`, then closes from there.
    won = status == OpportunityStatus.WON
    deal = Opportunity(
        stage_order=stage.order,
        furthest_order=(plan.won if won else plan.stages[reached]).order,
        lost_from=plan.stages[reached] if status == OpportunityStatus.LOST else None,
        name=f"{rng.choice(PRODUCTS)} {i}",
        customer_id=customer,
        owner_id=owner,
        content="" if rng.random() < 0.5 else f"{rng.choice(PRODUCTS)}需求说明",
        amount=amount,
        stage=stage,
        status=status,
        lost_reason="预算取消" if status == OpportunityStatus.LOST else "",
        expected_win_date=(created + timedelta(days=rng.randrange(30, 240))).date(),
        last_contact_at=min(now, created + timedelta(days=rng.randrange(0, 90))),
        next_contact_at=next_contact,
        closed_at=closed,
        win_probability=chance,
        weighted_amount=probability.weighted_amount(amount, chance),
        created_at=created,
        updated_at=created,
    )
    deal.reached = reached
    return deal


def seed_deals(company: Company, total: int, now, rng, progress) -> list[Opportunity]:
    plan = deal_plan()
    customers = list(company.customer_owner)
    rivals: dict[int, list[int]] = {}

    def deals() -> Iterator[Opportunity]:
        for i in range(total):
            customer = rng.choice(customers)
            count = rng.choice((0, 0, 1, 1, 2, 3))
            rivals[i] = rng.sample(plan.competitors, count)
            owner = company.customer_owner[customer]
            yield _deal(plan, i, customer, owner, count, now, rng)

    saved = insert(Opportunity, deals(), total, progress, keep=True)
    through = Opportunity.competitors.through
    links = (
        through(opportunity_id=deal.pk, competitor_id=rival)
        for i, deal in enumerate(saved)
        for rival in rivals[i]
    )
    insert(through, links, total, progress)
    seed_history(saved, plan, now, rng, progress)
    seed_activities(company, saved, now, rng, progress)
    seed_deal_contacts(company, saved, progress)
    return saved


def seed_deal_contacts(company: Company, deals, progress) -> None:
    """Buying teams on two deals in three: up to two of the customer's
    contacts in their usual roles, linked by the owner when the deal began."""
    role_of = dict(Contact.objects.values_list("pk", "buying_role").iterator(BATCH))

    def links() -> Iterator[DealContact]:
        for i, deal in enumerate(deals):
            if i % 3 == 0:
                continue
            for contact in company.contacts_of.get(deal.customer_id, [])[:2]:
                yield DealContact(
                    opportunity_id=deal.pk,
                    contact_id=contact,
                    role=role_of[contact],
                    added_by_id=deal.owner_id,
                    created_at=deal.created_at,
                )

    with real_dates(DealContact):
        insert(DealContact, links(), len(deals), progress)


def seed_history(deals, plan: DealPlan, now, rng, progress) -> None:
    """Each deal's walk up the open stages, and its close."""

    def walk(deal) -> Iterator[StageChange]:
        at, before = deal.created_at, None
        for stage in plan.stages[: deal.reached + 1]:
            yield StageChange(
                opportunity_id=deal.pk,
                from_stage=before,
                to_stage=stage,
                from_status="" if before is None else OpportunityStatus.OPEN,
                to_status=OpportunityStatus.OPEN,
                changed_by_id=deal.owner_id,
                cause=StageChangeCause.HAND,
                created_at=at,
                updated_at=at,
            )
            before, at = stage, min(now, at + timedelta(days=rng.randrange(3, 40)))
        if deal.status != OpportunityStatus.OPEN:
            yield StageChange(
                opportunity_id=deal.pk,
                from_stage=before,
                to_stage=deal.stage,
                from_status=OpportunityStatus.OPEN,
                to_status=deal.status,
                changed_by_id=deal.owner_id,
                created_at=deal.closed_at,
                updated_at=deal.closed_at,
            )

    def changes() -> Iterator[StageChange]:
        for deal in deals:
            # Each stay ends at the deal's next change, by time then by id:
            # a stable sort keeps the order written in, which the ids follow.
            walked = sorted(walk(deal), key=attrgetter("created_at"))
            for change, following in pairwise(walked):
                change.left_at = following.created_at
            yield from walked

    insert(StageChange, changes(), len(deals) * 3, progress)


def seed_activities(company: Company, deals, now, rng, progress) -> None:
    """About five follow-ups a deal, between its creation and now."""
    kinds = ActivityKind.values

    def activities() -> Iterator[Activity]:
        for deal in deals:
            contacts = company.contacts_of.get(deal.customer_id) or [None]
            end = deal.closed_at or now
            span = max(1.0, (end - deal.created_at).total_seconds())
            for _ in range(rng.randrange(2, 9)):
                at = deal.created_at + timedelta(seconds=rng.uniform(0, span))
                yield Activity(
                    customer_id=deal.customer_id,
                    opportunity_id=deal.pk,
                    contact_id=rng.choice(contacts),
                    kind=rng.choice(kinds),
                    occurred_at=at,
                    summary="电话沟通需求与预算",
                    logged_by_id=deal.owner_id,
                    created_at=at,
                    updated_at=at,
                )

    insert(Activity, activities(), len(deals) * 5, progress)


def seed_company(opportunities: int, *, seed: int, progress: Progress) -> dict:
    """Seed everything but money; returns what was made (ids for the rest)."""
    rng = random.Random(seed)
    now = timezone.now()
    count = sizes(opportunities)
    company = Company()
    models_with_dates = (Customer, Contact, Lead, Opportunity, StageChange, Activity)
    with real_dates(*models_with_dates):
        company.reps, users = seed_people(count, now, rng)
        seed_customers(company, count["customers"], now, rng, progress)
        seed_leads(company, count["leads"], now, rng, progress)
        deals = seed_deals(company, opportunities, now, rng, progress)
    return {"count": count, "users": users, "deals": deals, "now": now, "rng": rng}
