import json
import platform
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from opportunities.models import Opportunity
from reports.bench import load
from reports.bench.exports import time_export
from reports.bench.jobs import time_jobs
from reports.bench.pages import time_pages
from users.models import Role, User
from users.visibility import visible_users

MANAGER_REACH = 100


def viewers() -> dict[str, User]:
    """A salesperson, the manager who sees closest to 100 people, an administrator."""
    active = User.objects.filter(is_active=True)
    rep = (
        active.filter(role=Role.SALESPERSON, username="rep1").first()
        or active.filter(role=Role.SALESPERSON).order_by("pk").first()
    )
    managers = active.filter(role=Role.MANAGER)
    manager = min(
        managers,
        key=lambda m: abs(visible_users(m).count() - MANAGER_REACH),
        default=None,
    )
    admin = active.filter(role=Role.ADMIN).order_by("pk").first()
    found = {"salesperson": rep, "manager": manager, "admin": admin}
    missing = [role for role, user in found.items() if user is None]
    if missing:
        raise CommandError(f"No {', '.join(missing)} to measure: run seed_scale.")
    return found


def table(rows: list[dict], columns: list[str]) -> str:
    widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in columns]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    for row in rows:
        cells = zip(columns, widths, strict=True)
        lines.append("  ".join(str(row[c]).ljust(w) for c, w in cells))
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Measure every main page for a salesperson, a manager and an "
        "administrator on the current database (seed it with seed_scale), "
        "and the throughput of the deal list and workbench under gunicorn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--port", type=int, default=8104)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--no-load", action="store_true")
        parser.add_argument("--no-export", action="store_true")
        parser.add_argument(
            "--import-rows",
            type=int,
            default=100_000,
            help="Leads to import when timing the import (0 skips it).",
        )
        parser.add_argument(
            "--import-row-by-row",
            type=int,
            default=0,
            help="Also import this many leads one row at a time, to compare.",
        )
        parser.add_argument("--no-jobs", action="store_true")
        parser.add_argument("--no-pages", action="store_true")
        parser.add_argument(
            "--page",
            action="append",
            default=[],
            help="Time only pages whose name holds this text (repeatable).",
        )
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            choices=["salesperson", "manager", "admin"],
            help="Time pages only for this role (repeatable).",
        )
        parser.add_argument("--json", type=Path, help="Also write the results here.")

    def handle(self, *args, **options):
        # Pages are timed as production serves them. Not under
        # `override_settings`, whose holder in front of the settings adds to
        # every read of them, nor `setup_test_environment()`, which records
        # every template rendered: both would add to every page's time.
        if settings.DEBUG:
            raise CommandError(
                "Time the pages as production serves them: run the benchmark "
                "with DEBUG=0 (debug pages record every query and template)."
            )
        if isinstance(staticfiles_storage, ManifestFilesMixin):
            # The pages name their assets from the manifest: write it.
            call_command("collectstatic", interactive=False, verbosity=0)
        self.measure(options)

    def measure(self, options):
        people = viewers()
        deals = Opportunity.objects.count()
        manager = people["manager"]
        self.stdout.write(
            f"{deals:,} opportunities on {connection.vendor}; salesperson "
            f"{people['salesperson']}, manager {manager} "
            f"({visible_users(manager).count()} people), admin {people['admin']}"
        )
        result = {
            "when": time.strftime("%Y-%m-%d %H:%M:%S"),
            "machine": platform.platform(),
            "database": connection.vendor,
            "opportunities": deals,
        }
        if not options["no_pages"]:
            result["pages"] = self.pages(people, options)
        if not options["no_export"]:
            export = time_export(people["admin"])
            result["export"] = export
            self.stdout.write("\nExport of every visible deal as admin (CSV):")
            self.stdout.write(table([export], list(export)))
        if not options["no_jobs"]:
            jobs = time_jobs(
                people["admin"],
                options["import_rows"],
                options["import_row_by_row"],
            )
            result["jobs"] = jobs
            self.stdout.write("\nJobs (each rolled back afterwards):")
            self.stdout.write(table(jobs, list(jobs[0])))
        if not options["no_load"]:
            result["load"] = self.throughput(people, options)
        if options["json"]:
            options["json"].write_text(json.dumps(result, indent=2, ensure_ascii=False))
            self.stdout.write(f"\nWritten to {options['json']}")

    def pages(self, people, options) -> list[dict]:
        write = self.stdout.write
        roles = options["role"] or list(people)
        pages = time_pages(
            {role: people[role] for role in roles},
            options["runs"],
            only=options["page"],
            report=lambda r: write(f"  {r.role:<12} {r.page:<26} {r.median_ms:>8} ms"),
        )
        page_rows = [row.as_dict() for row in pages]
        if not page_rows:
            raise CommandError("No page matches --page and --role.")
        columns = ["role", "page", "status", "median_ms", "min_ms", "max_ms"]
        columns += ["queries", "sql_ms", "ratio"]
        self.stdout.write("\n" + table(page_rows, columns))
        return page_rows

    def throughput(self, people, options) -> list[dict]:
        cookies = {}
        for role, user in people.items():
            client = Client()
            with override_settings(SECRET_KEY=load.SECRET_KEY):
                client.force_login(user)
            cookies[role] = f"sessionid={client.cookies['sessionid'].value}"
        targets = [("salesperson", "profile (trivial)", "/accounts/profile/")]
        for role in people:
            targets.append((role, "opportunities", "/opportunities/"))
            targets.append((role, "workbench", "/"))
        targets = [(r, p, u, cookies[r]) for r, p, u in targets]
        with load.Server(options["port"]) as server:
            rows = load.measure(
                server.port,
                targets,
                connections=options["connections"],
                seconds=options["seconds"],
                server_pid=server.process.pid,
            )
        rows = [row.as_dict() for row in rows]
        self.stdout.write(
            f"\nThroughput, gunicorn -w 2, {options['connections']} connections, "
            f"{options['seconds']:.0f} s per page:"
        )
        self.stdout.write(table(rows, list(rows[0])))
        return rows
