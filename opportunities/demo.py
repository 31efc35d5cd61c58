"""Demo catalog, competitors, opportunities and follow-ups for `seed_demo`."""

import itertools
import random
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from customers.models import BuyingRole, Contact, Customer
from opportunities.models import (
    Competitor,
    DealContact,
    JudgmentCriterion,
    MetCriterion,
    Opportunity,
    OpportunityLine,
    Product,
    Stage,
)
from opportunities.services import (
    activity_log,
    opportunity_close,
    opportunity_refresh_numbers,
    opportunity_save,
)
from users.models import User

DEMO_PRODUCTS = [
    ("CRM-STD", "销售漏斗 CRM 标准版（按用户/年）", "用户", Decimal("1200")),
    ("CRM-ENT", "销售漏斗 CRM 企业版（按用户/年）", "用户", Decimal("2400")),
    ("MES-BASE", "MES 制造执行系统 基础模块", "套", Decimal("180000")),
    ("WMS-PRO", "智能仓储管理系统 WMS Pro", "套", Decimal("260000")),
    ("IOT-GW", "工业物联网网关 IoT Gateway", "台", Decimal("8600")),
    ("SRV-IMPL", "实施服务（人天）Implementation", "人天", Decimal("2500")),
    ("SRV-TRAIN", "培训服务（场）Training", "场", Decimal("6000")),
    ("SUP-YEAR", "年度运维支持 Annual support", "年", Decimal("48000")),
]

# Days from today of each salesperson's next contacts, in turn: everyone's
# workbench has calls for today, one or two overdue, and the week ahead.
NEXT_CONTACT_DAYS = [0, -1, 2, 0, 5, -3, 1, 9, 4, 12]
LAST_CONTACT_DAYS_AGO = [1, 1, 2, 3, 4, 6, 8, 11, 17, 25]

DEMO_COMPETITORS = ["用友网络", "金蝶软件", "销售易", "纷享销客", "Salesforce", "SAP"]

# Chinese companies get Chinese deal names and notes, English-named ones English,
# so neither language of the interface shows the other's demo text mixed in.
# (Chinese name, English name, lines)
DEMO_DEALS = [
    (
        "{short}数字化工厂一期",
        "{short}digital factory, phase 1",
        [("MES-BASE", 1), ("IOT-GW", 20), ("SRV-IMPL", 60)],
    ),
    (
        "{short}销售管理系统升级",
        "{short}sales management upgrade",
        [("CRM-ENT", 80), ("SRV-TRAIN", 2)],
    ),
    (
        "{short}仓储自动化改造",
        "{short}warehouse automation",
        [("WMS-PRO", 1), ("SRV-IMPL", 40), ("SUP-YEAR", 1)],
    ),
    (
        "{short}销售团队 CRM 推广",
        "{short}CRM rollout for sales teams",
        [("CRM-STD", 120), ("SRV-TRAIN", 3)],
    ),
]

# (kind, Chinese summary, English summary)
SUMMARIES = [
    (
        "call",
        "与 IT 经理电话确认了需求范围和上线时间。",
        "Called the IT manager: confirmed the scope and the go-live date.",
    ),
    (
        "visit",
        "上门拜访，演示了核心功能，客户反馈积极。",
        "On-site demo of the core features; the feedback was positive.",
    ),
    (
        "meeting",
        "与客户项目组召开启动会，确定了评估标准。",
        "Kick-off with their project team; agreed on the evaluation criteria.",
    ),
    (
        "email",
        "发送了报价单和实施方案初稿。",
        "Sent the quotation and a first draft of the implementation plan.",
    ),
    (
        "message",
        "微信沟通，客户预算已报批，等待财务审批结果。",
        "Budget submitted for approval; waiting for finance to sign off.",
    ),
    (
        "visit",
        "现场走访仓库，与运营总监一起梳理了作业流程。",
        "Site visit: walked the warehouse floor with the operations director.",
    ),
]

LOST_REASONS = {
    "zh": ["价格高于竞争对手 20%", "客户项目预算取消", "客户选择了本地供应商"],
    "en": [
        "Priced 20% above the competitor",
        "Budget cancelled",
        "Chose a local vendor",
    ],
}
PROJECT = {
    "zh": (
        "客户希望在明年二季度前完成上线，需对接现有 ERP。",
        "本季度完成方案评估，下季度签约。",
        "年度信息化预算已批复，约 50–80 万元。",
    ),
    "en": (
        "Live before Q2 next year, connected to their existing ERP.",
        "Evaluation this quarter, signature next quarter.",
        "Annual IT budget approved, about CNY 500–800k.",
    ),
}


def _short(name: str) -> str:
    for cut in ("有限公司", "股份有限公司", "集团有限公司", " Co., Ltd."):
        name = name.replace(cut, "")
    return name[:8] if not name.isascii() else name.split(" (")[0] + " "


def seed_catalog() -> None:
    for code, name, unit, price in DEMO_PRODUCTS:
        Product.objects.get_or_create(
            code=code, defaults={"name": name, "unit": unit, "unit_price": price}
        )
    for name in DEMO_COMPETITORS:
        Competitor.objects.get_or_create(name=name)


def buying_team(
    deal: Opportunity, contacts: list[Contact], *, decision_makers_met: bool
) -> list[DealContact]:
    """The customer's contacts on the deal in their usual roles (not saved).

    Without `decision_makers_met`, the decision makers are left out: in a
    stage that needs one, the deal page flags the deal.
    """
    return [
        DealContact(
            opportunity=deal,
            contact=contact,
            role=contact.buying_role,
            added_by_id=deal.owner_id,
        )
        for contact in contacts
        if decision_makers_met or contact.buying_role != BuyingRole.DECISION_MAKER
    ]


def seed_opportunities(customers: list[Customer], rng: random.Random) -> int:
    """One to three deals per demo customer, at every stage, with follow-ups."""
    seed_catalog()
    products = {p.code: p for p in Product.objects.all()}
    competitors = list(Competitor.objects.all())
    open_stages = list(Stage.objects.open().order_by("order"))
    criteria = list(
        JudgmentCriterion.objects.filter(stage__kind="open").select_related("stage")
    )
    now = timezone.now()
    # Contacts fall in working hours of the local day, whenever the seed runs.
    morning = timezone.localtime(now).replace(hour=9, minute=30, second=0)
    next_days = defaultdict(lambda: itertools.cycle(NEXT_CONTACT_DAYS))
    # Stages in turn, so every column of the board and every contract status
    # of the contracts demo (deals at the last stage) has deals.
    stages = itertools.cycle(open_stages)
    created = 0
    for customer in customers:
        if customer.opportunities.exists():
            continue
        owner: User = customer.owner
        contacts = list(customer.contacts.all())
        english = customer.legal_name.isascii()
        language = "en" if english else "zh"
        content, timeline, funding = PROJECT[language]
        for name_zh, name_en, lines in rng.sample(DEMO_DEALS, k=rng.randint(2, 3)):
            name = name_en if english else name_zh
            deal = Opportunity(
                owner=owner,
                customer=customer,
                name=name.format(short=_short(customer.legal_name)),
                content=content,
                timeline=timeline,
                funding=funding,
                stage=next(stages),
                expected_win_date=(now + timedelta(days=rng.randint(-10, 120))).date(),
            )
            opportunity_save(opportunity=deal, by=owner)
            # The criteria that back the chosen stage, as a salesperson ticks them.
            MetCriterion.objects.bulk_create(
                MetCriterion(opportunity=deal, criterion=criterion, met_by=owner)
                for criterion in criteria
                if criterion.stage.order <= deal.stage.order
                and criterion.order <= rng.randint(1, 3)
            )
            for code, quantity in lines:
                OpportunityLine.objects.create(
                    opportunity=deal,
                    product=products[code],
                    quantity=quantity,
                    unit_price=products[code].unit_price,
                )
            deal.competitors.set(rng.sample(competitors, k=rng.choice([0, 1, 1, 2, 3])))
            # Every third deal has not met its decision maker yet.
            for link in buying_team(
                deal, contacts, decision_makers_met=created % 3 != 2
            ):
                link.save()
            opportunity_refresh_numbers(opportunity=deal)
            # Most deals were contacted lately; a few have gone stale.
            latest = rng.choice(LAST_CONTACT_DAYS_AGO)
            earlier = rng.sample(range(latest + 2, latest + 40), k=rng.randint(0, 3))
            visits = [*sorted(earlier, reverse=True), latest]
            for visit, days_ago in enumerate(visits, start=1):
                kind, summary_zh, summary_en = rng.choice(SUMMARIES)
                summary = summary_en if english else summary_zh
                # Each follow-up scheduled the next; the last one is still ahead.
                if visit < len(visits):
                    next_at = now - timedelta(days=visits[visit])
                else:
                    next_at = morning + timedelta(
                        days=next(next_days[owner.pk]), hours=rng.randint(0, 7)
                    )
                activity_log(
                    by=owner,
                    customer=customer,
                    opportunity=deal,
                    contact=rng.choice(contacts) if contacts else None,
                    kind=kind,
                    summary=summary,
                    occurred_at=now - timedelta(days=days_ago, hours=rng.randint(0, 6)),
                    next_contact_at=next_at,
                )
            # Deals at the last stage stay open: the contracts demo signs them.
            outcome = rng.random() if deal.stage != open_stages[-1] else 1
            if outcome < 0.3:
                opportunity_close(opportunity=deal, by=owner, won=True)
            elif outcome < 0.4:
                opportunity_close(
                    opportunity=deal,
                    by=owner,
                    won=False,
                    lost_reason=rng.choice(LOST_REASONS[language]),
                )
            created += 1
    return created
