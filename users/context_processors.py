"""Template context shared by every page: the module navigation."""

from dataclasses import dataclass
from functools import cache

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    icon: str
    url: str


# The chain of modules, in order, and pages of their own (the shared pool);
# an entry shows once its URL exists. Labels are the pages' titles.
MODULES = [
    ("leads", _("Leads"), "bi-funnel", "leads:list"),
    ("leads:pool", _("Shared pool"), "bi-inboxes", "leads:pool"),
    ("customers", _("Customers"), "bi-building", "customers:list"),
    ("opportunities", _("Opportunities"), "bi-briefcase", "opportunities:list"),
    ("contracts", _("Contracts"), "bi-file-earmark-text", "contracts:list"),
    ("payments", _("Receivables"), "bi-cash-coin", "payments:list"),
    ("reports", _("Reports"), "bi-bar-chart-line", "reports:index"),
]


MY_DAY_PAGES = frozenset({"day", "week", "follow_up", "reschedule"})


@cache
def _module_urls() -> tuple[tuple[str, str], ...]:
    found = []
    for key, _label, _icon, url_name in MODULES:
        try:
            found.append((key, reverse(url_name)))
        except NoReverseMatch:
            continue
    return tuple(found)


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    urls = dict(_module_urls())
    items = [
        NavItem(key, label, icon, urls[key])
        for key, label, icon, _name in MODULES
        if key in urls
    ]
    match = request.resolver_match
    current = match.namespace if match else ""
    # A page with its own entry (the shared pool) lights that entry, not its module's.
    if match and f"{match.namespace}:{match.url_name}" in urls:
        current = f"{match.namespace}:{match.url_name}"
    # My day and my week live under reports but have their own entry.
    if match and match.namespace == "reports" and match.url_name in MY_DAY_PAGES:
        current = "my_day"
    return {"nav_items": items, "nav_current": current}
