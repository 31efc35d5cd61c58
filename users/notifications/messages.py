"""What a notification says, rendered when it is read, in the reader's language.

A notification stores its kind and parameters; the words live here, so a
Chinese reader and an English one read the same notification each in theirs.
The link to the record is given only when the reader may still open it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from users.notifications.records import Kind, Notification

# Where each kind of record opens; apps are named, not imported.
RECORD_URLS = {
    "opportunities.opportunity": "opportunities:detail",
    "customers.customer": "customers:detail",
    "leads.lead": "leads:detail",
}
RECORD_LABELS = {
    "opportunities.opportunity": gettext_lazy("Opportunity"),
    "customers.customer": gettext_lazy("Customer"),
    "leads.lead": gettext_lazy("Lead"),
}
# The sections agendas, plans and digests are made of.
SECTION_LABELS = {
    "today": gettext_lazy("Contacts today"),
    "overdue": gettext_lazy("Overdue contacts"),
    "stale": gettext_lazy("Stale deals"),
    "past_expected": gettext_lazy("Deals past their expected win date"),
    "due_soon": gettext_lazy("Installments due soon"),
    "receivable_overdue": gettext_lazy("Overdue installments"),
    "wins_week": gettext_lazy("Expected wins this week"),
    "wins_month": gettext_lazy("Expected wins this month"),
    "due_week": gettext_lazy("Installments due this week"),
    "approvals": gettext_lazy("Contracts waiting for your approval"),
}


@dataclass
class Message:
    title: str
    lines: list[str] = field(default_factory=list)
    url: str | None = None


def render(notification: Notification, *, link: bool, language: str) -> Message:
    """The notification's words in `language`; `link` says whether to link."""
    with override(language):
        renderer = RENDERERS.get(notification.kind, _render_unknown)
        message = renderer(notification.params)
    if link:
        record = notification.kind in RECORD_KINDS
        message.url = _url(notification) if record else _page(notification.kind)
    return message


def linkable_ids(notifications: Iterable[Notification], user) -> set[tuple[int, int]]:
    """(content type, id) of the records `user` may open: one query per type."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for notification in notifications:
        if notification.content_type_id and notification.object_id:
            wanted[notification.content_type_id].add(notification.object_id)
    found = set()
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        visible = model.objects.visible_to(user).filter(pk__in=ids)
        found |= {(type_id, pk) for pk in visible.values_list("pk", flat=True)}
    return found


def may_link(notification: Notification, linkable: set[tuple[int, int]]) -> bool:
    if notification.kind not in RECORD_KINDS:
        return True
    return (notification.content_type_id, notification.object_id) in linkable


def _url(notification: Notification) -> str | None:
    if not notification.content_type_id:
        return None
    content_type = ContentType.objects.get_for_id(notification.content_type_id)
    name = RECORD_URLS.get(f"{content_type.app_label}.{content_type.model}")
    return reverse(name, args=[notification.object_id]) if name else None


def _page(kind: str) -> str | None:
    name = "home" if kind == Kind.MANAGER_DIGEST else "reports:day"
    if kind == Kind.WEEKLY_PLAN:
        name = "reports:week"
    elif kind == Kind.COACHING_FOLLOW_UP:
        # The overview lists the follow-ups due, for whoever still manages.
        name = "reports:coaching"
    try:
        return reverse(name)
    except NoReverseMatch:
        return reverse("home")


def _when(value: str) -> str:
    moment = timezone.localtime(datetime.fromisoformat(value))
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT")


def _day(value: str) -> str:
    return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")


def _render_contact_due(params: dict) -> Message:
    label = RECORD_LABELS.get(params.get("record", ""), "")
    title = _("Next contact at %(time)s: %(name)s") % {
        "time": _when(params["due_at"]),
        "name": params.get("name", ""),
    }
    lines = [str(label)] if label else []
    if params.get("customer"):
        lines.append(params["customer"])
    return Message(title, lines)


def _sections(params: dict) -> list[str]:
    lines = []
    for section in params.get("sections", []):
        label = SECTION_LABELS.get(section["key"], section["key"])
        if section.get("date"):
            label = _day(section["date"])
        line = _("%(label)s: %(count)d") % {"label": label, "count": section["count"]}
        if items := section.get("items"):
            # Chinese lists names with 、, English with commas.
            separator = "、" if get_language().startswith("zh") else ", "
            line = _("%(line)s (%(names)s)") % {
                "line": line,
                "names": separator.join(items),
            }
        lines.append(line)
    return lines


def _render_agenda(params: dict) -> Message:
    title = _("Your agenda for %(day)s") % {"day": _day(params["day"])}
    return Message(title, _sections(params))


def _render_week(params: dict) -> Message:
    title = _("Your plan for the week of %(day)s") % {"day": _day(params["day"])}
    return Message(title, _sections(params))


def _render_digest(params: dict) -> Message:
    title = _("Your team on %(day)s") % {"day": _day(params["day"])}
    lines = [
        _(
            "%(name)s: %(overdue)d overdue contacts, %(stale)d stale deals, "
            "%(receivable)d overdue installments"
        )
        % rep
        for rep in params.get("reps", [])
    ]
    if params.get("approvals"):
        lines.append(f"{SECTION_LABELS['approvals']}: {params['approvals']}")
    return Message(title, lines)


def _render_recycle_warning(params: dict) -> Message:
    title = _("%(name)s returns to the pool on %(day)s unless you follow it up") % {
        "name": params.get("name", ""),
        "day": _day(params["day"]),
    }
    return Message(title)


def _render_recycled(params: dict) -> Message:
    title = _("%(name)s went back to the pool: no follow-up for %(days)d days") % {
        "name": params.get("name", ""),
        "days": params.get("days", 0),
    }
    return Message(title)


def _render_coaching_follow_up(params: dict) -> Message:
    title = _("Coaching follow-up with %(name)s is due on %(day)s") % {
        "name": params.get("name", ""),
        "day": _day(params["day"]),
    }
    return Message(title, [params["agreed"]] if params.get("agreed") else [])


def _render_unknown(params: dict) -> Message:
    return Message(_("Notification"))


RENDERERS = {
    Kind.CONTACT_DUE: _render_contact_due,
    Kind.DAILY_AGENDA: _render_agenda,
    Kind.WEEKLY_PLAN: _render_week,
    Kind.MANAGER_DIGEST: _render_digest,
    Kind.LEAD_RECYCLE_WARNING: _render_recycle_warning,
    Kind.LEAD_RECYCLED: _render_recycled,
    Kind.COACHING_FOLLOW_UP: _render_coaching_follow_up,
}
# Kinds about one record: they link to it only while the reader may open it.
RECORD_KINDS = {Kind.CONTACT_DUE, Kind.LEAD_RECYCLE_WARNING, Kind.LEAD_RECYCLED}
