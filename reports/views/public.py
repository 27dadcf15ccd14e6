"""Public pages: the home page and its weekly series, a report's revisions and PDFs, a jurisdiction over time."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from config.errors import NotFound
from disputes.selectors import pending_on_report, public_notices, report_notices
from disputes.views.public import notice_rows

from ..models import ReportRevision
from ..pdf import prints_section_ii
from ..section_filter import section_ii_page
from ..selectors import get_revision, public_entry_marks, revision_history
from ..series import get_jurisdiction, jurisdiction_corrections, jurisdiction_series, weekly_series
from .section_ii_html import options_html, rows_html

# A report page lists the latest revisions and notices; however often a report is corrected, the rest are a
# link away (the report's history page, and the corrections page filtered to the report).
HISTORY_SHOWN = 10
NOTICES_SHOWN = 10
REVISIONS_PER_PAGE = 50
CORRECTIONS_PER_PAGE = 50  # a jurisdiction's corrections: a batch case can correct hundreds of its entries
# Section II changes a report page lists (a batch correction can remove thousands of rows); the rest are counted,
# and each is on the corrections to the report. The PDF lists them all.
CHANGES_SHOWN = 50
SECTION_II_CHANGES = ("section_ii_removed", "section_ii_amended", "section_ii_added")


def _sections(revision: ReportRevision, rows: list[dict], marks: dict | None, *, filtered: bool) -> dict:
    """A frozen revision's content, Section II as the page's `rows` written out (see section_ii_html).

    `marks` (the live dispute status of entries) replaces the frozen ones on the current revision.
    """
    content = revision.sections or {}
    section_i = [
        {**row, "changed": row.get("issued") != row.get("as_published")} for row in content.get("section_i", [])
    ]
    return {
        "section_i": section_i,
        "section_i_changed": any(row["changed"] for row in section_i),
        "section_ii_rows": rows_html(rows, marks, filtered=filtered),
        "section_iii": content.get("section_iii", []),
        "totals": revision.totals or {},
    }


def shown_changes(changes: dict | None, shown: int = CHANGES_SHOWN) -> dict | None:
    """A revision's changes as its page lists them: the first `shown` Section II changes, and how many more."""
    if not changes:
        return changes
    listed, room = dict(changes), shown
    for key in SECTION_II_CHANGES:
        listed[key] = (changes.get(key) or [])[: max(room, 0)]
        room -= len(listed[key])
    listed["more"] = sum(len(changes.get(key) or []) - len(listed[key]) for key in SECTION_II_CHANGES)
    return listed


def home(request: HttpRequest) -> HttpResponse:
    """What the product is, and the weekly series: every published report in order with totals and corrections."""
    weeks = weekly_series()
    peak = max((w["totals"].get("declined", 0) for w in weeks), default=0) or 1
    for week in weeks:
        week["bar"] = round(100 * week["totals"].get("declined", 0) / peak)
    recent = notice_rows(public_notices()[:5], shown=0)  # their counts and jurisdictions only
    return render(request, "public/home.html", {"weeks": weeks, "recent_corrections": recent})


def jurisdiction_detail(request: HttpRequest, fips: str) -> HttpResponse:
    """One jurisdiction across the series: entries listed, disputed, corrected, upheld; Section I and III by week;
    its corrections, newest first and a page at a time."""
    series = jurisdiction_series(get_jurisdiction(fips))
    corrections = jurisdiction_corrections(series["jurisdiction"]).select_related("decision__notice")
    page = Paginator(corrections, CORRECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "public/jurisdiction.html", {**series, "corrections": page.object_list, "page": page})


def _render_revision(request: HttpRequest, revision: ReportRevision) -> HttpResponse:
    report = revision.report
    revisions = list(revision_history(report.pk)[:HISTORY_SHOWN])
    is_current = bool(revisions) and revisions[0].pk == revision.pk
    if revision.pk not in {r.pk for r in revisions}:
        revisions.append(revision)  # an older revision's page lists itself too
    notices, notice_count = report_notices(report.pk, latest=NOTICES_SHOWN)
    shown = section_ii_page(revision, request.GET)
    rows = shown.pop("page_rows")
    choices, chosen = shown.pop("filter_choices"), shown["filter"]
    marks = public_entry_marks(report.pk, [row["entry_id"] for row in rows]) if is_current else None
    context = {
        "report": report,
        "revision": revision,
        "is_current": is_current,
        "current": revisions[0] if revisions else None,
        "revisions": revisions,
        "revision_count": revisions[0].number if revisions else 0,  # numbered 1, 2, … and never deleted
        "notices": notices,
        "notice_count": notice_count,
        "changes": shown_changes(revision.changes),
        "pending": pending_on_report(report.pk),
        "review_days": settings.REVIEW_WORKING_DAYS,
        "pdf_prints_section_ii": prints_section_ii(revision),
        **shown,
        "filter_options": {name: options_html(names, chosen[name]) for name, names in choices.items()},
        **_sections(revision, rows, marks, filtered=shown["filtered"]),
    }
    return render(request, "public/report.html", context)


def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """A report as its current revision publishes it, with the full revision history."""
    return _render_revision(request, get_revision(report_id, published_only=True))


def revision_detail(request: HttpRequest, report_id: int, number: int) -> HttpResponse:
    """One frozen revision of a report, exactly as it was published."""
    return _render_revision(request, get_revision(report_id, number, published_only=True))


def revision_list(request: HttpRequest, report_id: int) -> HttpResponse:
    """Every revision of a report, newest first and a page at a time."""
    current = get_revision(report_id, published_only=True)
    page = Paginator(revision_history(report_id), REVISIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"report": current.report, "current": current, "revision": current, "revisions": page.object_list}
    return render(request, "public/revisions.html", {**context, "page": page})


def revision_pdf(request: HttpRequest, report_id: int, number: int) -> HttpResponse:
    """The PDF of a revision, once the worker has rendered it."""
    revision = get_revision(report_id, number)
    if not revision.pdf:
        raise NotFound("the PDF of this revision is still being generated; try again in a minute")
    name = f"ddor-{revision.report.period_start:%Y-%m-%d}-rev{revision.number}.pdf"
    return FileResponse(revision.pdf.open("rb"), content_type="application/pdf", filename=name)
