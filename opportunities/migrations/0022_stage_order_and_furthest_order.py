"""Each deal keeps its stage's position and the furthest position it entered.

The deal list sorts by stage, and the funnel and coaching reports count how
far each deal got, from these two columns instead of joining every deal to
its stage and its whole history. PostgreSQL keeps them with the triggers
below, in the same transaction as any write to a deal, its history or a
stage's order; SQLite gets equivalent triggers after every migrate
(`opportunities.stage_facts`).
"""

from django.conf import settings
from django.db import migrations, models

from opportunities.migrations._postgresql import on_postgresql

# A deal's furthest position from scratch: the furthest stage it entered in
# its history or is in now, other than lost (0 when none).
FURTHEST = """GREATEST(
    COALESCE((SELECT CASE WHEN s.kind = 'lost' THEN 0 ELSE s."order" END
              FROM opportunities_stage s WHERE s.id = d.stage_id), 0),
    COALESCE((SELECT MAX(s."order")
              FROM opportunities_stagechange sc
              JOIN opportunities_stage s ON s.id = sc.to_stage_id
              WHERE sc.opportunity_id = d.id AND s.kind <> 'lost'), 0))"""

TRIGGER = f"""
-- The deals given, recomputed from their stage and history.
CREATE FUNCTION opportunities_furthest_recompute(deal_ids bigint[])
RETURNS void AS $$
    UPDATE opportunities_opportunity o SET furthest_order = x.furthest
    FROM (SELECT d.id, {FURTHEST} AS furthest
          FROM opportunities_opportunity d
          WHERE d.id IN (SELECT unnest(deal_ids))) x
    WHERE o.id = x.id AND o.furthest_order <> x.furthest;
$$ LANGUAGE sql;

-- A new deal, or a deal whose stage is written: its stage's position, and
-- the furthest position raised to it unless the stage is lost. A save that
-- moves nothing leaves both as they are.
CREATE FUNCTION opportunities_deal_stage_facts() RETURNS trigger AS $$
DECLARE
    st record;
    here integer;
    before integer := 0;
BEGIN
    SELECT "order", kind INTO st FROM opportunities_stage WHERE id = NEW.stage_id;
    NEW.stage_order := st."order";
    here := CASE WHEN st.kind = 'lost' THEN 0 ELSE st."order" END;
    IF TG_OP = 'UPDATE' THEN
        before := OLD.furthest_order;
    ELSE
        SELECT COALESCE(MAX(s."order"), 0) INTO before
        FROM opportunities_stagechange sc
        JOIN opportunities_stage s ON s.id = sc.to_stage_id
        WHERE sc.opportunity_id = NEW.id AND s.kind <> 'lost';
    END IF;
    NEW.furthest_order := GREATEST(before, here);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER opportunities_deal_stage_facts
    BEFORE INSERT OR UPDATE OF stage_id ON opportunities_opportunity
    FOR EACH ROW EXECUTE FUNCTION opportunities_deal_stage_facts();

-- New history raises the furthest position (one UPDATE per statement, so
-- a bulk insert of history costs one grouped join).
CREATE FUNCTION opportunities_history_added() RETURNS trigger AS $$
BEGIN
    UPDATE opportunities_opportunity o SET furthest_order = h.top
    FROM (SELECT c.opportunity_id, MAX(s."order") AS top
          FROM added c JOIN opportunities_stage s ON s.id = c.to_stage_id
          WHERE s.kind <> 'lost'
          GROUP BY c.opportunity_id) h
    WHERE o.id = h.opportunity_id AND o.furthest_order < h.top;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER opportunities_history_added
    AFTER INSERT ON opportunities_stagechange
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION opportunities_history_added();

-- History removed or rewritten (a deal's deletion removes its history
-- first): the deals it belonged to are recomputed.
CREATE FUNCTION opportunities_history_removed() RETURNS trigger AS $$
BEGIN
    PERFORM opportunities_furthest_recompute(
        ARRAY(SELECT DISTINCT opportunity_id FROM removed));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER opportunities_history_removed
    AFTER DELETE ON opportunities_stagechange
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION opportunities_history_removed();

CREATE FUNCTION opportunities_history_rewritten() RETURNS trigger AS $$
BEGIN
    PERFORM opportunities_furthest_recompute(ARRAY(
        SELECT b.opportunity_id FROM before b JOIN after a ON a.id = b.id
        WHERE a.to_stage_id <> b.to_stage_id OR a.opportunity_id <> b.opportunity_id
        UNION
        SELECT a.opportunity_id FROM before b JOIN after a ON a.id = b.id
        WHERE a.to_stage_id <> b.to_stage_id OR a.opportunity_id <> b.opportunity_id));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER opportunities_history_rewritten
    AFTER UPDATE ON opportunities_stagechange
    REFERENCING OLD TABLE AS before NEW TABLE AS after
    FOR EACH STATEMENT EXECUTE FUNCTION opportunities_history_rewritten();

-- A stage whose order or kind changes: its deals take the new position, and
-- every deal that is or was in it is recomputed.
CREATE FUNCTION opportunities_stage_moved() RETURNS trigger AS $$
BEGIN
    UPDATE opportunities_opportunity SET stage_order = NEW."order"
    WHERE stage_id = NEW.id AND stage_order <> NEW."order";
    PERFORM opportunities_furthest_recompute(ARRAY(
        SELECT id FROM opportunities_opportunity WHERE stage_id = NEW.id
        UNION
        SELECT opportunity_id FROM opportunities_stagechange
        WHERE to_stage_id = NEW.id));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER opportunities_stage_moved
    AFTER UPDATE OF "order", kind ON opportunities_stage
    FOR EACH ROW
    WHEN (OLD."order" IS DISTINCT FROM NEW."order" OR OLD.kind IS DISTINCT FROM NEW.kind)
    EXECUTE FUNCTION opportunities_stage_moved();

-- The deals already there: one pass over the deals and their history.
UPDATE opportunities_opportunity o
SET stage_order = s."order",
    furthest_order = GREATEST(
        CASE WHEN s.kind = 'lost' THEN 0 ELSE s."order" END, COALESCE(h.top, 0))
FROM opportunities_stage s, opportunities_opportunity d
LEFT JOIN (
    SELECT sc.opportunity_id, MAX(s2."order") AS top
    FROM opportunities_stagechange sc
    JOIN opportunities_stage s2 ON s2.id = sc.to_stage_id
    WHERE s2.kind <> 'lost'
    GROUP BY sc.opportunity_id
) h ON h.opportunity_id = d.id
WHERE d.id = o.id AND s.id = o.stage_id;
"""

UNDO = """
DROP TRIGGER IF EXISTS opportunities_stage_moved ON opportunities_stage;
DROP TRIGGER IF EXISTS opportunities_history_rewritten ON opportunities_stagechange;
DROP TRIGGER IF EXISTS opportunities_history_removed ON opportunities_stagechange;
DROP TRIGGER IF EXISTS opportunities_history_added ON opportunities_stagechange;
DROP TRIGGER IF EXISTS opportunities_deal_stage_facts ON opportunities_opportunity;
DROP FUNCTION IF EXISTS opportunities_stage_moved();
DROP FUNCTION IF EXISTS opportunities_history_rewritten();
DROP FUNCTION IF EXISTS opportunities_history_removed();
DROP FUNCTION IF EXISTS opportunities_history_added();
DROP FUNCTION IF EXISTS opportunities_deal_stage_facts();
DROP FUNCTION IF EXISTS opportunities_furthest_recompute(bigint[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0007_version"),
        ("leads", "0007_version"),
        ("opportunities", "0021_won_deals_by_source_lead"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="opportunity",
            name="furthest_order",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="furthest stage order"
            ),
        ),
        migrations.AddField(
            model_name="opportunity",
            name="stage_order",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="stage order"
            ),
        ),
        migrations.RunPython(on_postgresql(TRIGGER), on_postgresql(UNDO)),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(fields=["stage_order", "id"], name="opp_stage_order"),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                fields=["owner", "stage_order", "id"], name="opp_owner_stage_order"
            ),
        ),
    ]
