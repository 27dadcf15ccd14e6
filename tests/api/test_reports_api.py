from reports.services import create_revision
from tests.factories import IssuedCountFactory, ListedDetainerFactory, ReportFactory


def test_reports_are_public_with_their_current_revision_and_totals(anonymous, db):
    entry = ListedDetainerFactory()
    IssuedCountFactory(report=entry.report, jurisdiction=entry.jurisdiction, detainers_issued=7)
    create_revision(report=entry.report, reason="Published as imported")
    unrevised = ReportFactory()

    response = anonymous.get("/api/v1/reports/")
    assert response.status_code == 200
    rows = {r["id"]: r for r in response.json()["results"]}
    assert rows[entry.report.pk]["current_revision"] == 1
    assert rows[entry.report.pk]["totals"]["declined"] == 1
    assert rows[entry.report.pk]["period_start"] == entry.report.period_start.isoformat()
    assert rows[unrevised.pk]["current_revision"] is None
    assert rows[unrevised.pk]["totals"] is None


def test_report_detail_lists_revisions_newest_first_without_a_pdf_until_rendered(anonymous, db):
    report = ReportFactory()
    create_revision(report=report, reason="Published as imported")
    create_revision(report=report, reason="Correction CN-2017-0001")

    body = anonymous.get(f"/api/v1/reports/{report.pk}/").json()
    assert [(r["number"], r["reason"], r["pdf_url"]) for r in body["revisions"]] == [
        (2, "Correction CN-2017-0001", None),
        (1, "Published as imported", None),
    ]


def test_a_revision_shows_its_frozen_sections(anonymous, db):
    entry = ListedDetainerFactory()
    IssuedCountFactory(report=entry.report, jurisdiction=entry.jurisdiction, detainers_issued=7)
    create_revision(report=entry.report, reason="Published as imported")

    body = anonymous.get(f"/api/v1/reports/{entry.report.pk}/revisions/1/").json()
    assert body["number"] == 1
    assert (body["section_i"][0]["rank"], body["section_i"][0]["issued"]) == (1, 7)
    [row] = body["section_ii"]
    assert (row["entry_id"], row["fips"], row["citizenship"]) == (entry.pk, entry.jurisdiction.fips, "Mexico")
    assert body["section_iii"] == []
    assert body["totals"]["declined"] == 1


def test_unknown_reports_and_revisions_are_not_found(anonymous, db):
    report = ReportFactory()
    assert anonymous.get("/api/v1/reports/999999/").status_code == 404
    missing = anonymous.get(f"/api/v1/reports/{report.pk}/revisions/3/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no such revision"}


def test_the_corrections_list_is_public_and_empty_without_corrections(anonymous, db):
    response = anonymous.get("/api/v1/corrections/")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_the_openapi_schema_is_served(anonymous, db):
    response = anonymous.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/disputes/{dispute_id}/decide/" in response.content
