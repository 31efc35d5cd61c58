"""Demo contracts for `seed_demo`, made and moved through the services.

Going through `contract_save` and `contract_move` gives the demo real numbers,
real events by the right people (the owner submits and signs, their manager
approves) and deals that are won because their contract was signed.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from contracts.models import Contract, ContractEvent, ContractLine
from contracts.services import (
    contract_draft_from_opportunity,
    contract_move,
    contract_number_next,
    contract_refresh_amount,
    contract_save,
)
from contracts.workflow import Action, Status
from opportunities.models import Opportunity, OpportunityStatus, Stage
from users.models import Role, User


@dataclass(frozen=True)
class DemoTerms:
    """Payment terms as written in a contract; payments/demo.py plans by them."""

    split: tuple[int, ...]  # percentages of the amount, in order
    due_days: tuple[int, ...]  # days after signing each installment falls due
    text: str


_DELIVERY = (
    "一、交付：合同签订后 60 日内完成软硬件交付及部署，乙方派驻实施顾问现场支持。\n"
    "二、验收：系统上线稳定运行 30 日后，由甲方组织验收并出具验收报告。\n"
)
_WARRANTY = "四、质保：自验收合格之日起 12 个月，质保期内免费维护与远程支持。"

DEMO_TERMS = [
    DemoTerms(
        (100,),
        (30,),
        _DELIVERY + "三、付款：合同签订后 30 日内一次性支付全部合同款。\n" + _WARRANTY,
    ),
    DemoTerms(
        (30, 70),
        (15, 120),
        _DELIVERY
        + "三、付款：合同签订后 15 日内支付 30% 预付款；验收合格后 30 日内支付 "
        "70%。\n" + _WARRANTY,
    ),
    DemoTerms(
        (30, 60, 10),
        (15, 150, 365),
        _DELIVERY
        + "三、付款：预付款 30%；验收合格后支付 60%；10% 质保金于质保期满后支付。\n"
        + _WARRANTY,
    ),
    DemoTerms(
        (20, 40, 30, 10),
        (10, 60, 150, 365),
        _DELIVERY
        + "三、付款：预付款 20%；到货后支付 40%；验收合格后支付 30%；10% 质保金于"
        "质保期满后支付。\n" + _WARRANTY,
    ),
]

# Titles by the deal's main product; "{short}" is the customer's short name.
TITLES = {
    "MES-BASE": "{short} MES 数字化工厂一期项目合同",
    "WMS-PRO": "{short} WMS 仓储自动化改造项目合同",
    "CRM-ENT": "{short}销售管理系统（CRM 企业版）升级合同",
    "CRM-STD": "{short} CRM 标准版订阅及实施服务合同",
}
# English-named customers' contracts read in English.
TITLES_EN = {
    "MES-BASE": "{short} MES digital factory, phase 1",
    "WMS-PRO": "{short} WMS warehouse automation",
    "CRM-ENT": "{short} CRM Enterprise upgrade",
    "CRM-STD": "{short} CRM Standard subscription and implementation",
}

# Where the contracts of deals at the last open stage stand, in deal order
# (any further deals have signed contracts); every status comes early, so even
# a small demo shows the whole workflow.
OPEN_DEAL_STATUSES = [
    Status.SIGNED,
    Status.SUBMITTED,
    Status.APPROVED,
    Status.DRAFT,
    Status.VOID,
    Status.SIGNED,
    Status.SUBMITTED,
    Status.SIGNED,
    Status.DRAFT,
]
VOID_REASON = "客户要求把付款方式改为承兑汇票并调整验收条款，本版作废，另行起草。"


@dataclass
class _Plan:
    deal: Opportunity
    target: Status
    made_on: date
    signed_on: date | None
    terms: DemoTerms | None = None


def _short(name: str) -> str:
    for suffix in ("集团有限公司", "股份有限公司", "有限公司"):
        name = name.replace(suffix, "")
    return name.split(" (")[0] if name.isascii() else name[:8]


def _title(deal: Opportunity) -> str:
    line = deal.lines.select_related("product").first()
    code = line.product.code if line and line.product else ""
    short = _short(deal.customer.legal_name)
    if short.isascii():
        titles, fallback = TITLES_EN, "{short} {name} contract"
    else:
        titles, fallback = TITLES, "{short} {name}合同"
    title = titles.get(code, fallback).format(
        short=f"{short} " if short.isascii() else short, name=deal.name
    )
    return " ".join(title.split())


def _approver(owner: User) -> User:
    """The owner's nearest manager above them, else an administrator."""
    team = owner.team
    while team is not None:
        manager = team.managers.exclude(pk=owner.pk).order_by("pk").first()
        if manager is not None:
            return manager
        team = team.parent
    return User.objects.filter(role=Role.ADMIN).exclude(pk=owner.pk).order_by("pk")[0]


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 18))))


def _move(contract, action, by, when, rng, **kwargs) -> None:
    """A workflow move dated `when` (the demo tells a year of history)."""
    contract_move(contract=contract, action=action, by=by, **kwargs)
    event = contract.events.order_by("-id").first()
    ContractEvent.objects.filter(pk=event.pk).update(created_at=_at(when, rng))


def _plans(rng: random.Random, today: date) -> list[_Plan]:
    plans = []
    won = Opportunity.objects.filter(
        status=OpportunityStatus.WON, contracts__isnull=True
    ).order_by("pk")
    for index, deal in enumerate(won):
        # Spread over the last twelve months, so the demo has a year of history.
        signed_on = today - timedelta(
            days=20 + int(340 * (index + rng.random()) / len(won))
        )
        made_on = signed_on - timedelta(days=rng.randint(7, 25))
        plans.append(_Plan(deal, Status.SIGNED, made_on, signed_on))
    # Deals at the last open stage: the buyer is ready to sign.
    last_stage = Stage.objects.open().order_by("order").last()
    late = Opportunity.objects.filter(
        stage=last_stage, status=OpportunityStatus.OPEN, contracts__isnull=True
    ).order_by("pk")
    for index, deal in enumerate(late):
        target = (
            OPEN_DEAL_STATUSES[index]
            if index < len(OPEN_DEAL_STATUSES)
            else Status.SIGNED
        )
        signed_on = None
        if target == Status.SIGNED:
            signed_on = today - timedelta(days=rng.randint(5, 150))
            made_on = signed_on - timedelta(days=rng.randint(7, 20))
        else:
            made_on = today - timedelta(days=rng.randint(1, 20))
        plans.append(_Plan(deal, target, made_on, signed_on))
    for plan in plans:
        plan.terms = rng.choice(DEMO_TERMS)
    signed = [plan for plan in plans if plan.signed_on]
    if signed:
        # The oldest one is paid off and completed by payments/demo.py.
        min(signed, key=lambda plan: plan.signed_on).terms = DEMO_TERMS[1]
    # Numbered in the order they were drafted, so numbers follow dates.
    return sorted(plans, key=lambda plan: (plan.made_on, plan.deal.pk))


@transaction.atomic
def _make(plan: _Plan, rng: random.Random, today: date) -> Contract:
    deal = plan.deal
    owner = deal.owner
    contract, lines = contract_draft_from_opportunity(deal, by=owner)
    contract.title = _title(deal)
    contract.terms = plan.terms.text
    contract.starts_on = (plan.signed_on or plan.made_on) + timedelta(days=7)
    contract.ends_on = contract.starts_on + timedelta(days=365)
    contract.number = contract_number_next(on=plan.made_on)
    contract_save(contract=contract, by=owner)
    for line in lines:
        line.contract = contract
    ContractLine.objects.bulk_create(lines)
    contract_refresh_amount(contract=contract)
    Contract.objects.filter(pk=contract.pk).update(created_at=_at(plan.made_on, rng))

    if plan.target == Status.DRAFT:
        return contract
    submitted_on = min(plan.made_on + timedelta(days=1), today)
    _move(contract, Action.SUBMIT, owner, submitted_on, rng)
    if plan.target == Status.VOID:
        _move(contract, Action.VOID, owner, submitted_on, rng, note=VOID_REASON)
        return contract
    if plan.target == Status.SUBMITTED:
        return contract
    approved_on = min(submitted_on + timedelta(days=rng.randint(1, 3)), today)
    if plan.signed_on:
        approved_on = min(approved_on, plan.signed_on)
    _move(contract, Action.APPROVE, _approver(owner), approved_on, rng)
    if plan.target == Status.SIGNED:
        _move(
            contract, Action.SIGN, owner, plan.signed_on, rng, signed_on=plan.signed_on
        )
    return contract


def seed_contracts(rng: random.Random) -> int:
    """Contracts for won deals and deals at the last open stage; skips deals
    that have a contract already. Returns how many were made."""
    today = timezone.localdate()
    plans = _plans(rng, today)
    for plan in plans:
        _make(plan, rng, today)
    return len(plans)
