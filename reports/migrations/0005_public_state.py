import secrets

from django.db import migrations, models
from django.utils import timezone


def create_row(apps, schema_editor):
    PublicState = apps.get_model("reports", "PublicState")
    PublicState.objects.get_or_create(pk=1, defaults={"epoch": secrets.token_hex(8), "changed_at": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_revision_rows_and_total_columns"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("epoch", models.CharField(max_length=32)),
                ("version", models.PositiveBigIntegerField(default=0)),
                ("changed_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
