"""A salesperson's day and week, gathered from every app: what the daily
agenda and weekly plan send, and what My day shows, always current.

Every state comes from its app's one definition (`overdue`, `due_today`,
`stale`, the receivable windows).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Model, QuerySet
from django.utils import timezone

from customers.models import Customer
from leads.contact_schedule import day_bounds, is_overdue
from leads.models import Lead
from opportunities.models import Opportunity
from payments.models import Installment
from payments.periods import month_bounds, week_bounds
from users.models import ReminderSettings, User

# Rows a section lists; its count is exact even when it has more.
SECTION_LIMIT = 50
# Names a notification quotes per section.
QUOTED = 5


DETAIL_URLS = {
    "opportunity": "opportunities:detail",
    "customer": "customers:detail",
    "lead": "leads:detail",
}


@dataclass(frozen=True)
class Entry:
    """A record to contact: a deal, a customer or a lead.

    `links` holds the addresses its row shows (its page, follow-up and
    reschedule), set by the page that lists it (`reports.views.day.with_links`).
    """

    kind: str  # "opportunity", "customer" or "lead"
    record: Model
    due_at: datetime | None
    links: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def overdue(self) -> bool:
        return is_overdue(self.record, timezone.now())


def deal_entries(deals) -> list[Entry]:
    return [Entry("opportunity", deal, deal.next_contact_at) for deal in deals]


@dataclass
class Section:
    key: str
    rows: list
    count: int

    def summary(self) -> dict:
        """The section as a notification stores it: key, count, a few names."""
        names = [str(getattr(row, "record", row)) for row in self.rows[:QUOTED]]
        return {"key": self.key, "count": self.count, "items": names}


def _section(key: str, rows: QuerySet | list, total: QuerySet | None = None):
    rows = list(rows[:SECTION_LIMIT]) if isinstance(rows, QuerySet) else rows
    count = len(rows)
    if count >= SECTION_LIMIT and total is not None:
        count = total.count()
    return Section(key, rows, count)


def _contact_sources(user: User):
    """The owner's records that have next contacts, each with its row kind."""
    return [
        (
            "opportunity",
            Opportunity.objects.open().filter(owner=user).select_related("customer"),
        ),
        ("customer", Customer.objects.filter(owner=user)),
        ("lead", Lead.objects.open().filter(owner=user)),
    ]


def _contacts(key: str, user: User, pick) -> Section:
    """Deals, customers and leads picked by `pick(queryset)`, by contact time."""
    entries, total = [], 0
    for kind, records in _contact_sources(user):
        chosen = pick(records).order_by("next_contact_at", "pk")
        rows = list(chosen[:SECTION_LIMIT])
        total += len(rows) if len(rows) < SECTION_LIMIT else chosen.count()
        entries += [Entry(kind, row, row.next_contact_at) for row in rows]
    entries.sort(key=lambda entry: entry.due_at)
    return Section(key, entries[:SECTION_LIMIT], total)


def _installments(user: User):
    return (
        Installment.objects.filter(contract__owner=user)
        .receivable()
        .unpaid()
        .select_related("contract__customer")
        .order_by("due_date", "pk")
    )


@dataclass
class DayAgenda:
    day: date
    sections: list[Section] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(section.count for section in self.sections)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def params(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "sections": [s.summary() for s in self.sections if s.count],
        }


def day_agenda(user: User, now: datetime, settings_row=None) -> DayAgenda:
    """Today's contacts, overdue ones, stale and late deals, money due and late."""
    settings_row = settings_row or ReminderSettings.load()
    today = day_bounds(now)[0].date()
    deals = Opportunity.objects.open().filter(owner=user).select_related("customer")
    stale = deals.stale(now, settings_row.stale_after_days).order_by(
        "last_contact_at", "pk"
    )
    late = deals.past_expected_win(today).order_by("expected_win_date", "pk")
    unpaid = _installments(user)
    soon = unpaid.filter(
        due_date__gte=today,
        due_date__lte=today + timedelta(days=settings_row.due_soon_days),
    )
    overdue_money = unpaid.filter(due_date__lt=today)
    return DayAgenda(
        today,
        [
            _contacts("today", user, lambda rows: rows.due_today(now)),
            _contacts("overdue", user, lambda rows: rows.overdue(now)),
            _section("stale", stale, stale),
            _section("past_expected", late, late),
            _section("due_soon", soon, soon),
            _section("receivable_overdue", overdue_money, overdue_money),
        ],
    )


@dataclass
class WeekPlan:
    monday: date
    days: list[tuple[date, list[Entry]]]
    sections: list[Section]

    @property
    def is_empty(self) -> bool:
        return not any(rows for _day, rows in self.days) and not any(
            section.count for section in self.sections
        )

    def params(self) -> dict:
        day_sections = [
            {
                "key": "day",
                "date": day.isoformat(),
                "count": len(rows),
                "items": [str(entry.record) for entry in rows[:QUOTED]],
            }
            for day, rows in self.days
            if rows
        ]
        return {
            "day": self.monday.isoformat(),
            "sections": day_sections + [s.summary() for s in self.sections if s.count],
        }


def week_plan(user: User, now: datetime) -> WeekPlan:
    """From today to Sunday: contacts by day, expected wins, money due."""
    start, _end = day_bounds(now)
    today = start.date()
    monday, sunday = week_bounds(today)
    _first, month_end = month_bounds(today)
    week_end = start + timedelta(days=(sunday - today).days + 1)
    contacts = _contacts(
        "week", user, lambda rows: rows.due_between(start, week_end)
    ).rows
    days = []
    for offset in range((sunday - today).days + 1):
        day = today + timedelta(days=offset)
        rows = [e for e in contacts if e.due_at.astimezone(start.tzinfo).date() == day]
        days.append((day, rows))
    deals = Opportunity.objects.open().filter(owner=user).select_related("customer")
    wins_week = deals.filter(
        expected_win_date__gte=today, expected_win_date__lte=sunday
    ).order_by("expected_win_date", "pk")
    wins_month = deals.filter(
        expected_win_date__gte=today, expected_win_date__lte=month_end
    ).order_by("expected_win_date", "pk")
    due_week = _installments(user).filter(due_date__gte=today, due_date__lte=sunday)
    return WeekPlan(
        monday,
        days,
        [
            _section("wins_week", wins_week, wins_week),
            _section("wins_month", wins_month, wins_month),
            _section("due_week", due_week, due_week),
        ],
    )
