"""A year of demo history for `seed_demo`, so every report has something to show.

Each salesperson gets deals created month by month over the past twelve
months, moved through the stages at their own pace and skill (the stage
history is dated), won or lost with reasons and competitors, followed up,
signed as contracts (the payments demo then plans and collects them); plus
monthly targets and the forecasts frozen on each month's first day. Rows
are bulk-created with their dates, so the whole year takes a few seconds.
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from contracts.models import Contract, ContractEvent, ContractStatus
from contracts.services import contract_number_next
from customers.models import Contact, Customer
from opportunities.demo import buying_team
from opportunities.models import (
    Activity,
    CompetitionFactor,
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
    StageChangeCause,
)
from opportunities.probability import weighted_amount, win_probability
from reports.metrics.periods import add_months, month_start
from reports.models import ForecastSnapshot, Target
from reports.services import forecast_snapshot_take
from users.models import Role, User

MONTHS = 12

# Each salesperson's chance to move on from each open stage, and how many days
# they usually spend in one: the reports (and coaching) show the differences.
SKILL = {
    "sales1": ((0.85, 0.75, 0.7, 0.8, 0.85), 9),
    "sales2": ((0.8, 0.45, 0.6, 0.75, 0.8), 14),
    "sales3": ((0.7, 0.7, 0.55, 0.7, 0.75), 11),
    "sales4": ((0.9, 0.8, 0.65, 0.6, 0.8), 8),
    "sales5": ((0.75, 0.65, 0.7, 0.75, 0.7), 16),
    "sales6": ((0.65, 0.6, 0.5, 0.65, 0.7), 12),
}
PROJECTS_ZH = [
    ("数字化工厂二期", "MES-BASE", 1),
    ("仓储管理系统扩容", "WMS-PRO", 1),
    ("销售团队 CRM 订阅", "CRM-ENT", 60),
    ("设备联网改造", "IOT-GW", 30),
    ("年度运维服务续约", "SUP-YEAR", 2),
    ("实施服务追加", "SRV-IMPL", 80),
]
PROJECTS_EN = [
    ("plant digitalisation phase 2", "MES-BASE", 1),
    ("warehouse system expansion", "WMS-PRO", 1),
    ("CRM subscription for sales", "CRM-ENT", 60),
    ("annual support renewal", "SUP-YEAR", 2),
]
LOST_ZH = [
    "价格高于竞争对手约 15%",
    "客户预算被削减，项目暂停",
    "客户选择了本地供应商",
    "竞争对手与决策层关系更好",
    "需求变更，项目并入集团统一采购",
]
LOST_EN = [
    "Price about 15% above the competitor",
    "Budget cut, project on hold",
    "Chose a local vendor",
]
NOTES_ZH = [
    ("call", "电话沟通了项目进度和下一步安排。"),
    ("visit", "上门拜访，与使用部门确认了需求细节。"),
    ("meeting", "与项目组开会，讨论实施方案和时间表。"),
    ("email", "发送了方案书和报价单。"),
    ("message", "微信跟进，客户正在内部评审。"),
]
NOTES_EN = [
    ("call", "Called to check progress and agree the next step."),
    ("visit", "On-site visit with the users to confirm the requirements."),
    ("meeting", "Project meeting on the implementation plan."),
    ("email", "Sent the proposal and the quotation."),
]


def seed_history(rng: random.Random) -> int:
    """A year of history for every demo salesperson, once; returns the deals made."""
    if ForecastSnapshot.objects.exists():
        return 0
    now = timezone.now()
    today = timezone.localdate(now)
    stages = list(Stage.objects.open().order_by("order"))
    won_stage = Stage.objects.get(kind="won")
    lost_stage = Stage.objects.get(kind="lost")
    first_criteria = {}
    for criterion in JudgmentCriterion.objects.order_by("order", "pk"):
        first_criteria.setdefault(criterion.stage_id, criterion)
    products = {p.code: p for p in Product.objects.all()}
    competitors = list(Competitor.objects.all())
    table = CompetitionFactor.objects.as_table() or None
    people = User.objects.filter(role=Role.SALESPERSON, username__in=SKILL)
    plans = []
    for person in people.order_by("username"):
        customers = list(Customer.objects.filter(owner=person))
        if not customers:
            continue
        conversion, pace = SKILL[person.username]
        for back in range(MONTHS, -1, -1):
            first = add_months(month_start(today), -back)
            for _n in range(rng.randint(3, 5)):
                day = first + timedelta(days=rng.randint(0, 27))
                if day >= today:
                    continue
                plans.append(
                    _plan(
                        person,
                        rng.choice(customers),
                        _at(day, rng),
                        rng,
                        conversion,
                        pace,
                        now,
                    )
                )
    deals = _save(
        plans,
        stages,
        won_stage,
        lost_stage,
        products,
        competitors,
        table,
        first_criteria,
        rng,
        now,
    )
    _contracts([p for p in plans if p["status"] == OpportunityStatus.WON], today, rng)
    _targets(plans, today, rng)
    _snapshots(plans, today, rng)
    return deals


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(
        datetime.combine(day, time(rng.randint(9, 17), rng.choice([0, 30])))
    )


def _plan(person, customer, created, rng, conversion, pace, now) -> dict:
    """Where one deal went and when: a list of (stage index, entered at)."""
    chinese = not customer.legal_name.isascii()
    moves = [(0, created)]
    when = created
    status = OpportunityStatus.OPEN
    index = 0
    while True:
        stay = timedelta(
            days=max(1, int(rng.expovariate(1 / pace))), hours=rng.randint(0, 8)
        )
        if when + stay >= now:
            break  # still in this stage today
        when += stay
        if rng.random() > conversion[index]:
            # Older deals that stopped moving were lost; recent ones wait.
            if rng.random() < 0.75:
                status = OpportunityStatus.LOST
            break
        if index == len(conversion) - 1:
            status = OpportunityStatus.WON
            break
        index += 1
        moves.append((index, when))
    name, code, quantity = rng.choice(PROJECTS_ZH if chinese else PROJECTS_EN)
    short = customer.legal_name.replace("有限公司", "").replace("股份", "")[:8]
    return {
        "owner": person,
        "customer": customer,
        "chinese": chinese,
        "name": f"{short}{name}"
        if chinese
        else f"{customer.legal_name.split(' Co')[0]} {name}",
        "code": code,
        "quantity": quantity,
        "moves": moves,
        "status": status,
        "closed_at": when if status != OpportunityStatus.OPEN else None,
        "competitors": rng.choice([0, 1, 1, 1, 2]),
    }


def _save(
    plans,
    stages,
    won_stage,
    lost_stage,
    products,
    competitors,
    table,
    first_criteria,
    rng,
    now,
) -> int:
    deals = []
    for plan in plans:
        product = products[plan["code"]]
        amount = (
            product.unit_price * plan["quantity"] * Decimal(rng.choice([1, 1, 2, 3]))
        )
        stage = stages[plan["moves"][-1][0]]
        status = plan["status"]
        if status == OpportunityStatus.WON:
            probability, final = Decimal(1), won_stage
        elif status == OpportunityStatus.LOST:
            probability, final = Decimal(0), lost_stage
        else:
            probability, final = (
                win_probability(stage.percentage, plan["competitors"], table),
                stage,
            )
        closed = plan["closed_at"]
        expected = (closed or now + timedelta(days=rng.randint(5, 170))).date()
        last_move = plan["moves"][-1][1]
        deal = Opportunity(
            owner=plan["owner"],
            customer=plan["customer"],
            name=plan["name"],
            amount=amount,
            stage=final,
            status=status,
            lost_reason=rng.choice(LOST_ZH if plan["chinese"] else LOST_EN)
            if status == OpportunityStatus.LOST
            else "",
            expected_win_date=expected,
            closed_at=closed,
            win_probability=probability,
            weighted_amount=weighted_amount(amount, probability),
            last_contact_at=closed or last_move,
            next_contact_at=(now + timedelta(days=rng.randint(-4, 10)))
            if status == OpportunityStatus.OPEN
            else None,
        )
        plan["deal"] = deal
        plan["amount"] = amount
        deals.append(deal)
    Opportunity.objects.bulk_create(deals)
    for plan in plans:
        plan["deal"].created_at = plan["moves"][0][1]
    Opportunity.objects.bulk_update(deals, ["created_at"])
    lines, changes, met, activities, links = [], [], [], [], []
    for plan in plans:
        deal = plan["deal"]
        product = products[plan["code"]]
        lines.append(
            OpportunityLine(
                opportunity=deal,
                product=product,
                quantity=deal.amount / product.unit_price,
                unit_price=product.unit_price,
            )
        )
        previous = None
        for index, when in plan["moves"]:
            changes.append(
                (
                    StageChange(
                        opportunity=deal,
                        from_stage=previous,
                        to_stage=stages[index],
                        from_status="" if previous is None else "open",
                        to_status="open",
                        changed_by=plan["owner"],
                        cause=StageChangeCause.CRITERION
                        if previous
                        else StageChangeCause.HAND,
                    ),
                    when,
                )
            )
            previous = stages[index]
            if (
                deal.status == OpportunityStatus.OPEN
                and stages[index].pk in first_criteria
            ):
                met.append(
                    MetCriterion(
                        opportunity=deal,
                        criterion=first_criteria[stages[index].pk],
                        met_by=plan["owner"],
                    )
                )
        if deal.status != OpportunityStatus.OPEN:
            changes.append(
                (
                    StageChange(
                        opportunity=deal,
                        from_stage=previous,
                        to_stage=deal.stage,
                        from_status="open",
                        to_status=deal.status,
                        changed_by=plan["owner"],
                        note=deal.lost_reason[:300],
                    ),
                    deal.closed_at,
                )
            )
        activities.extend(_follow_ups(plan, rng))
        for competitor in rng.sample(
            competitors, k=min(plan["competitors"], len(competitors))
        ):
            links.append(
                Opportunity.competitors.through(
                    opportunity_id=deal.pk, competitor_id=competitor.pk
                )
            )
    OpportunityLine.objects.bulk_create(lines)
    made = StageChange.objects.bulk_create([change for change, _when in changes])
    for change, (_c, when) in zip(made, changes, strict=True):
        change.created_at = when
    StageChange.objects.bulk_update(made, ["created_at"], batch_size=500)
    MetCriterion.objects.bulk_create(met)
    Activity.objects.bulk_create(activities)
    Opportunity.competitors.through.objects.bulk_create(links)
    DealContact.objects.bulk_create(_buying_teams(plans))
    return len(deals)


def _buying_teams(plans) -> list[DealContact]:
    """Each deal's buying team: its customer's contacts, decision makers left
    out of every third deal and of all of sales1's (see coaching_demo)."""
    contacts = defaultdict(list)
    customers = {plan["customer"].pk for plan in plans}
    for contact in Contact.objects.filter(customer__in=customers).order_by("pk"):
        contacts[contact.customer_id].append(contact)
    return [
        link
        for index, plan in enumerate(plans)
        for link in buying_team(
            plan["deal"],
            contacts[plan["customer"].pk],
            decision_makers_met=index % 3 != 2 and plan["owner"].username != "sales1",
        )
    ]


def _follow_ups(plan, rng) -> list[Activity]:
    deal = plan["deal"]
    start = plan["moves"][0][1]
    end = deal.last_contact_at
    span = max((end - start).days, 1)
    notes = NOTES_ZH if plan["chinese"] else NOTES_EN
    result = []
    for _n in range(rng.randint(2, 5)):
        kind, summary = rng.choice(notes)
        result.append(
            Activity(
                customer=deal.customer,
                opportunity=deal,
                logged_by=plan["owner"],
                kind=kind,
                summary=summary,
                occurred_at=start + timedelta(days=rng.randint(0, span)),
            )
        )
    result.append(
        Activity(
            customer=deal.customer,
            opportunity=deal,
            logged_by=plan["owner"],
            kind="call",
            summary=notes[0][1],
            occurred_at=end,
        )
    )
    return result


def _contracts(won: list[dict], today: date, rng) -> None:
    """Signed contracts for the year's won deals; the payments demo collects them."""
    contracts = []
    for plan in won:
        deal = plan["deal"]
        signed = min(
            timezone.localdate(deal.closed_at) + timedelta(days=rng.randint(0, 6)),
            today,
        )
        contracts.append(
            Contract(
                owner=deal.owner,
                customer=deal.customer,
                opportunity=deal,
                number=contract_number_next(on=signed),
                title=f"{deal.name}合同"
                if plan["chinese"]
                else f"{deal.name} contract",
                amount=deal.amount,
                status=ContractStatus.SIGNED,
                signed_on=signed,
            )
        )
    Contract.objects.bulk_create(contracts)
    # Their workflow as the contract pages show it: submitted, approved by
    # the owner's manager, signed by the owner.
    events, times = [], []
    for contract in contracts:
        day = _at(contract.signed_on, rng)
        approver = _manager_of(contract.owner)
        for action, before, after, by, hours in (
            ("submit", "draft", "submitted", contract.owner, -30),
            ("approve", "submitted", "approved", approver, -6),
            ("sign", "approved", "signed", contract.owner, 0),
        ):
            event = ContractEvent(
                contract=contract,
                action=action,
                from_status=before,
                to_status=after,
                by=by,
            )
            events.append(event)
            times.append(day + timedelta(hours=hours))
    made = ContractEvent.objects.bulk_create(events)
    for event, when in zip(made, times, strict=True):
        event.created_at = when
    ContractEvent.objects.bulk_update(made, ["created_at"], batch_size=500)


def _manager_of(owner: User) -> User:
    """The owner's nearest manager above them, else an administrator."""
    team = owner.team
    while team is not None:
        manager = team.managers.exclude(pk=owner.pk).order_by("pk").first()
        if manager is not None:
            return manager
        team = team.parent
    return User.objects.filter(role=Role.ADMIN).order_by("pk").first()


def _targets(plans, today: date, rng) -> None:
    """Monthly targets near each person's usual wins, this year and last."""
    won = defaultdict(Decimal)
    for plan in plans:
        if plan["status"] == OpportunityStatus.WON:
            won[plan["owner"]] += plan["amount"]
    targets = []
    for person, total in won.items():
        monthly = total / MONTHS
        for back in range(MONTHS, -3, -1):
            month = add_months(month_start(today), -back)
            amount = (monthly * Decimal(rng.uniform(0.8, 1.3)) / 10000).quantize(
                Decimal(1)
            ) * 10000
            targets.append(
                Target(
                    user=person,
                    month=month,
                    won_amount=amount,
                    received_amount=(amount * Decimal("0.8")).quantize(Decimal(1)),
                )
            )
    Target.objects.bulk_create(targets, ignore_conflicts=True)


def _snapshots(plans, today: date, rng) -> None:
    """The forecasts frozen on the first of each past month, then this month's."""
    won = defaultdict(Decimal)
    for plan in plans:
        if plan["status"] == OpportunityStatus.WON:
            month = month_start(timezone.localdate(plan["closed_at"]))
            won[(plan["owner"], month)] += plan["amount"]
    snapshots = []
    people = {plan["owner"] for plan in plans}
    for person in people:
        for back in range(MONTHS, 0, -1):
            month = add_months(month_start(today), -back)
            actual = won.get((person, month), Decimal(0))
            guess = (
                actual * Decimal(rng.uniform(0.55, 1.45))
                + Decimal(rng.randint(0, 8)) * 10000
            )
            snapshots.append(
                ForecastSnapshot(
                    owner=person,
                    month=month,
                    weighted=guess.quantize(Decimal(1)),
                    best_case=(guess * 2).quantize(Decimal(1)),
                    committed=(guess * Decimal("0.7")).quantize(Decimal(1)),
                    deals=rng.randint(2, 9),
                )
            )
    ForecastSnapshot.objects.bulk_create(snapshots, ignore_conflicts=True)
    forecast_snapshot_take(month=today)
