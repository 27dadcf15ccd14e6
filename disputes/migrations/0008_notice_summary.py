"""Each correction notice keeps, once every correction is published, what lists of notices say of it."""

from django.db import migrations, models


def freeze_published(apps, schema_editor):
    """As disputes.selectors.summary_facts sums a notice up (frozen here), for every notice already published."""
    CorrectionNotice = apps.get_model("disputes", "CorrectionNotice")
    Correction = apps.get_model("disputes", "Correction")
    for notice in CorrectionNotice.objects.filter(summary__isnull=True).iterator():
        corrections = Correction.objects.filter(decision_id=notice.decision_id).values_list(
            "before", "entry__report_id", "entry__report__period_start", "entry__report__period_end", "revision__number"
        )
        count, places, reports, revisions, published = 0, set(), {}, set(), True
        for before, report, start, end, revision in corrections:
            count += 1
            places.add(f"{before.get('jurisdiction')}, {before.get('state')}")
            reports.setdefault(report, [report, str(start), str(end)])
            if revision is None:
                published = False
            else:
                revisions.add((report, revision))
        if count and published:
            notice.summary = {
                "count": count,
                "jurisdictions": sorted(places),
                "reports": sorted(reports.values(), key=lambda r: r[1]),
                "revisions": [list(pair) for pair in sorted(revisions)],
                "published": True,
            }
            notice.save(update_fields=["summary"])


class Migration(migrations.Migration):
    dependencies = [
        ("disputes", "0007_merge_20261125_0330"),
    ]

    operations = [
        migrations.AddField(
            model_name="correctionnotice",
            name="summary",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(freeze_published, migrations.RunPython.noop),
    ]
