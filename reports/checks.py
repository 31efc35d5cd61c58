"""Database checks (run by `migrate` and `check --database default`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import connections

from reports.follow_up_counts_sql import kept_zone


@register(Tags.database)
def follow_up_count_zone_check(app_configs, databases=None, **kwargs) -> list[Error]:
    """The kept follow-up counts are in local days of the configured time zone."""
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        zone = kept_zone(connection)
        if zone is not None and zone != settings.TIME_ZONE:
            errors.append(
                Error(
                    f"The follow-up counts are kept in {zone} days, "
                    f"but TIME_ZONE is {settings.TIME_ZONE}.",
                    hint="Run manage.py keep_follow_up_counts to count them again.",
                    id="reports.E001",
                )
            )
    return errors
