"""Section II rows shared between revisions, and the headline totals as columns.

Every existing revision keeps exactly the content it was frozen with: its Section II moves into
RevisionRows (one per row where it differs from the revision before), its totals are copied to columns.
"""

from django.db import migrations, models
from django.db.models import deletion

TOTAL_COLUMNS = ("declined", "removed", "amended", "jurisdictions_declining", "issued_top", "policies")


def split_content(apps, schema_editor):
    from reports.frozen import row_changes

    Revision = apps.get_model("reports", "ReportRevision")
    Row = apps.get_model("reports", "RevisionRow")
    report_ids = Revision.objects.values_list("report_id", flat=True).distinct()
    for report_id in report_ids:
        open_rows: dict[int, tuple[int, dict]] = {}
        for revision in Revision.objects.filter(report_id=report_id).order_by("number"):
            sections = dict(revision.sections or {})
            rows = sections.pop("section_ii", [])
            closed, added = row_changes(open_rows, rows)
            Row.objects.filter(pk__in=closed).update(until=revision.number)
            gone = set(closed)
            open_rows = {entry_id: kept for entry_id, kept in open_rows.items() if kept[0] not in gone}
            made = Row.objects.bulk_create(
                Row(report_id=report_id, row=r["row"], entry_id=r["entry_id"], since=revision.number, data=r)
                for r in added
            )
            open_rows.update({r.entry_id: (r.pk, r.data) for r in made})
            totals = revision.totals or {}
            Revision.objects.filter(pk=revision.pk).update(
                sections=sections, **{name: totals.get(name, 0) for name in TOTAL_COLUMNS}
            )


def join_content(apps, schema_editor):
    from django.db.models import Q

    Revision = apps.get_model("reports", "ReportRevision")
    Row = apps.get_model("reports", "RevisionRow")
    for revision in Revision.objects.all():
        rows = Row.objects.filter(report_id=revision.report_id, since__lte=revision.number).filter(
            Q(until__isnull=True) | Q(until__gt=revision.number)
        )
        sections = {**(revision.sections or {}), "section_ii": [r.data for r in rows.order_by("row")]}
        Revision.objects.filter(pk=revision.pk).update(sections=sections)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_merge_appeal_states_report_lifecycle"),
    ]

    operations = [
        migrations.RenameField("reportrevision", "content", "sections"),
        *(
            migrations.AddField("reportrevision", name, models.PositiveIntegerField(default=0))
            for name in TOTAL_COLUMNS
        ),
        migrations.CreateModel(
            name="RevisionRow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("row", models.PositiveIntegerField()),
                ("entry_id", models.BigIntegerField()),
                ("since", models.PositiveIntegerField(help_text="First revision number showing the row so")),
                (
                    "until",
                    models.PositiveIntegerField(
                        blank=True, null=True, help_text="First revision no longer showing it"
                    ),
                ),
                ("data", models.JSONField()),
                (
                    "report",
                    models.ForeignKey(on_delete=deletion.PROTECT, related_name="+", to="reports.report"),
                ),
            ],
            options={
                "ordering": ["report", "row"],
                "indexes": [models.Index(fields=["report", "row"], name="revision_row_order")],
                "constraints": [
                    models.UniqueConstraint(fields=("report", "entry_id", "since"), name="uniq_revision_row")
                ],
            },
        ),
        migrations.RunPython(split_content, join_content),
    ]
