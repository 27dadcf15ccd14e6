import datetime as dt
import logging
from collections import Counter as Tally

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from config.errors import InvalidInput
from config.queue import enqueue_on_commit
from jurisdictions.services import ensure_facility, ensure_jurisdiction

from .importer import ImportErrors, parse_report_csv
from .models import IssuedCount, ListedDetainer, PolicyListing, Report, ReportRevision
from .pdf import render_pdf
from .selectors import revision_changes

log = logging.getLogger(__name__)

SECTION_I_SIZE = 10
# Ground values (see disputes.models.Ground) meaning the detainer was never this jurisdiction's, so a
# removal on one of them also takes it out of that jurisdiction's Section I issued count.
WRONG_JURISDICTION_GROUNDS = {"not_received", "similar_name"}


def import_report(*, data: bytes, period_start: dt.date, period_end: dt.date, actor=None) -> Report:
    """Import a DDOR CSV as a new report with its first revision; all rows or none."""
    try:
        parsed = parse_report_csv(data, period_start=period_start, period_end=period_end)
    except ImportErrors as exc:
        raise InvalidInput("\n".join(exc.errors)) from exc
    with transaction.atomic():
        if Report.objects.filter(period_start=period_start, period_end=period_end).exists():
            raise InvalidInput(f"a report for {period_start} to {period_end} is already imported")
        report = Report.objects.create(period_start=period_start, period_end=period_end, imported_by=actor)
        jurisdictions = {
            fips: ensure_jurisdiction(fips=ref.fips, name=ref.name, state=ref.state, kind=ref.kind)
            for fips, ref in parsed.jurisdictions.items()
        }
        IssuedCount.objects.bulk_create(
            IssuedCount(report=report, jurisdiction=jurisdictions[ref.fips], detainers_issued=n)
            for ref, n in parsed.issued
        )
        PolicyListing.objects.bulk_create(
            PolicyListing(report=report, jurisdiction=jurisdictions[ref.fips], policy=text)
            for ref, text in parsed.policies
        )
        facilities: dict[tuple[str, str], object] = {}
        entries = []
        for number, row in enumerate(parsed.entries, start=1):
            jurisdiction = jurisdictions[row["jurisdiction"].fips]
            key = (jurisdiction.fips, row["facility"])
            if key not in facilities:
                facilities[key] = ensure_facility(jurisdiction=jurisdiction, name=row["facility"])
            entries.append(
                ListedDetainer(
                    report=report,
                    row_number=number,
                    jurisdiction=jurisdiction,
                    facility=facilities[key],
                    citizenship=row["citizenship"],
                    detainer_issued=row["detainer_issued"],
                    declined=row["declined"],
                    criminal_activity=row["criminal_activity"],
                    activity_basis=row["activity_basis"],
                )
            )
        ListedDetainer.objects.bulk_create(entries, batch_size=500)
        create_revision(report=report, reason="Published as imported")
    return report


def _jurisdiction_json(j) -> dict:
    return {"fips": j.fips, "name": j.name, "state": j.state}


def compute_content(report: Report) -> tuple[dict, dict]:
    """Sections I–III and totals of a report as it stands now, with every correction applied."""
    entries = list(
        report.entries.select_related("jurisdiction", "facility", "correction", "dispute").order_by("row_number")
    )
    published, adjustments = [], Tally()
    for entry in entries:
        correction = getattr(entry, "correction", None) if entry.state == ListedDetainer.State.CORRECTED else None
        if correction is not None:
            before = correction.before
            was_counted = report.period_start.isoformat() <= before["detainer_issued"] <= report.period_end.isoformat()
            if was_counted and correction.action == "remove" and entry.dispute.ground in WRONG_JURISDICTION_GROUNDS:
                adjustments[before["fips"]] -= 1
            if was_counted and correction.action == "amend" and before["fips"] != entry.jurisdiction.fips:
                adjustments[before["fips"]] -= 1
                adjustments[entry.jurisdiction.fips] += 1
            if correction.action == "remove":
                continue
        published.append(entry)

    section_i = []
    for row in report.issued_counts.select_related("jurisdiction"):
        issued = max(0, row.detainers_issued + adjustments[row.jurisdiction.fips])
        section_i.append(
            {**_jurisdiction_json(row.jurisdiction), "issued": issued, "as_published": row.detainers_issued}
        )
    section_i.sort(key=lambda r: (-r["issued"], r["state"], r["name"]))
    for rank, row in enumerate(section_i, start=1):
        row["rank"] = rank
    section_i = section_i[:SECTION_I_SIZE]

    section_ii = [
        {
            "row": e.row_number,
            "entry_id": e.pk,
            **_jurisdiction_json(e.jurisdiction),
            "facility": e.facility.name,
            "citizenship": e.citizenship,
            "detainer_issued": e.detainer_issued.isoformat(),
            "declined": e.declined.isoformat(),
            "criminal_activity": e.criminal_activity,
            "activity_basis": e.activity_basis,
            "amended": e.state == ListedDetainer.State.CORRECTED,
        }
        for e in published
    ]
    section_iii = [
        {**_jurisdiction_json(p.jurisdiction), "policy": p.policy}
        for p in report.policies.select_related("jurisdiction")
    ]
    by_jurisdiction = Tally((r["fips"], r["name"], r["state"]) for r in section_ii)
    totals = {
        "declined": len(section_ii),
        "removed": len(entries) - len(published),
        "amended": sum(1 for r in section_ii if r["amended"]),
        "jurisdictions_declining": len(by_jurisdiction),
        "declined_by_jurisdiction": [
            {"fips": f, "name": n, "state": s, "declined": c}
            for (f, n, s), c in sorted(by_jurisdiction.items(), key=lambda kv: (-kv[1], kv[0][2], kv[0][1]))
        ],
        "issued_top": sum(r["issued"] for r in section_i),
        "policies": len(section_iii),
    }
    content = {"section_i": section_i, "section_ii": section_ii, "section_iii": section_iii}
    return content, totals


def create_revision(*, report: Report, reason: str) -> ReportRevision:
    """Freeze the report's current content as its next revision; call with the report row locked."""
    content, totals = compute_content(report)
    number = (report.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = ReportRevision.objects.create(
        report=report, number=number, reason=reason, content=content, totals=totals
    )
    from .tasks import render_revision_pdf

    enqueue_on_commit(render_revision_pdf, revision.pk)
    return revision


def render_revision(*, revision_id: int) -> ReportRevision:
    """Render a revision's PDF once; a second call finds it done and does nothing."""
    with transaction.atomic():
        revision = ReportRevision.objects.select_for_update().select_related("report").get(pk=revision_id)
        if revision.pdf:
            return revision
        data, sha = render_pdf(
            "reports/pdf/revision.html",
            {
                "revision": revision,
                "report": revision.report,
                "changes": revision_changes(revision),
                "site_url": settings.SITE_URL,
                "now": timezone.now(),
            },
        )
        name = f"ddor-{revision.report.period_start:%Y%m%d}-rev{revision.number}.pdf"
        revision.pdf.save(name, ContentFile(data), save=False)
        revision.pdf_sha256 = sha
        revision.save(update_fields=["pdf", "pdf_sha256"])
    log.info("rendered %s (%d bytes)", revision, len(data))
    return revision
