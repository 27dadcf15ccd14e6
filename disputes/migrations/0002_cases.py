import django.db.models.deletion
import django.utils.timezone
import disputes.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Cases: one dispute covering many entries. Adds the new columns beside the old ones."""

    dependencies = [
        ("disputes", "0001_initial"),
        ("jurisdictions", "0001_initial"),
        ("reports", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Case",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("ground", models.CharField(choices=[("handed_to_ice", "Handed to ICE at release (detainer honored)"), ("transferred", "Transferred and released elsewhere"), ("not_received", "Detainer never received / issued to the wrong place"), ("similar_name", "Confused with a similarly named jurisdiction"), ("before_period", "Declined before the reporting period / batch re-processing"), ("duplicate", "Duplicate of another entry"), ("data_error", "Data processing error"), ("wrong_jurisdiction", "Listed against the wrong jurisdiction"), ("other", "Other")], max_length=20)),
                ("explanation", models.TextField()),
                ("filed_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("filed_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("jurisdiction", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="cases", to="jurisdictions.jurisdiction")),
            ],
            options={"ordering": ["-filed_at", "-pk"]},
        ),
        migrations.AddField(
            model_name="dispute",
            name="case",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="disputes", to="disputes.case"),
        ),
        migrations.AddField(model_name="dispute", name="note", field=models.TextField(blank=True, default="")),
        migrations.AlterField(
            model_name="dispute", name="filed_at", field=models.DateTimeField(default=django.utils.timezone.now)
        ),
        migrations.AlterModelOptions(name="dispute", options={"ordering": ["-filed_at", "-pk"]}),
        migrations.AddField(
            model_name="evidence",
            name="case",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="evidence", to="disputes.case"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="file",
            field=models.FileField(max_length=200, storage=disputes.models.private_storage, upload_to=disputes.models.evidence_path),
        ),
        migrations.AddField(model_name="evidence", name="deleted_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(
            model_name="evidence",
            name="deleted_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="decision",
            name="case",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="decision", to="disputes.case"),
        ),
        migrations.AddField(model_name="decision", name="ground", field=models.CharField(default="", max_length=20)),
        migrations.AlterModelOptions(name="decision", options={"ordering": ["-decided_at", "-pk"]}),
        migrations.AlterField(
            model_name="correction",
            name="decision",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="corrections", to="disputes.decision"),
        ),
        migrations.AddField(model_name="correction", name="ground", field=models.CharField(default="", max_length=20)),
        migrations.AddField(
            model_name="correctionnotice",
            name="decision",
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="notice", to="disputes.decision"),
        ),
        migrations.AddField(
            model_name="transitionlog",
            name="case",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="transitions", to="disputes.case"),
        ),
        migrations.AddField(
            model_name="transitionlog",
            name="decision",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="disputes.decision"),
        ),
    ]
