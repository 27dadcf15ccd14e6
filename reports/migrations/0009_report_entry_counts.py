"""Each report keeps how many of its entries stand disputed, corrected and upheld (reports.entry_counts)."""

from django.db import migrations, models
from django.db.models import Count, Q


def count_entries(apps, schema_editor) -> None:
    """Count what the entries stand at now, as reports.entry_counts.COUNTED defines each column (frozen here)."""
    Report = apps.get_model("reports", "Report")
    Entry = apps.get_model("reports", "ListedDetainer")
    counts = (
        Entry.objects.order_by()
        .values("report_id")
        .annotate(
            disputed=Count("pk", filter=~Q(state="listed")),
            corrected=Count("pk", filter=Q(state="corrected")),
            upheld=Count("pk", filter=Q(state="upheld")),
        )
    )
    for row in counts:
        Report.objects.filter(pk=row["report_id"]).update(
            entries_disputed=row["disputed"], entries_corrected=row["corrected"], entries_upheld=row["upheld"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_revision_changes"),
    ]

    operations = [
        migrations.AddField(model_name="report", name="entries_disputed", field=models.IntegerField(default=0)),
        migrations.AddField(model_name="report", name="entries_corrected", field=models.IntegerField(default=0)),
        migrations.AddField(model_name="report", name="entries_upheld", field=models.IntegerField(default=0)),
        migrations.RunPython(count_entries, migrations.RunPython.noop),
    ]
