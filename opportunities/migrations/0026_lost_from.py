"""Each deal keeps the stage it was lost from.

The loss analysis groups a period's lost deals by the stage they were in when
lost: the stage their latest move to lost came from. Looked up per deal that
is one index probe for each of a year's hundred thousand lost deals; kept on
the deal, it is a column of the lost deals' index. PostgreSQL keeps it with
the triggers below whenever history is added, removed or rewritten; SQLite
gets equivalent triggers after every migrate (`opportunities.stage_facts`).
"""

import django.db.models.deletion
from django.db import migrations, models

from opportunities.migrations._postgresql import on_postgresql

TRIGGER = """
-- The deals given: where their latest move to lost came from, if any.
CREATE FUNCTION opportunities_lost_from_recompute(deal_ids bigint[])
RETURNS void AS $$
    UPDATE opportunities_opportunity o SET lost_from_id = x.lost_from
    FROM (SELECT d.id, (SELECT sc.from_stage_id FROM opportunities_stagechange sc
                        WHERE sc.opportunity_id = d.id AND sc.to_status = 'lost'
                        ORDER BY sc.created_at DESC, sc.id DESC LIMIT 1) AS lost_from
          FROM opportunities_opportunity d WHERE d.id = ANY(deal_ids)) x
    WHERE o.id = x.id AND o.lost_from_id IS DISTINCT FROM x.lost_from;
$$ LANGUAGE sql;

-- History added or removed: the deals whose moves to lost it holds.
CREATE FUNCTION opportunities_lost_history_added() RETURNS trigger AS $$
BEGIN
    PERFORM opportunities_lost_from_recompute(ARRAY(
        SELECT DISTINCT opportunity_id FROM added WHERE to_status = 'lost'));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER opportunities_lost_history_added
    AFTER INSERT ON opportunities_stagechange
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION opportunities_lost_history_added();

CREATE FUNCTION opportunities_lost_history_removed() RETURNS trigger AS $$
BEGIN
    PERFORM opportunities_lost_from_recompute(ARRAY(
        SELECT DISTINCT opportunity_id FROM removed WHERE to_status = 'lost'));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER opportunities_lost_history_removed
    AFTER DELETE ON opportunities_stagechange
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION opportunities_lost_history_removed();

-- A move to or from lost rewritten (its status, origin, time or deal).
CREATE FUNCTION opportunities_lost_history_rewritten() RETURNS trigger AS $$
BEGIN
    PERFORM opportunities_lost_from_recompute(ARRAY(
        SELECT unnest(ARRAY[b.opportunity_id, a.opportunity_id])
        FROM before b JOIN after a ON a.id = b.id
        WHERE (a.to_status = 'lost' OR b.to_status = 'lost')
          AND (a.to_status, a.from_stage_id, a.created_at, a.opportunity_id)
              IS DISTINCT FROM
              (b.to_status, b.from_stage_id, b.created_at, b.opportunity_id)));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER opportunities_lost_history_rewritten
    AFTER UPDATE ON opportunities_stagechange
    REFERENCING OLD TABLE AS before NEW TABLE AS after
    FOR EACH STATEMENT EXECUTE FUNCTION opportunities_lost_history_rewritten();

-- The deals already there, in one pass.
UPDATE opportunities_opportunity o SET lost_from_id = l.from_stage_id
FROM (SELECT DISTINCT ON (opportunity_id) opportunity_id, from_stage_id
      FROM opportunities_stagechange WHERE to_status = 'lost'
      ORDER BY opportunity_id, created_at DESC, id DESC) l
WHERE o.id = l.opportunity_id AND l.from_stage_id IS NOT NULL;
"""

UNDO = """
DROP TRIGGER IF EXISTS opportunities_lost_history_rewritten ON opportunities_stagechange;
DROP TRIGGER IF EXISTS opportunities_lost_history_removed ON opportunities_stagechange;
DROP TRIGGER IF EXISTS opportunities_lost_history_added ON opportunities_stagechange;
DROP FUNCTION IF EXISTS opportunities_lost_history_rewritten();
DROP FUNCTION IF EXISTS opportunities_lost_history_removed();
DROP FUNCTION IF EXISTS opportunities_lost_history_added();
DROP FUNCTION IF EXISTS opportunities_lost_from_recompute(bigint[]);
"""


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0025_cohort_columns_in_the_created_indexes")]

    operations = [
        migrations.AddField(
            model_name="opportunity",
            name="lost_from",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="opportunities.stage",
                verbose_name="lost from stage",
            ),
        ),
        migrations.RunPython(on_postgresql(TRIGGER), on_postgresql(UNDO)),
        migrations.RemoveIndex(model_name="opportunity", name="opp_lost"),
        migrations.RemoveIndex(model_name="opportunity", name="opp_owner_lost"),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                condition=models.Q(("status", "lost")),
                fields=["closed_at"],
                include=("owner", "lost_reason", "lost_from", "amount", "id"),
                name="opp_lost",
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(
                condition=models.Q(("status", "lost")),
                fields=["owner", "closed_at"],
                include=("lost_reason", "lost_from", "amount", "id"),
                name="opp_owner_lost",
            ),
        ),
    ]
