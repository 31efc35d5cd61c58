from django.db import migrations

# The stages a new installation starts with (docs/PRODUCT.md §3); frozen here so later
# model changes cannot alter what this migration does.
STAGES = [
    (1, 10, "open", "Need recognized", "认识需求"),
    (2, 25, "open", "Requirements defined", "明确需求"),
    (3, 50, "open", "Evaluating vendors", "方案评估"),
    (4, 75, "open", "Preferred vendor", "确定首选"),
    (5, 90, "open", "Purchase approval", "采购审批"),
    (98, 100, "won", "Won", "赢单"),
    (99, 0, "lost", "Lost", "输单"),
]


def create_stages(apps, schema_editor):
    Stage = apps.get_model("opportunities", "Stage")
    if Stage.objects.exists():
        return
    Stage.objects.bulk_create(
        Stage(order=order, percentage=pct, kind=kind, name_en=en, name_zh=zh)
        for order, pct, kind, en, zh in STAGES
    )


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0001_initial")]

    operations = [migrations.RunPython(create_stages, migrations.RunPython.noop)]
