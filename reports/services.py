import datetime as dt
import logging
from collections import Counter as Tally
from collections import defaultdict

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from config.errors import Conflict, InvalidInput, NotAllowed, NotFound
from config.queue import enqueue_on_commit
from jurisdictions.models import Account
from jurisdictions.selectors import account_for
from jurisdictions.services import ensure_facilities, ensure_jurisdictions

from .cache import public_changed
from .frozen import freeze_revision
from .importer import ImportErrors, parse_report_csv, parse_report_xlsx
from .models import Finding, IssuedCount, ListedDetainer, PolicyListing, Report, ReportLog, ReportRevision
from .pdf import render_pdf, revision_pdf_context
from .selectors import public_entry_marks

log = logging.getLogger(__name__)

SECTION_I_SIZE = 10
# Ground values (see disputes.models.Ground) meaning the detainer was never this jurisdiction's, so a
# removal on one of them also takes it out of that jurisdiction's Section I issued count.
WRONG_JURISDICTION_GROUNDS = {"not_received", "similar_name", "wrong_jurisdiction"}


XLSX_MAGIC = b"PK\x03\x04"


def import_report(
    *, data: bytes, period_start: dt.date, period_end: dt.date, actor=None, replace: bool = False
) -> Report:
    """Import a DDOR CSV or XLSX workbook as a draft report with its data-quality findings; all rows or none."""
    parse = parse_report_xlsx if data.startswith(XLSX_MAGIC) else parse_report_csv
    try:
        parsed = parse(data, period_start=period_start, period_end=period_end)
    except ImportErrors as exc:
        raise InvalidInput("\n".join(exc.errors)) from exc
    with transaction.atomic():
        existing = Report.objects.select_for_update().filter(period_start=period_start, period_end=period_end).first()
        if existing is not None and (existing.is_published or not replace):
            raise InvalidInput(
                f"a report for {period_start} to {period_end} is already "
                + (
                    "published; it can only be corrected"
                    if existing.is_published
                    else "imported as a draft; re-import it with --replace or discard the draft"
                )
            )
        if existing is not None:
            _delete_draft(existing, actor=actor, action="replaced")
        report = Report.objects.create(period_start=period_start, period_end=period_end, imported_by=actor)
        jurisdictions = ensure_jurisdictions(parsed.jurisdictions.values())
        IssuedCount.objects.bulk_create(
            IssuedCount(report=report, jurisdiction=jurisdictions[ref.fips], detainers_issued=n)
            for ref, n in parsed.issued
        )
        PolicyListing.objects.bulk_create(
            PolicyListing(report=report, jurisdiction=jurisdictions[ref.fips], policy=text)
            for ref, text in parsed.policies
        )
        # Rows as the data-quality checks read them (see quality.Facts); written from the same tuples.
        ids = {j.fips: j.pk for j in jurisdictions.values()}
        rows = [(number, ids[e.jurisdiction.fips], *e[1:]) for number, e in enumerate(parsed.entries, start=1)]
        by_pk = {j.pk: j for j in jurisdictions.values()}
        facilities = ensure_facilities((by_pk[j], name) for j, name in dict.fromkeys((r[1], r[2]) for r in rows))
        _insert_entries(report.pk, rows, {key: f.pk for key, f in facilities.items()})
        from .quality import analyse

        findings = analyse(report, entries=rows)
        _log(report, "imported", actor, f"{len(rows)} Section II rows, {len(findings)} finding(s)")
    return report


ENTRY_COLUMNS = (
    "report_id",
    "row_number",
    "jurisdiction_id",
    "facility_id",
    "citizenship",
    "detainer_issued",
    "declined",
    "criminal_activity",
    "activity_basis",
    "state",
)


def _insert_entries(report_id: int, rows: list[tuple], facilities: dict[tuple[int, str], int]) -> None:
    """Write Section II rows (row number, jurisdiction id, facility name, then the Entry fields after the facility).

    PostgreSQL: one COPY; other databases: one prepared INSERT run over every row (no model instance per row).
    """
    listed = ListedDetainer.State.LISTED.value
    table, columns = ListedDetainer._meta.db_table, ", ".join(ENTRY_COLUMNS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for number, j, facility, *rest in rows:
                    copy.write_row((report_id, number, j, facilities[(j, facility)], *rest, listed))
        return
    day = connection.ops.adapt_datefield_value
    values = (
        (report_id, number, j, facilities[(j, facility)], citizenship, day(issued), day(declined), *rest, listed)
        for number, j, facility, citizenship, issued, declined, *rest in rows
    )
    placeholders = ", ".join(["%s"] * len(ENTRY_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)


def _jurisdiction_json(j) -> dict:
    return {"fips": j.fips, "name": j.name, "state": j.state}


ENTRY_FIELDS = (
    "pk",
    "row_number",
    "state",
    "jurisdiction__fips",
    "jurisdiction__name",
    "jurisdiction__state",
    "facility__name",
    "citizenship",
    "detainer_issued",
    "declined",
    "criminal_activity",
    "activity_basis",
    "correction__action",
    "correction__ground",
    "correction__before",
)


def compute_content(report: Report) -> tuple[dict, dict]:
    """Sections I–III and totals of a report as it stands now, with every correction applied."""
    # Plain rows, not model instances: a 5,000-entry report is read on every decision that touches it.
    entries = list(report.entries.order_by("row_number").values(*ENTRY_FIELDS))
    marks = public_entry_marks(report.pk)
    published, adjustments = [], Tally()
    for entry in entries:
        action = entry["correction__action"] if entry["state"] == ListedDetainer.State.CORRECTED else None
        if action is not None:
            before = entry["correction__before"]
            was_counted = report.period_start.isoformat() <= before["detainer_issued"] <= report.period_end.isoformat()
            if was_counted and action == "remove" and entry["correction__ground"] in WRONG_JURISDICTION_GROUNDS:
                adjustments[before["fips"]] -= 1
            if was_counted and action == "amend" and before["fips"] != entry["jurisdiction__fips"]:
                adjustments[before["fips"]] -= 1
                adjustments[entry["jurisdiction__fips"]] += 1
            if action == "remove":
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
            "row": e["row_number"],
            "entry_id": e["pk"],
            "fips": e["jurisdiction__fips"],
            "name": e["jurisdiction__name"],
            "state": e["jurisdiction__state"],
            "facility": e["facility__name"],
            "citizenship": e["citizenship"],
            "detainer_issued": e["detainer_issued"].isoformat(),
            "declined": e["declined"].isoformat(),
            "criminal_activity": e["criminal_activity"],
            "activity_basis": e["activity_basis"],
            "amended": e["state"] == ListedDetainer.State.CORRECTED,
            "dispute_status": marks.get(e["pk"]),
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
    revision = freeze_revision(report_id=report.pk, number=number, reason=reason, content=content, totals=totals)
    from .tasks import render_revision_pdf

    enqueue_on_commit(render_revision_pdf, revision.pk)
    return revision


def render_revision(*, revision_id: int) -> ReportRevision:
    """Render a revision's PDF once; a second call finds it done and does nothing."""
    revision = ReportRevision.objects.select_related("report").get(pk=revision_id)
    if revision.pdf:
        return revision
    # Rendered outside the transaction: on SQLite a write transaction blocks every other writer.
    data, sha = render_pdf("reports/pdf/revision.html", revision_pdf_context(revision))
    with transaction.atomic():
        revision = ReportRevision.objects.select_for_update().select_related("report").get(pk=revision_id)
        if revision.pdf:
            return revision
        name = f"ddor-{revision.report.period_start:%Y%m%d}-rev{revision.number}.pdf"
        revision.pdf.save(name, ContentFile(data), save=False)
        revision.pdf_sha256 = sha
        revision.save(update_fields=["pdf", "pdf_sha256"])
        public_changed()
    log.info("rendered %s (%d bytes)", revision, len(data))
    return revision


# --- report lifecycle: draft → published ------------------------------------------------------------


def _log(report: Report, action: str, actor, note: str = "") -> ReportLog:
    return ReportLog.objects.create(
        report=report, period=f"{report.period_start} to {report.period_end}", action=action, actor=actor, note=note
    )


def _reviewer(actor) -> Account:
    account = account_for(actor)
    if account is None or not account.is_reviewer:
        raise NotAllowed("only an agency reviewer can do this")
    return account


def _locked_draft(report_id: int) -> Report:
    report = Report.objects.select_for_update().filter(pk=report_id).first()
    if report is None:
        raise NotFound("no such report")
    if report.is_published:
        raise Conflict("the report is already published; it can only be corrected")
    return report


def _delete_draft(report: Report, *, actor, action: str) -> None:
    _log(report, action, actor)
    report.entries.all().delete()
    report.delete()


@transaction.atomic
def acknowledge_finding(*, actor, finding_id: int, note: str) -> Finding:
    """A reviewer records why a finding does not stop publication (or what was checked); logged."""
    _reviewer(actor)
    finding = Finding.objects.filter(pk=finding_id).first()
    if finding is None:
        raise NotFound("no such finding")
    _locked_draft(finding.report_id)
    note = _acknowledgement_note(note, "note")
    finding.acknowledged_at, finding.acknowledged_by, finding.acknowledgement = timezone.now(), actor, note
    finding.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement"])
    _log(finding.report, "acknowledged", actor, f"finding {finding.pk} ({finding.get_kind_display()}): {note}")
    return finding


def _acknowledgement_note(note: str | None, field: str) -> str:
    note = (note or "").strip()
    if len(note) < 5:
        raise InvalidInput("the acknowledgement needs a note of at least 5 characters", field=field)
    return note


@transaction.atomic
def acknowledge_findings(
    *, actor, report_id: int, notes: dict[int, str] | None = None, kinds: dict[str, str] | None = None
) -> int:
    """A reviewer acknowledges a draft's open findings in one step, all or none: each finding in `notes` with its
    own note (logged one by one), then every other open finding of each kind in `kinds` with that kind's note
    (one log line per kind, however many findings it covers). Returns how many findings were acknowledged."""
    _reviewer(actor)
    report = _locked_draft(report_id)
    open_kinds = dict(report.findings.filter(acknowledged_at__isnull=True).values_list("pk", "kind"))
    notes = {int(pk): note for pk, note in (notes or {}).items()}
    for finding_id in notes:
        if finding_id not in open_kinds:
            raise InvalidInput(f"finding {finding_id} is not an open finding of this report", field="acknowledgements")
    notes = {pk: _acknowledgement_note(note, "note") for pk, note in notes.items()}
    kinds = {str(kind): note for kind, note in (kinds or {}).items()}
    for kind in kinds:
        if kind not in open_kinds.values():
            raise InvalidInput(f"this report has no open finding of kind {kind!r}", field="kind_acknowledgements")
    kinds = {kind: _acknowledgement_note(note, "note") for kind, note in kinds.items()}
    now, done = timezone.now(), 0
    for finding_id, note in notes.items():
        done += Finding.objects.filter(pk=finding_id).update(
            acknowledged_at=now, acknowledged_by=actor, acknowledgement=note
        )
        label = Finding.Kind(open_kinds[finding_id]).label
        _log(report, "acknowledged", actor, f"finding {finding_id} ({label}): {note}")
    for kind, note in kinds.items():
        count = report.findings.filter(kind=kind, acknowledged_at__isnull=True).update(
            acknowledged_at=now, acknowledged_by=actor, acknowledgement=note
        )
        if count:
            findings = f"{count} finding{'' if count == 1 else 's'} ({Finding.Kind(kind).label})"
            _log(report, "acknowledged", actor, f"{findings} together: {note}")
        done += count
    return done


@transaction.atomic
def publish_report(
    *,
    actor,
    report_id: int,
    acknowledgements: dict[int, str] | None = None,
    kind_acknowledgements: dict[str, str] | None = None,
) -> ReportRevision:
    """A reviewer publishes a draft as revision 1, every finding acknowledged (on the way, if notes are given:
    see acknowledge_findings); the named jurisdictions are emailed."""
    _reviewer(actor)
    report = _locked_draft(report_id)
    if acknowledgements or kind_acknowledgements:
        acknowledge_findings(actor=actor, report_id=report_id, notes=acknowledgements, kinds=kind_acknowledgements)
    open_ids = list(report.findings.filter(acknowledged_at__isnull=True).values_list("pk", flat=True))
    if open_ids:
        raise InvalidInput(
            f"acknowledge every finding before publishing; still open: {', '.join(map(str, open_ids))}",
            field="acknowledgements",
        )
    report.status, report.published_at, report.published_by = Report.Status.PUBLISHED, timezone.now(), actor
    report.save(update_fields=["status", "published_at", "published_by"])
    revision = create_revision(report=report, reason="Published")
    _log(report, "published", actor, f"revision {revision.number}")
    _notify_named_jurisdictions(report, revision)
    from .tasks import refresh_planner_statistics

    enqueue_on_commit(refresh_planner_statistics)
    return revision


def _notify_named_jurisdictions(report: Report, revision: ReportRevision) -> None:
    from disputes.services.common import queue_notification

    named = {row["fips"] for section in ("section_i", "section_ii", "section_iii") for row in revision.content[section]}
    declined = {row["fips"]: row["declined"] for row in revision.totals["declined_by_jurisdiction"]}
    accounts = Account.objects.filter(role=Account.Role.SHERIFF, jurisdiction__fips__in=named).select_related(
        "user", "jurisdiction"
    )
    by_jurisdiction = defaultdict(list)
    for account in accounts:
        by_jurisdiction[account.jurisdiction].append(account.user.email)
    for jurisdiction, emails in by_jurisdiction.items():
        queue_notification(
            f"report-{report.pk}-published-{jurisdiction.fips}",
            "report_published",
            emails,
            {
                "jurisdiction": str(jurisdiction),
                "report": report.label,
                "report_path": f"/reports/{report.pk}/",
                "declined": declined.get(jurisdiction.fips, 0),
            },
        )


@transaction.atomic
def discard_report(*, actor, report_id: int) -> None:
    """A reviewer discards a draft with its rows and findings; a published report can never be deleted."""
    _reviewer(actor)
    _delete_draft(_locked_draft(report_id), actor=actor, action="discarded")
