"""Public pages: the home page, a report's current and past revisions, and revision PDFs."""

import datetime as dt

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from config.errors import NotFound
from disputes.selectors import public_corrections

from ..models import ListedDetainer, Report, ReportRevision
from ..selectors import get_report, get_revision, public_reports, revision_changes


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _sections(revision: ReportRevision) -> dict:
    """A frozen revision's content, with its ISO dates turned back into dates for display."""
    content = revision.content or {}
    section_i = [
        {**row, "changed": row.get("issued") != row.get("as_published")} for row in content.get("section_i", [])
    ]
    section_ii = [
        {
            **row,
            "detainer_issued": _date(row.get("detainer_issued")),
            "declined": _date(row.get("declined")),
            "basis_label": ListedDetainer.Basis(row.get("activity_basis") or "").label
            if row.get("criminal_activity")
            else "",
        }
        for row in content.get("section_ii", [])
    ]
    return {
        "section_i": section_i,
        "section_i_changed": any(row["changed"] for row in section_i),
        "section_ii": section_ii,
        "section_iii": content.get("section_iii", []),
        "totals": revision.totals or {},
    }


def home(request: HttpRequest) -> HttpResponse:
    """What the product is, and every report with the totals of its current revision."""
    reports = []
    for report in public_reports():
        revisions = list(report.revisions.all())
        reports.append({"report": report, "current": revisions[0] if revisions else None, "count": len(revisions)})
    recent = list(public_corrections().select_related("notice")[:5])
    return render(request, "public/home.html", {"reports": reports, "recent_corrections": recent})


def _render_revision(request: HttpRequest, report: Report, revision: ReportRevision) -> HttpResponse:
    revisions = list(report.revisions.all())
    corrections = public_corrections().filter(entry__report=report)
    context = {
        "report": report,
        "revision": revision,
        "is_current": bool(revisions) and revisions[0].pk == revision.pk,
        "current": revisions[0] if revisions else None,
        "revisions": revisions,
        "corrections": corrections,
        "changes": revision_changes(revision),
        **_sections(revision),
    }
    return render(request, "public/report.html", context)


def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """A report as its current revision publishes it, with the full revision history."""
    report = get_report(report_id)
    revision = get_revision(report_id)
    return _render_revision(request, report, revision)


def revision_detail(request: HttpRequest, report_id: int, number: int) -> HttpResponse:
    """One frozen revision of a report, exactly as it was published."""
    report = get_report(report_id)
    revision = get_revision(report_id, number)
    return _render_revision(request, report, revision)


def revision_pdf(request: HttpRequest, report_id: int, number: int) -> HttpResponse:
    """The PDF of a revision, once the worker has rendered it."""
    revision = get_revision(report_id, number)
    if not revision.pdf:
        raise NotFound("the PDF of this revision is still being generated; try again in a minute")
    name = f"ddor-{revision.report.period_start:%Y-%m-%d}-rev{revision.number}.pdf"
    return FileResponse(revision.pdf.open("rb"), content_type="application/pdf", filename=name)
