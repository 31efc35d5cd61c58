"""A manager's daily digest: per person in the teams they manage, overdue
contacts, stale deals and overdue installments; and contracts to approve."""

from collections import Counter
from datetime import datetime

from django.db.models import Count

from contracts.models import Contract, ContractStatus
from customers.models import Customer
from leads.contact_schedule import day_bounds
from leads.models import Lead
from opportunities.models import Opportunity
from payments.models import Installment
from users.models import User
from users.visibility import visible_users


def _per_owner(rows, field: str = "owner") -> Counter:
    grouped = rows.order_by().values(field).annotate(n=Count("*"))
    return Counter({row[field]: row["n"] for row in grouped})


def team_digest(manager: User, now: datetime, stale_days: int) -> dict | None:
    """The digest's parameters, or None when there is nothing to say."""
    today = day_bounds(now)[0].date()
    overdue = Counter()
    for records in (
        Opportunity.objects.open(),
        Customer.objects.all(),
        Lead.objects.open(),
    ):
        overdue += _per_owner(records.visible_to(manager).overdue(now))
    stale = _per_owner(Opportunity.objects.visible_to(manager).stale(now, stale_days))
    late_money = _per_owner(
        Installment.objects.visible_to(manager).receivable().overdue(today),
        "contract__owner",
    )
    reps = []
    for rep in visible_users(manager).exclude(pk=manager.pk).order_by("username"):
        counts = {
            "overdue": overdue[rep.pk],
            "stale": stale[rep.pk],
            "receivable": late_money[rep.pk],
        }
        if any(counts.values()):
            reps.append({"name": str(rep), **counts})
    approvals = (
        Contract.objects.visible_to(manager)
        .filter(status=ContractStatus.SUBMITTED)
        .exclude(owner=manager)
        .count()
    )
    if not reps and not approvals:
        return None
    return {"day": today.isoformat(), "reps": reps, "approvals": approvals}
