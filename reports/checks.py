"""Database checks (run by `migrate` and `check --database default`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import connections

from reports.local_day_counts import KEPT_IN_LOCAL_DAYS


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
