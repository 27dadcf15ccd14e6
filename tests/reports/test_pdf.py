"""The revision PDF read back: tagged, totals in reading order, row gaps explained, one colour for "removed"."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disputes import services
from reports.models import ReportRevision
from reports.services import create_revision, render_revision
from tests.factories import FacilityFactory, ListedDetainerFactory, submitted_case
from tests.pdfs import assert_tagged, glyphs_missing, pdftotext

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrected(sheriff, reviewer, entry, django_capture_on_commit_callbacks) -> ReportRevision:
    """A report of five rows whose rows 2 and 3 were removed by one decision: its revision 2, rendered."""
    entry.row_number = 2
    entry.save(update_fields=["row_number"])
    for row in (1, 3, 4, 5):
        ListedDetainerFactory(report=entry.report, jurisdiction=entry.jurisdiction, row_number=row)
    third = entry.report.entries.get(row_number=3)
    create_revision(report=entry.report, reason="Published as imported")
    case = submitted_case(sheriff, [entry, third])
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_case(
            actor=reviewer, case_id=case.pk, outcome="corrected", action="remove", rationale="Honored at release."
        )
    return ReportRevision.objects.get(report=entry.report, number=2)


def test_revision_pdf_is_tagged_with_its_title_and_language(corrected):
    pdf = corrected.pdf.open("rb").read()
    assert_tagged(pdf, f"Declined Detainer Outcome Report {corrected.report.label}, revision 2")


def test_totals_are_read_label_then_number_in_order(corrected):
    text = pdftotext(corrected.pdf.open("rb").read())
    lines = [line.strip() for line in text[text.index("Totals") :].splitlines() if line.strip()][1:9]
    totals = corrected.totals
    assert lines == [
        "Declined detainers listed", str(totals["declined"]),
        "Jurisdictions listed", str(totals["jurisdictions_declining"]),
        "Entries removed by correction", str(totals["removed"]),
        "Entries amended", str(totals["amended"]),
    ]  # fmt: skip
    assert totals["removed"] == 2


def test_skipped_row_numbers_get_a_note(corrected):
    text = " ".join(pdftotext(corrected.pdf.open("rb").read()).split())
    assert "2 entries were removed by correction and no longer appear, so the numbers skip rows 2–3." in text
    rows = [row["row"] for row in corrected.content["section_ii"]]
    assert rows == [1, 4, 5]


def test_a_revision_without_gaps_has_no_note(entry):
    revision = create_revision(report=entry.report, reason="Published as imported")
    render_revision(revision_id=revision.pk)
    revision.refresh_from_db()
    text = pdftotext(revision.pdf.open("rb").read())
    assert "skip" not in text
    assert f"{entry.declined:%b %-d, %Y}" in " ".join(text.split())
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "ISO dates are shown as Feb 1, 2017"


@pytest.fixture
def three_rows(entry) -> ReportRevision:
    """Revision 1 of a report of three rows, each at a facility named only in Section II."""
    for row, name in enumerate(("Alpha Annex", "Bravo Annex", "Charlie Annex"), start=1):
        facility = FacilityFactory(jurisdiction=entry.jurisdiction, name=name)
        if row == 1:
            entry.row_number, entry.facility = 1, facility
            entry.save(update_fields=["row_number", "facility"])
        else:
            ListedDetainerFactory(
                report=entry.report, jurisdiction=entry.jurisdiction, facility=facility, row_number=row
            )
    return create_revision(report=entry.report, reason="Published as imported")


def _render(revision: ReportRevision) -> tuple[str, bytes, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        render_revision(revision_id=revision.pk)
    revision.refresh_from_db()
    data = revision.pdf.open("rb").read()
    return " ".join(pdftotext(data).split()), data, [q["sql"] for q in queries.captured_queries]


def test_a_section_ii_longer_than_a_pdf_prints_is_named_and_never_read(three_rows, settings, client):
    settings.REVISION_PDF_MAX_ROWS = 2
    text, data, sql = _render(three_rows)
    page = client.get(f"/reports/{three_rows.report.pk}/").content.decode()
    assert "PDF of this revision</a> (Section II is too long to print: it is in the CSV and JSON)" in page
    report, number = three_rows.report, three_rows.number
    assert "This PDF prints a Section II of up to 2 rows; this revision lists 3." in text
    for path in (
        f"/reports/{report.pk}/revisions/{number}.csv",
        f"/reports/{report.pk}/revisions/{number}.json",
        f"/reports/{report.pk}/revisions/{number}/",
    ):
        assert settings.SITE_URL + path in text
    assert not any(name in text for name in ("Alpha Annex", "Bravo Annex", "Charlie Annex"))
    assert not any("revisionrow" in q for q in sql), "the rows it does not print are not loaded either"
    assert "Section I " in text and "Section III " in text
    assert_tagged(data, f"Declined Detainer Outcome Report {report.label}, revision 1")


def test_a_section_ii_within_the_limit_is_printed_row_by_row(three_rows, settings, client):
    settings.REVISION_PDF_MAX_ROWS = 3
    text, _, _ = _render(three_rows)
    page = client.get(f"/reports/{three_rows.report.pk}/").content.decode()
    assert "PDF of this revision</a>" in page and "too long to print" not in page
    assert all(name in text for name in ("Alpha Annex", "Bravo Annex", "Charlie Annex"))
    assert "This PDF prints" not in text


def test_every_character_is_in_the_bundled_fonts(corrected):
    assert not glyphs_missing(pdftotext(corrected.pdf.open("rb").read()))


def test_removed_is_the_colour_the_web_page_gives_it():
    def colour(css: str) -> str:
        return re.search(r"\.change-tag\.removed\s*\{\s*color:\s*(#[0-9a-fA-F]{6})", css).group(1).lower()

    page = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    pdf = (Path(settings.BASE_DIR) / "templates/reports/pdf/_style.html").read_text()
    assert colour(pdf) == colour(page)
    assert re.search(r"\.removed\s*\{\s*color:\s*" + colour(page), pdf)
