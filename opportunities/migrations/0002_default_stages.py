from django.db import migrations

from opportunities.default_stages import DEFAULT_STAGES


def create_stages(apps, schema_editor):
    Stage = apps.get_model("opportunities", "Stage")
    if Stage.objects.exists():
        return
    Stage.objects.bulk_create(Stage(**row) for row in DEFAULT_STAGES)


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0001_initial")]

    operations = [migrations.RunPython(create_stages, migrations.RunPython.noop)]
