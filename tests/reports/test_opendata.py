"""Open data: revisions and corrections as CSV and JSON with the documented columns, and the series as a zip."""

import csv
import io
import json
import zipfile

import pytest

from reports.opendata import CORRECTION_COLUMNS, REVISION_COLUMNS, neutralise
from tests.factories import ReviewerFactory, SheriffFactory, png_bytes

from . import ddor2017 as d

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-2", "'-2"), ("@cmd", "'@cmd"), ("Mexico", "Mexico"), (5, 5)],
)
def test_cells_that_would_start_a_formula_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_a_revision_downloads_as_csv_and_json_with_all_three_sections(series, client):
    week_1, _ = series
    response = client.get(f"/reports/{week_1.pk}/revisions/1.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert tuple(rows[0]) == REVISION_COLUMNS
    by_section = {s: [r for r in rows if r["section"] == s] for s in ("I", "II", "III")}
    assert len(by_section["I"]) == 10 and len(by_section["II"]) == 206 and len(by_section["III"]) == 5
    assert by_section["I"][1]["jurisdiction"] == "Nassau County" and by_section["I"][1]["state"] == "NY"
    travis = by_section["II"][0]
    entry = week_1.entries.get(row_number=1)
    assert travis["entry_id"] == str(entry.pk) and travis["entry_state"] == "listed" and travis["fips"] == "48453"
    denver = next(r for r in by_section["III"] if r["jurisdiction"] == "Denver")
    assert denver["policy"].startswith("'=HYPERLINK")

    data = client.get(f"/reports/{week_1.pk}/revisions/1.json").json()
    assert data["revision"] == 1 and data["columns"] == list(REVISION_COLUMNS)
    assert len(data["section_ii"]) == 206 and data["section_ii"][0]["entry_id"] == entry.pk
    denver = next(r for r in data["section_iii"] if r["jurisdiction"] == "Denver")
    assert denver["policy"].startswith("=HYPERLINK")  # JSON is not a spreadsheet: kept as is


def test_a_draft_has_no_downloads(week_2, client):
    report, _ = week_2
    assert client.get(f"/reports/{report.pk}/revisions/1.csv").status_code == 404
    assert client.get(f"/reports/{report.pk}/revisions/1.json").status_code == 404


def _correct_one(entry, django_capture_on_commit_callbacks):
    from disputes import services

    sheriff = SheriffFactory(jurisdiction=entry.jurisdiction).user
    reviewer = ReviewerFactory().user
    dispute = services.file_dispute(
        actor=sheriff, entry_id=entry.pk, ground="before_period", explanation="=cmd| a detainer from 2010."
    )
    services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=png_bytes(), filename="booking.png")
    services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_dispute(
            actor=reviewer,
            dispute_id=dispute.pk,
            outcome="corrected",
            rationale="-Issued in 2010, re-processed.",
            action="remove",
            amendments=None,
        )


def test_corrections_and_the_whole_series_download(series, client, django_capture_on_commit_callbacks):
    week_1, week_2 = series
    entry = week_1.entries.get(row_number=1)
    _correct_one(entry, django_capture_on_commit_callbacks)

    rows = read_csv(client.get("/data/corrections.csv"))
    assert len(rows) == 1 and tuple(rows[0]) == CORRECTION_COLUMNS
    assert rows[0]["entry_id"] == str(entry.pk) and rows[0]["action"] == "remove" and rows[0]["revision"] == "2"
    assert rows[0]["ground"] == "before_period" and rows[0]["rationale"] == "'-Issued in 2010, re-processed."
    assert rows[0]["fips"] == "48453" and rows[0]["detainer_issued"] == "2010-03-01"
    assert client.get("/data/corrections.json").json()[0]["notice"] == rows[0]["notice"]

    response = client.get("/data/ddor-series.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    assert sorted(archive.namelist()) == [
        "COLUMNS.txt",
        "corrections.csv",
        "corrections.json",
        "ddor-2017-01-28-rev1.csv",
        "ddor-2017-01-28-rev1.json",
        "ddor-2017-01-28-rev2.csv",
        "ddor-2017-01-28-rev2.json",
        "ddor-2017-02-04-rev1.csv",
        "ddor-2017-02-04-rev1.json",
    ]
    rev2 = json.loads(archive.read("ddor-2017-01-28-rev2.json"))
    assert len(rev2["section_ii"]) == 205
    rev1 = list(csv.DictReader(io.StringIO(archive.read("ddor-2017-01-28-rev1.csv").decode())))
    assert next(r for r in rev1 if r["entry_id"] == str(entry.pk))["entry_state"] == "corrected"
    assert d.KERN[1] in archive.read("ddor-2017-02-04-rev1.csv").decode()

    # Travis's page and API count the correction and list it.
    travis = client.get(f"/api/v1/jurisdictions/{d.TRAVIS[2]}/").json()
    assert travis["counts"] == {"listed": 147, "disputed": 1, "corrected": 1, "upheld": 0}
    assert [c["notice"] for c in travis["corrections"]] == [rows[0]["notice"]]
    assert [w["declined"] for w in travis["weeks"]] == [141, 5]
    assert rows[0]["notice"] in client.get(f"/jurisdictions/{d.TRAVIS[2]}/").content.decode()
