from django.db import migrations
from django.db.models import Q

# The default stages (0002) from the preferred vendor on: the buyer negotiates
# with the decision maker (0004 names them its key person) and then seeks
# approval, which the decision maker carries. A stage renamed or moved since
# is the administrator's own and keeps its setting.
DEFAULT_STAGES = [(4, "Preferred vendor"), (5, "Purchase approval")]


def stages(apps):
    Stage = apps.get_model("opportunities", "Stage")
    match = Q()
    for order, name in DEFAULT_STAGES:
        match |= Q(order=order, name_en=name)
    return Stage.objects.filter(match, kind="open")


def turn_on(apps, schema_editor):
    stages(apps).update(needs_decision_maker=True)


def turn_off(apps, schema_editor):
    stages(apps).update(needs_decision_maker=False)


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0016_buying_team_and_stages_needing_a_decision_maker")
    ]

    operations = [migrations.RunPython(turn_on, turn_off)]
