"""Each revision keeps what its Section II lists (filter choices, row numbers left out), read from its rows."""

from django.db import migrations, models
from django.db.models import Q


def fill(apps, schema_editor):
    Revision = apps.get_model("reports", "ReportRevision")
    Row = apps.get_model("reports", "RevisionRow")
    Entry = apps.get_model("reports", "ListedDetainer")
    for revision in Revision.objects.only("pk", "report_id", "number").iterator():
        rows = Row.objects.filter(report_id=revision.report_id, since__lte=revision.number).filter(
            Q(until__isnull=True) | Q(until__gt=revision.number)
        )
        listed, choices = set(), set()
        for data in rows.values_list("data", flat=True).iterator():
            listed.add(data["row"])
            choices.add((str(data["fips"]), data["name"], data["state"], data["facility"]))
        numbers = set(Entry.objects.filter(report_id=revision.report_id).values_list("row_number", flat=True))
        # The revision row refuses save() once written (it is frozen); this adds what it already held.
        Revision.objects.filter(pk=revision.pk).update(
            section_ii_index={"choices": sorted(choices), "gaps": sorted(numbers - listed)}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_merge_0004_entry_indexes_0005_public_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportrevision",
            name="section_ii_index",
            field=models.JSONField(default=dict),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
