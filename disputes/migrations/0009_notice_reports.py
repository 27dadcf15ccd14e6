"""Each correction notice names the reports whose entries it corrected, so a report finds its notices directly."""

from django.db import migrations, models


def name_reports(apps, schema_editor):
    """Every existing notice's reports, from its corrections' entries."""
    CorrectionNotice = apps.get_model("disputes", "CorrectionNotice")
    Correction = apps.get_model("disputes", "Correction")
    through = CorrectionNotice.reports.through
    notices = dict(CorrectionNotice.objects.values_list("decision_id", "pk"))
    pairs = (
        Correction.objects.filter(decision_id__in=notices)
        .order_by()
        .values_list("decision_id", "entry__report_id")
        .distinct()
    )
    through.objects.bulk_create(
        (through(correctionnotice_id=notices[decision], report_id=report) for decision, report in pairs),
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("disputes", "0008_notice_summary"),
        ("reports", "0001_initial"),  # the reports table is all it needs; later ones may be rolled back apart
    ]

    operations = [
        migrations.AddField(
            model_name="correctionnotice",
            name="reports",
            field=models.ManyToManyField(blank=True, editable=False, related_name="notices", to="reports.report"),
        ),
        migrations.RunPython(name_reports, migrations.RunPython.noop),
    ]
