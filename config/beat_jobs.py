"""The product's periodic jobs as administrators read them: a name and one
line on what each does, in their language, and the area it belongs to.

Keyed by the task path the data migrations schedule (users/beat_schedules.py);
a job an administrator adds for another task keeps the name they gave it.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    key: str
    label: Promise


REMINDERS = Area("reminders", _("Reminders and digests"))
REPORTS = Area("reports", _("Reports"))
PROBABILITY = Area("probability", _("Stages and probabilities"))
LEADS = Area("leads", _("Leads"))
OTHER = Area("other", _("Other"))
AREAS = [REMINDERS, REPORTS, PROBABILITY, LEADS, OTHER]


@dataclass(frozen=True)
class Job:
    area: Area
    label: Promise
    description: Promise


JOBS = {
    "opportunities.tasks.remind_deal_contacts": Job(
        REMINDERS,
        _("Deal contact reminders"),
        _("Tells owners of open deals that a planned contact is near."),
    ),
    "customers.tasks.remind_customer_contacts": Job(
        REMINDERS,
        _("Customer contact reminders"),
        _("Tells owners of customers that a planned contact is near."),
    ),
    "leads.tasks.remind_lead_contacts": Job(
        REMINDERS,
        _("Lead contact reminders"),
        _("Tells owners of open leads that a planned contact is near."),
    ),
    "reports.tasks.send_daily_agendas": Job(
        REMINDERS,
        _("Daily agenda"),
        _(
            "Sends each salesperson their day at the agenda time of the reminder "
            "settings."
        ),
    ),
    "reports.tasks.send_weekly_plans": Job(
        REMINDERS,
        _("Weekly plan"),
        _(
            "Sends each salesperson their week on the day and at the time of the "
            "reminder settings."
        ),
    ),
    "reports.tasks.send_manager_digests": Job(
        REMINDERS,
        _("Manager digest"),
        _(
            "Sends each manager their team's day at the agenda time of the reminder "
            "settings."
        ),
    ),
    "reports.coaching_tasks.remind_coaching_follow_ups": Job(
        REMINDERS,
        _("Coaching follow-ups"),
        _("Reminds managers, once, of coaching notes whose follow-up date has come."),
    ),
    "reports.tasks.take_forecast_snapshots": Job(
        REPORTS,
        _("Monthly forecast snapshot"),
        _(
            "Freezes each person's forecast for the month, for the forecast accuracy "
            "report."
        ),
    ),
    "reports.coaching_tasks.take_hygiene_snapshots": Job(
        REPORTS,
        _("Weekly funnel hygiene"),
        _("Stores each person's funnel hygiene score once a week, for its trend."),
    ),
    "opportunities.tasks.recompute_probabilities": Job(
        PROBABILITY,
        _("Recompute stages and probabilities"),
        _(
            "Brings open deals' stages and win probabilities in line with the funnel "
            "configuration."
        ),
    ),
    "leads.tasks.leads_refresh_scores": Job(
        LEADS,
        _("Lead scores"),
        _(
            "Refreshes lead scores, which lose their recent-contact points as days "
            "pass."
        ),
    ),
    "leads.tasks.recycle_neglected_leads": Job(
        LEADS,
        _("Return neglected leads to the pool"),
        _(
            "When turned on in the reminder settings, warns owners of claimed leads "
            "nobody follows up, then returns them to the shared pool."
        ),
    ),
}


def job_for(task: str) -> Job | None:
    return JOBS.get(task)


def tasks_in(area: Area) -> list[str]:
    return [task for task, job in JOBS.items() if job.area == area]
