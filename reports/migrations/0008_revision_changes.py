"""Each revision keeps what it changed from the one before (reports.selectors.revision_changes), read from its rows."""

from django.db import migrations, models

from reports.diff import diff_content


def _label(report) -> str:
    return f"{report.period_start:%b %-d, %Y} – {report.period_end:%b %-d, %Y}"


def _vanished(apps, revision) -> dict | None:
    """As reports.selectors.vanished_changes: the jurisdictions of the week before a first revision drops."""
    Report = apps.get_model("reports", "Report")
    Revision = apps.get_model("reports", "ReportRevision")
    Finding = apps.get_model("reports", "Finding")
    report = Report.objects.get(pk=revision.report_id)
    vanished = list(Finding.objects.filter(report=report, kind="vanished").values_list("section", "jurisdictions"))
    if not vanished:
        return None
    previous = (
        Report.objects.filter(status="published", period_start__lt=report.period_start).order_by("-period_start").first()
    )
    before = Revision.objects.filter(report=previous).order_by("-number").only("sections").first()
    if before is None:
        return None
    gone = {(section, fips) for section, codes in vanished for fips in codes}
    return {
        **diff_content({}, {}),
        "since": None,
        "since_report": _label(previous),
        "section_i_left": [r for r in before.sections.get("section_i", []) if ("I", r["fips"]) in gone],
        "section_iii_left": [r for r in before.sections.get("section_iii", []) if ("III", r["fips"]) in gone],
        "any": True,
    }


def changes_of(apps, revision) -> dict | None:
    Revision = apps.get_model("reports", "ReportRevision")
    Row = apps.get_model("reports", "RevisionRow")
    previous = (
        Revision.objects.filter(report_id=revision.report_id, number__lt=revision.number)
        .order_by("-number")
        .only("sections", "number")
        .first()
    )
    if previous is None:
        return _vanished(apps, revision)
    rows = Row.objects.filter(report_id=revision.report_id).order_by("row")
    before = list(rows.filter(until=revision.number).values_list("data", flat=True))
    after = list(rows.filter(since=revision.number).values_list("data", flat=True))
    return {
        "since": previous.number,
        **diff_content({**previous.sections, "section_ii": before}, {**revision.sections, "section_ii": after}),
    }


def fill(apps, schema_editor):
    Revision = apps.get_model("reports", "ReportRevision")
    for revision in Revision.objects.only("pk", "report_id", "number", "sections").iterator():
        # The revision row refuses save() once written (it is frozen); this adds what it already showed.
        Revision.objects.filter(pk=revision.pk).update(changes=changes_of(apps, revision))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_revision_section_ii_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportrevision",
            name="changes",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
