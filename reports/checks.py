"""Database checks (run by `migrate` and `check --database default`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import connections

from reports import follow_up_counts_sql, performance_counts_sql

# What PostgreSQL keeps in local days, and the check's id for each.
KEPT_IN_LOCAL_DAYS = {
    "follow-up counts": (follow_up_counts_sql, "reports.E001"),
    "performance counts": (performance_counts_sql, "reports.E002"),
}


@register(Tags.database)
def local_day_counts_zone_check(app_configs, databases=None, **kwargs) -> list[Error]:
    """The counts kept per local day are in days of the configured time zone."""
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        for name, (module, check_id) in KEPT_IN_LOCAL_DAYS.items():
            zone = module.kept_zone(connection)
            if zone is not None and zone != settings.TIME_ZONE:
                errors.append(
                    Error(
                        f"The {name} are kept in {zone} days, "
                        f"but TIME_ZONE is {settings.TIME_ZONE}.",
                        hint="Run manage.py keep_day_counts to count them again.",
                        id=check_id,
                    )
                )
    return errors
