"""XLSX workbooks import like CSV files: one sheet per section, all rows or none, errors by sheet, row and column."""

import io

import openpyxl
import pytest

from config.errors import InvalidInput
from reports.models import Report
from reports.services import import_report

from . import ddor2017 as d

pytestmark = pytest.mark.django_db


def test_a_workbook_with_three_sheets_imports_the_same_report_as_the_csv():
    week = d.week_1()
    report = import_report(data=d.xlsx(week), period_start=d.WEEK_1[0], period_end=d.WEEK_1[1])
    assert report.entries.count() == 206
    assert report.issued_counts.count() == 11
    assert report.policies.count() == 5
    travis = report.entries.filter(jurisdiction__fips=d.TRAVIS[2]).order_by("row_number").first()
    assert travis.detainer_issued.isoformat() == "2010-03-01" and travis.declined.isoformat() == "2017-02-01"
    assert report.findings.count() == 4


def _broken_workbook() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(d.xlsx(d.week_1())))
    book["Section II"]["G3"] = "2017-13-01"  # declined, on the second data row
    book["Section I"]["D2"] = "many"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_bad_workbook_is_refused_whole_naming_sheet_row_and_column():
    with pytest.raises(InvalidInput) as exc:
        import_report(data=_broken_workbook(), period_start=d.WEEK_1[0], period_end=d.WEEK_1[1])
    lines = exc.value.message.splitlines()
    assert "sheet 'Section I', row 2, column 'detainers_issued': 'many' is not a whole number ≥ 0" in lines
    assert "sheet 'Section II', row 3, column 'declined': '2017-13-01' is not a date (YYYY-MM-DD)" in lines
    assert not Report.objects.exists()


def test_a_workbook_with_an_unknown_sheet_or_missing_column_is_refused():
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InvalidInput, match="sheet .Notes.: expected sheets named Section I"):
        import_report(data=out.getvalue(), period_start=d.WEEK_1[0], period_end=d.WEEK_1[1])
    book = openpyxl.Workbook()
    book.active.title = "Section III"
    book.active.append(["state", "jurisdiction", "fips"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InvalidInput, match="sheet 'Section III', header: missing column\\(s\\) policy"):
        import_report(data=out.getvalue(), period_start=d.WEEK_1[0], period_end=d.WEEK_1[1])
