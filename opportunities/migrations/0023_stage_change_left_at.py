"""Each stage change keeps when the deal left that stage: its next change's time.

The funnel report and a rep's page count whole days per stay; with the end of
each stay kept, they read the stays of the period's deals from an index
instead of ordering every deal's history with a window function. PostgreSQL
keeps it with the triggers below; SQLite with those of
`opportunities.stage_facts`, created after every migrate.
"""

from django.db import migrations, models

from opportunities.migrations._postgresql import on_postgresql

TRIGGER = """
-- The end of every stay of the deals given: the time of the next change.
CREATE FUNCTION opportunities_stays_recompute(deal_ids bigint[])
RETURNS void AS $$
    UPDATE opportunities_stagechange sc SET left_at = n.next
    FROM (SELECT id, LEAD(created_at) OVER (
              PARTITION BY opportunity_id ORDER BY created_at, id) AS next
          FROM opportunities_stagechange
          WHERE opportunity_id IN (SELECT unnest(deal_ids))) n
    WHERE sc.id = n.id AND sc.left_at IS DISTINCT FROM n.next;
$$ LANGUAGE sql;

CREATE FUNCTION opportunities_stays_added() RETURNS trigger AS $$
BEGIN
    PERFORM opportunities_stays_recompute(
        ARRAY(SELECT DISTINCT opportunity_id FROM added));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER opportunities_stays_added
    AFTER INSERT ON opportunities_stagechange
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION opportunities_stays_added();

CREATE FUNCTION opportunities_stays_removed() RETURNS trigger AS $$
BEGIN
    PERFORM opportunities_stays_recompute(
        ARRAY(SELECT DISTINCT opportunity_id FROM removed));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER opportunities_stays_removed
    AFTER DELETE ON opportunities_stagechange
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION opportunities_stays_removed();

-- A change moved in time or to another deal, or its end written by anyone
-- but these triggers (a save of a loaded row): its deals are recomputed.
CREATE FUNCTION opportunities_stays_rewritten() RETURNS trigger AS $$
BEGIN
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    PERFORM opportunities_stays_recompute(
        ARRAY[OLD.opportunity_id, NEW.opportunity_id]);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER opportunities_stays_rewritten
    AFTER UPDATE OF created_at, opportunity_id, left_at ON opportunities_stagechange
    FOR EACH ROW
    WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at
          OR OLD.opportunity_id IS DISTINCT FROM NEW.opportunity_id
          OR OLD.left_at IS DISTINCT FROM NEW.left_at)
    EXECUTE FUNCTION opportunities_stays_rewritten();

-- The history already there, in one pass.
UPDATE opportunities_stagechange sc SET left_at = n.next
FROM (SELECT id, LEAD(created_at) OVER (
          PARTITION BY opportunity_id ORDER BY created_at, id) AS next
      FROM opportunities_stagechange) n
WHERE sc.id = n.id AND n.next IS NOT NULL;
"""

UNDO = """
DROP TRIGGER IF EXISTS opportunities_stays_rewritten ON opportunities_stagechange;
DROP TRIGGER IF EXISTS opportunities_stays_removed ON opportunities_stagechange;
DROP TRIGGER IF EXISTS opportunities_stays_added ON opportunities_stagechange;
DROP FUNCTION IF EXISTS opportunities_stays_rewritten();
DROP FUNCTION IF EXISTS opportunities_stays_removed();
DROP FUNCTION IF EXISTS opportunities_stays_added();
DROP FUNCTION IF EXISTS opportunities_stays_recompute(bigint[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0022_stage_order_and_furthest_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="stagechange",
            name="left_at",
            field=models.DateTimeField(
                editable=False, null=True, verbose_name="left at"
            ),
        ),
        migrations.RunPython(on_postgresql(TRIGGER), on_postgresql(UNDO)),
        migrations.AddIndex(
            model_name="stagechange",
            index=models.Index(
                condition=models.Q(("left_at__isnull", False)),
                fields=["opportunity"],
                include=("to_stage", "created_at", "left_at"),
                name="stagechange_opp_stays",
            ),
        ),
    ]
