"""What the database keeps of a deal's stages: positions, and when stays ended.

`Opportunity.stage_order` is the position of the deal's stage now (the list
sorts by it); `Opportunity.furthest_order` the furthest position the deal
entered, in its history or now, other than lost, so the won stage is past
every open one (the funnel and coaching reports count how far deals got by
it, and a deal *reached* a stage when it is at least that stage's order).
`Opportunity.lost_from` the stage a deal was in when it was lost: where its
latest move to lost came from (the loss analysis groups lost deals by it).
`StageChange.left_at` is when the deal left the stage a change put it in:
the time of its next change (by time, then id), empty for its latest one
(the reports count whole days per finished stay from it).

All four are written only by the database, in the same transaction as the
write that moves them: a deal's insert or change of stage; a stage change
added, removed or rewritten; a stage whose order or kind an administrator
changes. A plain save of a deal never writes them (`database_kept_fields`).

PostgreSQL's triggers come with migrations 0022, 0023 and 0026. SQLite rebuilds a
table to alter it, which drops its triggers, so they are (re)created here
after every migrate and the values recomputed (SQLite databases are small).
"""

from django.db import connection as default_connection

DEAL = "opportunities_opportunity"
STAGE = "opportunities_stage"
HISTORY = "opportunities_stagechange"


def _here(stage_id: str) -> str:
    """The position a deal in `stage_id` counts as having entered (0 for lost)."""
    return (
        f"(SELECT CASE WHEN kind = 'lost' THEN 0 ELSE \"order\" END "
        f"FROM {STAGE} WHERE id = {stage_id})"
    )


def _history_top(deal_id: str) -> str:
    return (
        f'COALESCE((SELECT MAX(s."order") FROM {HISTORY} sc '
        f"JOIN {STAGE} s ON s.id = sc.to_stage_id "
        f"WHERE sc.opportunity_id = {deal_id} AND s.kind <> 'lost'), 0)"
    )


def _recompute(where: str) -> str:
    # A stage gone before its deals (a flush empties tables in any order,
    # without foreign keys) leaves the deal's position as it was.
    return (
        f"UPDATE {DEAL} SET stage_order = COALESCE("
        f'(SELECT "order" FROM {STAGE} WHERE id = {DEAL}.stage_id), stage_order), '
        f"furthest_order = MAX(COALESCE({_here(f'{DEAL}.stage_id')}, 0), "
        f"{_history_top(f'{DEAL}.id')}) WHERE {where}"
    )


_STAGE_HISTORY = f"SELECT opportunity_id FROM {HISTORY} WHERE to_stage_id = NEW.id"

SQLITE_TRIGGERS = {
    "opportunities_deal_inserted": f"""
        AFTER INSERT ON {DEAL} BEGIN
            {_recompute("id = NEW.id")};
        END""",
    # A save writes stage_id: the new stage's position; the furthest one
    # only rises (the history keeps every stage entered).
    "opportunities_deal_stage_written": f"""
        AFTER UPDATE OF stage_id ON {DEAL} BEGIN
            UPDATE {DEAL} SET
                stage_order = (SELECT "order" FROM {STAGE} WHERE id = NEW.stage_id),
                furthest_order = MAX(OLD.furthest_order, {_here("NEW.stage_id")})
            WHERE id = NEW.id;
        END""",
    "opportunities_history_added": f"""
        AFTER INSERT ON {HISTORY} BEGIN
            UPDATE {DEAL} SET furthest_order = {_here("NEW.to_stage_id")}
            WHERE id = NEW.opportunity_id
              AND furthest_order < {_here("NEW.to_stage_id")};
        END""",
    "opportunities_history_removed": f"""
        AFTER DELETE ON {HISTORY} BEGIN
            {_recompute("id = OLD.opportunity_id")};
        END""",
    "opportunities_history_rewritten": f"""
        AFTER UPDATE OF to_stage_id, opportunity_id ON {HISTORY} BEGIN
            {_recompute("id IN (OLD.opportunity_id, NEW.opportunity_id)")};
        END""",
    "opportunities_stage_moved": f"""
        AFTER UPDATE OF "order", kind ON {STAGE}
        WHEN OLD."order" IS NOT NEW."order" OR OLD.kind IS NOT NEW.kind BEGIN
            {_recompute(f"stage_id = NEW.id OR id IN ({_STAGE_HISTORY})")};
        END""",
}


def _stays(where: str) -> str:
    """Set when each change's stay ended: the next change of its deal."""
    return (
        f"UPDATE {HISTORY} SET left_at = (SELECT n.created_at FROM {HISTORY} n "
        f"WHERE n.opportunity_id = {HISTORY}.opportunity_id "
        f"AND (n.created_at > {HISTORY}.created_at OR "
        f"(n.created_at = {HISTORY}.created_at AND n.id > {HISTORY}.id)) "
        f"ORDER BY n.created_at, n.id LIMIT 1) WHERE {where}"
    )


SQLITE_STAY_TRIGGERS = {
    "opportunities_stays_added": f"""
        AFTER INSERT ON {HISTORY} BEGIN
            {_stays("opportunity_id = NEW.opportunity_id")};
        END""",
    "opportunities_stays_removed": f"""
        AFTER DELETE ON {HISTORY} BEGIN
            {_stays("opportunity_id = OLD.opportunity_id")};
        END""",
    # Moved in time or to another deal, or its end written by a save.
    "opportunities_stays_rewritten": f"""
        AFTER UPDATE OF created_at, opportunity_id, left_at ON {HISTORY} BEGIN
            {_stays("opportunity_id IN (OLD.opportunity_id, NEW.opportunity_id)")};
        END""",
}


def _lost_from(where: str) -> str:
    """Set the stage each lost deal was lost from: where its last move to lost
    (by time, then id) came from; empty for a deal never lost."""
    return (
        f"UPDATE {DEAL} SET lost_from_id = (SELECT sc.from_stage_id FROM {HISTORY} sc "
        f"WHERE sc.opportunity_id = {DEAL}.id AND sc.to_status = 'lost' "
        f"ORDER BY sc.created_at DESC, sc.id DESC LIMIT 1) WHERE {where}"
    )


SQLITE_LOST_TRIGGERS = {
    "opportunities_lost_added": f"""
        AFTER INSERT ON {HISTORY} WHEN NEW.to_status = 'lost' BEGIN
            {_lost_from("id = NEW.opportunity_id")};
        END""",
    "opportunities_lost_removed": f"""
        AFTER DELETE ON {HISTORY} WHEN OLD.to_status = 'lost' BEGIN
            {_lost_from("id = OLD.opportunity_id")};
        END""",
    "opportunities_lost_rewritten": f"""
        AFTER UPDATE OF to_status, from_stage_id, created_at, opportunity_id
        ON {HISTORY} WHEN OLD.to_status = 'lost' OR NEW.to_status = 'lost' BEGIN
            {_lost_from("id IN (OLD.opportunity_id, NEW.opportunity_id)")};
        END""",
}


def _columns(connection, table: str) -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return {column.name for column in description}


def _install(cursor, triggers: dict[str, str]) -> None:
    for name, body in triggers.items():
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"CREATE TRIGGER {name} {body}")


def install_sqlite_triggers(connection=default_connection) -> None:
    """Create SQLite's triggers (again) and bring every deal's facts up to date."""
    if connection.vendor != "sqlite":
        return
    if not {DEAL, STAGE, HISTORY} <= set(connection.introspection.table_names()):
        return
    with connection.cursor() as cursor:
        if "furthest_order" in _columns(connection, DEAL):
            _install(cursor, SQLITE_TRIGGERS)
            cursor.execute(_recompute("1 = 1"))
        if "lost_from_id" in _columns(connection, DEAL):
            _install(cursor, SQLITE_LOST_TRIGGERS)
            cursor.execute(_lost_from("1 = 1"))
        if "left_at" in _columns(connection, HISTORY):
            _install(cursor, SQLITE_STAY_TRIGGERS)
            cursor.execute(_stays("1 = 1"))


def after_migrate(sender, using, **kwargs) -> None:
    from django.db import connections

    install_sqlite_triggers(connections[using])
