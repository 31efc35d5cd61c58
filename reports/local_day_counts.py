"""The counts PostgreSQL keeps per local day of TIME_ZONE: the follow-up
counts and the performance figures. Each module answers `kept_zone`,
`keep_sql`, `recount_sql` and `UNDO`; the check, `keep_day_counts` and
`seed_scale` go through them all here."""

from reports import follow_up_counts_sql, performance_counts_sql

# Name → (module, the id of the check that its days are TIME_ZONE's).
KEPT_IN_LOCAL_DAYS = {
    "follow-up counts": (follow_up_counts_sql, "reports.E001"),
    "performance counts": (performance_counts_sql, "reports.E002"),
}
