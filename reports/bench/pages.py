"""Time every main page for one viewer, in process, with its SQL run raw.

Each page is asked once to warm caches, then `runs` times: the median,
fastest and slowest time, the queries it ran, and the time of those same
queries run raw on the same connection ("SQL"), so a slow page shows whether
the database or Python is to blame (`ratio` = page time / SQL time).
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from customers.models import Customer
from opportunities.models import Opportunity, Stage
from users.models import Role, User
from users.visibility import visible_users


@dataclass
class PageTiming:
    role: str
    page: str
    url: str
    status: int
    median_ms: float
    min_ms: float
    max_ms: float
    queries: int
    sql_ms: float
    ratio: float

    def as_dict(self) -> dict:
        return asdict(self)


def pages_for(user: User) -> list[tuple[str, str]]:
    """(name, url) of every main page, with records this viewer may open."""
    deals = Opportunity.objects.visible_to(user)
    deal = deals.order_by("-created_at", "-id").only("pk", "name").first()
    customer = Customer.objects.visible_to(user).order_by("-pk").only("pk").first()
    stage = Stage.objects.open().order_by("order").first()
    word = deal.name.split()[0] if deal else "项目"
    pages = [
        ("workbench", "/"),
        ("leads", "/leads/"),
        ("lead pool", "/leads/pool/"),
        ("customers", "/customers/"),
        ("customer search", "/customers/?q=科技"),
        ("opportunities", "/opportunities/"),
        ("opportunities by stage", "/opportunities/?sort=stage"),
        ("opportunities by amount", "/opportunities/?sort=-amount"),
        ("open deals in a stage", f"/opportunities/?status=open&stage={stage.pk}"),
        ("opportunity search", f"/opportunities/?q={word}"),
        ("board", "/opportunities/board/"),
        ("contracts", "/contracts/"),
        ("receivables", "/payments/?window=all"),
        ("overdue", "/payments/?window=overdue"),
        ("contract balances", "/payments/contracts/"),
        ("payments received", "/payments/received/"),
        ("invoices", "/payments/invoices/"),
        ("profile (trivial)", "/accounts/profile/"),
    ]
    if deal:
        pages.append(("opportunity page", f"/opportunities/{deal.pk}/"))
    if customer:
        pages.append(("customer page", f"/customers/{customer.pk}/"))
    return pages + report_pages_for(user)


def report_pages_for(user: User) -> list[tuple[str, str]]:
    """Every report and coaching page, over this year, as this viewer sees it."""
    pages = [
        ("my day", "/reports/day/"),
        ("funnel report", "/reports/funnel/?period=this_year"),
        ("forecast report", "/reports/forecast/?period=this_year"),
        ("performance report", "/reports/performance/?period=this_year"),
        ("activity report", "/reports/activity/?period=this_year"),
        ("loss report", "/reports/losses/?period=this_year"),
        ("calibration", "/reports/calibration/"),
    ]
    if user.role == Role.SALESPERSON:
        mine = f"/reports/reps/{user.pk}/?period=this_year"  # where reps/me/ leads
        return [*pages, ("my capability", mine)]
    rep = (
        visible_users(user)
        .filter(role=Role.SALESPERSON, is_active=True)
        .order_by("pk")
        .first()
    )
    pages.append(("coaching overview", "/reports/coaching/?period=this_year"))
    if rep:
        pages.append(("rep capability", f"/reports/reps/{rep.pk}/?period=this_year"))
    return pages


def allowed_host() -> str:
    """A host name the settings let in, for the in-process client's requests."""
    for host in settings.ALLOWED_HOSTS:
        name = host.lstrip(".")
        if name and name != "*":
            return name
    return "localhost"


def _raw_sql_ms(queries: list[dict]) -> float:
    """Run the captured SQL again, as text, and time it."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if sql.lstrip().upper().startswith(("SELECT", "WITH", "(SELECT")):
                cursor.execute(sql)
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def time_page(client: Client, role: str, name: str, url: str, runs: int) -> PageTiming:
    client.get(url)  # warm: templates, translations, the database's cache
    times, queries, sql = [], [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
        sql.append(_raw_sql_ms(captured.captured_queries))
    median, sql_median = statistics.median(times), statistics.median(sql)
    return PageTiming(
        role=role,
        page=name,
        url=url,
        status=response.status_code,
        median_ms=round(median, 1),
        min_ms=round(min(times), 1),
        max_ms=round(max(times), 1),
        queries=max(queries),
        sql_ms=round(sql_median, 1),
        ratio=round(median / sql_median, 1) if sql_median else 0.0,
    )


def time_pages(
    viewers: dict[str, User],
    runs: int,
    *,
    report: Callable[[PageTiming], None],
    only: list[str] = (),
) -> list[PageTiming]:
    """Time each viewer's pages, or only those whose name holds a word of `only`."""
    rows = []
    for role, user in viewers.items():
        client = Client(HTTP_HOST=allowed_host())
        client.force_login(user)
        for name, url in pages_for(user):
            if only and not any(word in name for word in only):
                continue
            row = time_page(client, role, name, url, runs)
            report(row)
            rows.append(row)
    return rows
