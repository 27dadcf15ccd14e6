"""Open data: revisions, corrections and findings as CSV and JSON with a stable column set, and the series as a zip.

The columns below are a published contract (see README, "Open data"): add new ones at the end, never rename.
"""

import csv
import io
import json
import zipfile
from typing import BinaryIO

from django.http import HttpResponse

from .models import ListedDetainer, Report, ReportRevision

# The published fields of a Section II entry, in both revision and correction files.
ENTRY_FIELDS = ("facility", "citizenship", "detainer_issued", "declined", "criminal_activity", "activity_basis")
SNAPSHOT_FIELDS = ("fips", "jurisdiction", "state", *ENTRY_FIELDS)
REVISION_COLUMNS = (
    "report_id",
    "period_start",
    "period_end",
    "revision",
    "section",
    "rank",
    "row",
    "entry_id",
    "entry_state",
    "fips",
    "jurisdiction",
    "state",
    "detainers_issued",
    "detainers_issued_as_published",
    *ENTRY_FIELDS,
    "amended",
    "policy",
)
CORRECTION_COLUMNS = (
    "notice",
    "decided_at",
    "report_id",
    "period_start",
    "period_end",
    "revision",
    "entry_id",
    "row",
    "action",
    "ground",
    *SNAPSHOT_FIELDS,
    *(f"after_{name}" for name in SNAPSHOT_FIELDS),
    "rationale",
)
FINDING_COLUMNS = (
    "finding_id",
    "kind",
    "severity",
    "section",
    "rows",
    "jurisdictions",
    "explanation",
    "acknowledged_at",
    "acknowledged_by",
    "acknowledgement",
)
# A spreadsheet runs a cell starting with one of these as a formula; a leading apostrophe keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> object:
    """A cell value safe to open in a spreadsheet: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise("" if row.get(c) is None else row.get(c)) for c in header])
    return out.getvalue().encode("utf-8")


def csv_response(filename: str, header, rows) -> HttpResponse:
    response = HttpResponse(write_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_bytes(data) -> bytes:
    return json.dumps(data, indent=1, default=str).encode("utf-8")


def json_response(filename: str, data) -> HttpResponse:
    response = HttpResponse(json_bytes(data), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def revision_sections(revision: ReportRevision, states: dict[int, str] | None = None) -> dict:
    """A revision's three sections as rows named by REVISION_COLUMNS, with each entry's current state."""
    report = revision.report
    content = revision.content or {}
    if states is None:
        ids = [r["entry_id"] for r in content.get("section_ii", [])]
        states = dict(ListedDetainer.objects.filter(pk__in=ids).values_list("pk", "state"))
    base = {
        "report_id": report.pk,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "revision": revision.number,
    }

    def place(r: dict) -> dict:
        return {"fips": r["fips"], "jurisdiction": r["name"], "state": r["state"]}

    section_i = [
        {
            **base,
            "section": "I",
            "rank": r["rank"],
            **place(r),
            "detainers_issued": r["issued"],
            "detainers_issued_as_published": r.get("as_published", r["issued"]),
        }
        for r in content.get("section_i", [])
    ]
    section_ii = [
        {
            **base,
            "section": "II",
            "row": r["row"],
            "entry_id": r["entry_id"],
            "entry_state": states.get(r["entry_id"], ""),
            **place(r),
            **{name: r.get(name, "") for name in ENTRY_FIELDS},
            "amended": bool(r.get("amended")),
        }
        for r in content.get("section_ii", [])
    ]
    section_iii = [
        {**base, "section": "III", **place(r), "policy": r["policy"]} for r in content.get("section_iii", [])
    ]
    return {"section_i": section_i, "section_ii": section_ii, "section_iii": section_iii}


def revision_json(revision: ReportRevision, states: dict[int, str] | None = None) -> dict:
    report = revision.report
    return {
        "report_id": report.pk,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "revision": revision.number,
        "generated_at": revision.generated_at.isoformat(),
        "reason": revision.reason,
        "totals": revision.totals,
        "columns": list(REVISION_COLUMNS),
        **revision_sections(revision, states),
    }


def revision_rows(revision: ReportRevision, states: dict[int, str] | None = None) -> list[dict]:
    sections = revision_sections(revision, states)
    return sections["section_i"] + sections["section_ii"] + sections["section_iii"]


def correction_rows(corrections) -> list[dict]:
    """Corrections as rows named by CORRECTION_COLUMNS: the entry before, and after when amended."""
    rows = []
    for c in corrections:
        before, after = c.before or {}, c.after or {}
        report = c.entry.report
        row = {
            "notice": c.notice.number,
            "decided_at": c.decision.decided_at.isoformat(),
            "report_id": report.pk,
            "period_start": report.period_start.isoformat(),
            "period_end": report.period_end.isoformat(),
            "revision": c.revision.number if c.revision_id else None,
            "entry_id": c.entry_id,
            "row": c.entry.row_number,
            "action": c.action,
            "ground": c.ground,
            "rationale": c.decision.rationale,
        }
        for prefix, snapshot in (("", before), ("after_", after)):
            row.update({prefix + name: snapshot.get(name, "") for name in SNAPSHOT_FIELDS})
        rows.append(row)
    return rows


def findings_table(findings) -> tuple[tuple[str, ...], list[dict]]:
    rows = [
        {
            "finding_id": f.pk,
            "kind": f.kind,
            "severity": f.severity,
            "section": f.section,
            "rows": " ".join(map(str, f.rows)),
            "jurisdictions": " ".join(f.jurisdictions),
            "explanation": f.explanation,
            "acknowledged_at": f.acknowledged_at.isoformat() if f.acknowledged_at else "",
            "acknowledged_by": f.acknowledged_by.get_username() if f.acknowledged_by else "",
            "acknowledgement": f.acknowledgement,
        }
        for f in findings
    ]
    return FINDING_COLUMNS, rows


def write_series_zip(out: BinaryIO, corrections) -> None:
    """Every revision of every published report (CSV and JSON), the corrections and the column lists, zipped
    into `out` (one revision's files in memory at a time)."""
    states = dict(ListedDetainer.objects.published().values_list("pk", "state"))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        revisions = ReportRevision.objects.filter(report__status=Report.Status.PUBLISHED).select_related("report")
        for revision in revisions.order_by("report__period_start", "number"):
            name = f"ddor-{revision.report.period_start:%Y-%m-%d}-rev{revision.number}"
            archive.writestr(f"{name}.csv", write_csv(REVISION_COLUMNS, revision_rows(revision, states)))
            archive.writestr(f"{name}.json", json.dumps(revision_json(revision, states), indent=1))
        rows = correction_rows(corrections)
        archive.writestr("corrections.csv", write_csv(CORRECTION_COLUMNS, rows))
        archive.writestr("corrections.json", json.dumps(rows, indent=1))
        archive.writestr(
            "COLUMNS.txt",
            "revision CSV/JSON rows: " + ", ".join(REVISION_COLUMNS) + "\n"
            "corrections CSV/JSON: " + ", ".join(CORRECTION_COLUMNS) + "\n"
            "CSV text cells starting with = + - @ are prefixed with an apostrophe.\n",
        )
