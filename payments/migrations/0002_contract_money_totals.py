"""Store each contract's received and invoiced totals (contracts 0003 adds them)."""

from decimal import Decimal

from django.db import migrations
from django.db.models import Sum


def store_totals(apps, schema_editor):
    Contract = apps.get_model("contracts", "Contract")
    Payment = apps.get_model("payments", "Payment")
    Invoice = apps.get_model("payments", "Invoice")
    received = dict(
        Payment.objects.values("contract").annotate(total=Sum("amount")).values_list(
            "contract", "total"
        )
    )
    invoiced = dict(
        Invoice.objects.exclude(status="void")
        .values("contract")
        .annotate(total=Sum("amount"))
        .values_list("contract", "total")
    )
    for pk in set(received) | set(invoiced):
        Contract.objects.filter(pk=pk).update(
            received_amount=received.get(pk) or Decimal(0),
            invoiced_amount=invoiced.get(pk) or Decimal(0),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
        ("contracts", "0003_money_totals"),
    ]

    operations = [migrations.RunPython(store_totals, migrations.RunPython.noop)]
