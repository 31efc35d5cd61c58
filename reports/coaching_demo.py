"""Demo history for the coaching pages, run by `seed_demo` after the deals.

In 华东销售部, 张伟 (sales1) loses most deals after "Requirements defined"
while 刘洋 (sales2) takes most of them on, so sales1's page names that stage
as the weakest and sales2's names none. sales1 also keeps his open deals
poorly (no next contact, no competitors, no decision maker on the deals that
need one), sales2 well: their hygiene differs.
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from customers.models import BuyingRole, Customer
from opportunities.models import (
    Competitor,
    DealContact,
    JudgmentCriterion,
    MetCriterion,
    Opportunity,
    OpportunityLine,
    OpportunityStatus,
    Product,
    Stage,
    StageChange,
)
from reports.coaching_models import CoachingNote
from users.models import User

# (owner, how many, the furthest open stage, outcome, kept well)
PLAN = [
    ("sales1", 3, 3, "won", False),
    ("sales1", 2, 3, "lost", False),
    ("sales1", 1, 3, "open", False),
    ("sales1", 30, 2, "lost", False),
    ("sales1", 12, 2, "open", False),
    ("sales2", 16, 3, "won", True),
    ("sales2", 5, 3, "lost", True),
    ("sales2", 5, 3, "open", True),
    ("sales2", 6, 2, "lost", True),
    ("sales2", 4, 2, "open", True),
]
PROJECTS = [
    "产线数字化改造",
    "仓储管理升级",
    "经销商门户",
    "设备联网试点",
    "财务共享中心",
]
LOST = ["预算被削减，项目暂缓", "客户选择了竞争对手的方案", "需求未能落实到具体部门"]


def seed_coaching(rng: random.Random) -> int:
    """Create the coaching history once; returns how many deals it added."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["sales1", "sales2", "manager1"])
    }
    if len(users) < 3 or CoachingNote.objects.filter(person=users["sales1"]).exists():
        return 0
    stages = {s.order: s for s in Stage.objects.all()}
    competitors = list(Competitor.objects.all())
    products = list(Product.objects.filter(is_active=True))
    criteria = {}  # the first criterion of each open stage
    for criterion in JudgmentCriterion.objects.filter(
        stage__kind="open"
    ).select_related("stage"):
        criteria.setdefault(criterion.stage.order, criterion)
    now = timezone.now()
    today = timezone.localdate(now)
    # This year, so the pages' default period shows it; early in January,
    # the last ten months instead (they then need a custom period).
    start = max(date(today.year, 1, 1), today - timedelta(days=320))
    if (today - start).days < 90:
        start = today - timedelta(days=320)
    span = (today - start).days - 60
    made = 0
    for username, count, furthest, outcome, kept in PLAN:
        owner = users[username]
        customers = list(Customer.objects.filter(owner=owner).order_by("pk"))
        for index in range(count):
            created = timezone.make_aware(
                datetime.combine(
                    start + timedelta(days=rng.randint(0, span)),
                    datetime.min.time(),
                )
            ) + timedelta(hours=rng.randint(9, 17))
            _deal(
                owner=owner,
                customer=customers[(made + index) % len(customers)],
                name=f"{rng.choice(PROJECTS)}（{index + 1}期）",
                created=created,
                furthest=furthest,
                outcome=outcome,
                kept=kept,
                stages=stages,
                competitors=competitors,
                products=products,
                criteria=criteria,
                rng=rng,
                now=now,
            )
        made += count
    # sales1 has not met the decision makers of his open deals either.
    DealContact.objects.filter(
        opportunity__owner=users["sales1"],
        opportunity__status=OpportunityStatus.OPEN,
        role=BuyingRole.DECISION_MAKER,
    ).delete()
    CoachingNote.objects.create(
        person=users["sales1"],
        author=users["manager1"],
        agreed="“明确需求”阶段转化偏低：每个商机都要约到决策人，确认预算和上线时间后再推进方案评估。",
        follow_up_on=today,
    )
    return made


def _deal(
    *,
    owner,
    customer,
    name,
    created,
    furthest,
    outcome,
    kept,
    stages,
    competitors,
    products,
    criteria,
    rng,
    now,
):
    product = rng.choice(products)
    quantity = rng.randint(2, 12)
    amount = Decimal(quantity) * product.unit_price
    moves = [
        (stages[order], created + timedelta(days=6 * (order - 1)))
        for order in range(1, furthest + 1)
    ]
    closed_at = moves[-1][1] + timedelta(days=rng.randint(12, 35))
    final = {"won": stages[98], "lost": stages[99]}.get(outcome, moves[-1][0])
    if outcome != "open":
        moves.append((final, closed_at))
    open_deal = outcome == "open"
    deal = Opportunity.objects.create(
        owner=owner,
        customer=customer,
        name=name,
        amount=amount,
        stage=final,
        status=outcome,
        lost_reason=rng.choice(LOST) if outcome == "lost" else "",
        closed_at=None if open_deal else min(closed_at, now),
        expected_win_date=(now + timedelta(days=rng.randint(10, 90))).date()
        if kept or not open_deal
        else (now - timedelta(days=rng.randint(5, 40))).date(),
        last_contact_at=now
        - timedelta(days=rng.randint(1, 6) if kept else rng.randint(20, 45)),
        next_contact_at=now + timedelta(days=rng.randint(1, 10))
        if kept and open_deal
        else None,
        win_probability=Decimal(final.percentage) / 100,
        weighted_amount=amount * final.percentage / 100,
    )
    Opportunity.objects.filter(pk=deal.pk).update(created_at=created)
    OpportunityLine.objects.create(
        opportunity=deal,
        product=product,
        quantity=quantity,
        unit_price=product.unit_price,
    )
    # The first criterion of each stage it reached, as the salesperson ticked.
    MetCriterion.objects.bulk_create(
        MetCriterion(opportunity=deal, criterion=criterion, met_by=owner)
        for order, criterion in criteria.items()
        if order <= furthest
    )
    if kept and competitors:
        deal.competitors.set(rng.sample(competitors, k=rng.randint(1, 2)))
    previous = None
    for stage, when in moves:
        change = StageChange.objects.create(
            opportunity=deal,
            from_stage=previous,
            to_stage=stage,
            from_status="" if previous is None else OpportunityStatus.OPEN,
            to_status={98: "won", 99: "lost"}.get(stage.order, "open"),
            changed_by=owner,
        )
        StageChange.objects.filter(pk=change.pk).update(created_at=min(when, now))
        previous = stage
