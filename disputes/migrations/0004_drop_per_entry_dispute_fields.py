import django.db.models.deletion
from django.db import migrations, models

GROUNDS = [
    ("handed_to_ice", "Handed to ICE at release (detainer honored)"),
    ("transferred", "Transferred and released elsewhere"),
    ("not_received", "Detainer never received / issued to the wrong place"),
    ("similar_name", "Confused with a similarly named jurisdiction"),
    ("before_period", "Declined before the reporting period / batch re-processing"),
    ("duplicate", "Duplicate of another entry"),
    ("data_error", "Data processing error"),
    ("wrong_jurisdiction", "Listed against the wrong jurisdiction"),
    ("other", "Other"),
]


class Migration(migrations.Migration):
    """The ground, explanation, evidence and decision now belong to the case."""

    dependencies = [("disputes", "0003_disputes_into_cases")]

    operations = [
        migrations.RemoveConstraint(model_name="evidence", name="uniq_evidence_per_dispute"),
        migrations.RemoveField(model_name="evidence", name="dispute"),
        migrations.AlterField(
            model_name="evidence",
            name="case",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="evidence", to="disputes.case"),
        ),
        migrations.AddConstraint(
            model_name="evidence",
            constraint=models.UniqueConstraint(
                condition=models.Q(("deleted_at__isnull", True)), fields=("case", "sha256"), name="uniq_evidence_per_case"
            ),
        ),
        migrations.RemoveField(model_name="dispute", name="ground"),
        migrations.RemoveField(model_name="dispute", name="explanation"),
        migrations.RemoveField(model_name="dispute", name="submitted_at"),
        migrations.AlterField(
            model_name="dispute",
            name="case",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="disputes", to="disputes.case"),
        ),
        migrations.AlterField(model_name="dispute", name="note", field=models.TextField(blank=True)),
        migrations.RemoveField(model_name="decision", name="dispute"),
        migrations.AlterField(model_name="decision", name="ground", field=models.CharField(choices=GROUNDS, max_length=20)),
        migrations.AlterField(model_name="correction", name="ground", field=models.CharField(choices=GROUNDS, max_length=20)),
        migrations.RemoveField(model_name="correctionnotice", name="correction"),
        migrations.AlterField(
            model_name="correctionnotice",
            name="decision",
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="notice", to="disputes.decision"),
        ),
        migrations.RemoveField(model_name="transitionlog", name="dispute"),
    ]
