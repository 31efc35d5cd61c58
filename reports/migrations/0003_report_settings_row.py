"""The one settings row exists from the start, so no page creates it."""

from django.db import migrations


def create_row(apps, schema_editor):
    ReportSettings = apps.get_model("reports", "ReportSettings")
    ReportSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_monthly_forecast_snapshot")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
