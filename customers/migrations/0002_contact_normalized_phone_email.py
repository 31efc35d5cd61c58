from django.db import migrations, models

from leads.dedupe import normalize_email, normalize_phone


def fill_normalized(apps, schema_editor):
    Contact = apps.get_model("customers", "Contact")
    contacts = list(Contact.objects.only("pk", "phone", "email"))
    for contact in contacts:
        contact.phone_normalized = normalize_phone(contact.phone)
        contact.email_normalized = normalize_email(contact.email)
    Contact.objects.bulk_update(
        contacts, ["phone_normalized", "email_normalized"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="phone_normalized",
            field=models.CharField(
                db_index=True, default="", editable=False, max_length=40
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="contact",
            name="email_normalized",
            field=models.CharField(
                db_index=True, default="", editable=False, max_length=254
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_normalized, migrations.RunPython.noop),
    ]
