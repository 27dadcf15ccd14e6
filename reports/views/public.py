"""Public pages: the home page and its weekly series, a report's revisions and PDFs, a jurisdiction over time."""

import datetime as dt

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from config.errors import NotFound
from disputes.selectors import pending_on_report, public_notices
from disputes.views.public import notice_rows

from ..models import ListedDetainer, Report, ReportRevision
from ..section_filter import section_ii_page
from ..selectors import get_report, get_revision, public_entry_marks, revision_changes
from ..series import get_jurisdiction, jurisdiction_corrections, jurisdiction_series, weekly_series


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _sections(revision: ReportRevision, rows: list[dict], marks: dict | None = None) -> dict:
    """A frozen revision's content (Section II: the page's `rows`), with ISO dates turned back into dates.

    `marks` (the live dispute status of entries) replaces the frozen ones on the current revision.
    """
    content = revision.sections or {}
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
            "mark": _mark(marks.get(row.get("entry_id")) if marks is not None else row.get("dispute_status")),
        }
        for row in rows
    ]
    return {
        "section_i": section_i,
        "section_i_changed": any(row["changed"] for row in section_i),
        "section_ii": section_ii,
        "section_iii": content.get("section_iii", []),
        "totals": revision.totals or {},
    }


# Unmarked rows get empty fields rather than None: the page asks each row for them five times, and a lookup
# that fails costs the template several exceptions.
NO_MARK = {"status": "", "since": None, "statement": ""}


def _mark(status: dict | None) -> dict:
    if not status:
        return NO_MARK
    return {"status": status["status"], "since": _date(status.get("since")), "statement": status.get("statement", "")}


def home(request: HttpRequest) -> HttpResponse:
    """What the product is, and the weekly series: every published report in order with totals and corrections."""
    weeks = weekly_series()
    peak = max((w["totals"].get("declined", 0) for w in weeks), default=0) or 1
    for week in weeks:
        week["bar"] = round(100 * week["totals"].get("declined", 0) / peak)
    recent = notice_rows(public_notices()[:5])
    return render(request, "public/home.html", {"weeks": weeks, "recent_corrections": recent})


def jurisdiction_detail(request: HttpRequest, fips: str) -> HttpResponse:
    """One jurisdiction across the series: entries listed, disputed, corrected, upheld; Section I and III by week."""
    series = jurisdiction_series(get_jurisdiction(fips))
    corrections = jurisdiction_corrections(series["jurisdiction"]).select_related("decision__notice")
    return render(request, "public/jurisdiction.html", {**series, "corrections": corrections})


def _render_revision(request: HttpRequest, report: Report, revision: ReportRevision) -> HttpResponse:
    revisions = list(report.revisions.all())
    is_current = bool(revisions) and revisions[0].pk == revision.pk
    shown = section_ii_page(revision, request.GET)
    rows = shown.pop("page_rows")
    notices = public_notices().filter(decision__corrections__entry__report=report).distinct()
    marks = public_entry_marks(report.pk, [row["entry_id"] for row in rows]) if is_current else None
    context = {
        "report": report,
        "revision": revision,
        "is_current": is_current,
        "current": revisions[0] if revisions else None,
        "revisions": revisions,
        "notices": notice_rows(notices),
        "changes": revision_changes(revision),
        "pending": pending_on_report(report.pk),
        "review_days": settings.REVIEW_WORKING_DAYS,
        **shown,
        **_sections(revision, rows, marks),
    }
    return render(request, "public/report.html", context)


def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """A report as its current revision publishes it, with the full revision history."""
    report = get_report(report_id, history_totals=False)
    revision = get_revision(report_id)
    return _render_revision(request, report, revision)


def revision_detail(request: HttpRequest, report_id: int, number: int) -> HttpResponse:
    """One frozen revision of a report, exactly as it was published."""
    report = get_report(report_id, history_totals=False)
    revision = get_revision(report_id, number)
    return _render_revision(request, report, revision)


def revision_pdf(request: HttpRequest, report_id: int, number: int) -> HttpResponse:
    """The PDF of a revision, once the worker has rendered it."""
    revision = get_revision(report_id, number)
    if not revision.pdf:
        raise NotFound("the PDF of this revision is still being generated; try again in a minute")
    name = f"ddor-{revision.report.period_start:%Y-%m-%d}-rev{revision.number}.pdf"
    return FileResponse(revision.pdf.open("rb"), content_type="application/pdf", filename=name)
