"""The batches of 2017, walked through the API: Travis County's case, the agency's week-3 correction, privacy."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from disputes.models import Correction, CorrectionNotice, Decision
from reports.models import ListedDetainer, ReportRevision
from reports.services import create_revision
from tests.factories import (
    IssuedCountFactory,
    JurisdictionFactory,
    ListedDetainerFactory,
    ReportFactory,
    ReviewerFactory,
    SheriffFactory,
    jpeg_with_exif,
    pdf_bytes,
)

S = ListedDetainer.State
RATIONALE = "ICE's own records show these detainers were re-processed in one batch on 2017-02-01."


def pdf_text(file) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(file.open("rb").read())).pages)


@pytest.fixture
def travis(db):
    """The first 2017 week as it touched Travis County: 142 entries, 123 of them detainers from 2010 and 2015."""
    report = ReportFactory(period_start=dt.date(2017, 1, 28), period_end=dt.date(2017, 2, 3))
    county = JurisdictionFactory(name="Travis County", fips="48453", state="TX")
    IssuedCountFactory(report=report, jurisdiction=county, detainers_issued=30)
    stale = [
        ListedDetainerFactory(
            report=report,
            jurisdiction=county,
            row_number=n,
            detainer_issued=dt.date(2010 if n % 2 else 2015, 6, 1),
            declined=dt.date(2017, 2, 1),
        )
        for n in range(1, 124)
    ]
    recent = [ListedDetainerFactory(report=report, jurisdiction=county, row_number=n) for n in range(124, 143)]
    others = [ListedDetainerFactory(report=report, row_number=n) for n in range(143, 207)]
    create_revision(report=report, reason="Published as imported")
    return {"report": report, "county": county, "stale": stale, "recent": recent, "others": others}


def test_travis_disputes_123_entries_in_one_case_and_one_decision_publishes_one_revision(
    client, client_for, travis, django_capture_on_commit_callbacks
):
    report, stale = travis["report"], travis["stale"]
    sheriff = client_for(SheriffFactory(jurisdiction=travis["county"]).user)
    reviewer_user = ReviewerFactory().user
    reviewer = client_for(reviewer_user)

    # The office selects every entry issued before the period: one case, one photo, one PDF, one submit.
    ids = [e.pk for e in stale]
    response = sheriff.post(
        "/api/v1/cases/",
        {
            "entries": ids,
            "ground": "before_period",
            "explanation": "These detainers date from 2010 and 2015; ICE re-processed them in one batch.",
            "notes": {str(stale[0].pk): "Released in 2015, see the jail log."},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["entry_count"] == 123 and case["status"] == "open"
    assert ListedDetainer.objects.filter(pk__in=ids, state=S.DISPUTED).count() == 123
    for name, data in (("release.jpg", jpeg_with_exif("2015:06:03 10:00:00")), ("jail-log.pdf", pdf_bytes())):
        upload = io.BytesIO(data)
        upload.name = name
        assert sheriff.post(f"/api/v1/cases/{case['id']}/evidence/", {"file": upload}).status_code == 201
    response = sheriff.post(f"/api/v1/cases/{case['id']}/submit/", {}, format="json")
    assert response.status_code == 200
    assert ListedDetainer.objects.filter(pk__in=ids, state=S.EVIDENCE_SUBMITTED).count() == 123

    # The reviewer removes 120 and upholds three, previewing first.
    kept = ids[:3]
    terms = {
        "outcome": "corrected",
        "action": "remove",
        "rationale": RATIONALE,
        "exceptions": [{"entry": pk, "outcome": "upheld"} for pk in kept],
    }
    preview = reviewer.post(f"/api/v1/cases/{case['id']}/decision/preview/", terms, format="json").json()
    assert (preview["corrected"], preview["upheld"]) == (120, 3)
    [totals] = preview["reports"]
    assert (totals["totals_before"]["declined"], totals["totals_after"]["declined"]) == (206, 86)
    assert not Decision.objects.exists()
    assert ListedDetainer.objects.filter(pk__in=ids, state=S.EVIDENCE_SUBMITTED).count() == 123

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(f"/api/v1/cases/{case['id']}/decide/", terms, format="json")
    assert response.status_code == 200, response.content
    assert len(response.json()["corrections"]) == 120

    revisions = list(ReportRevision.objects.filter(report=report).order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].totals["declined"] - revisions[1].totals["declined"] == 120
    notice = CorrectionNotice.objects.get()
    assert Correction.objects.filter(decision=notice.decision).count() == 120
    assert set(Correction.objects.values_list("revision", flat=True)) == {revisions[1].pk}
    text = pdf_text(notice.pdf)
    assert notice.number in text and "120 removed" in text
    assert text.count("Removed") == 120
    assert ListedDetainer.objects.filter(pk__in=kept, state=S.UPHELD).count() == 3
    # Every entry has its own log rows, the decision one of them.
    assert ListedDetainer.objects.get(pk=kept[0]).transitions.count() == 3

    html = client.get(reverse("report", args=[report.pk])).content.decode()
    assert html.count("Upheld after the jurisdiction's dispute") == 3
    api = client.get(f"/api/v1/reports/{report.pk}/revisions/2/").json()
    marked = [row["entry_id"] for row in api["section_ii"] if row["dispute_status"]]
    assert sorted(marked) == sorted(kept)
    assert all(row["dispute_status"]["status"] == "upheld" for row in api["section_ii"] if row["dispute_status"])


def test_the_agency_corrects_five_jurisdictions_in_two_reports_with_one_notice(
    client, client_for, db, django_capture_on_commit_callbacks
):
    week2 = ReportFactory(period_start=dt.date(2017, 2, 4), period_end=dt.date(2017, 2, 10))
    week3 = ReportFactory(period_start=dt.date(2017, 2, 11), period_end=dt.date(2017, 2, 17))
    places = [
        JurisdictionFactory(name="Franklin County", fips="19069", state="IA"),
        JurisdictionFactory(name="Franklin County", fips="36033", state="NY"),
        JurisdictionFactory(name="Montgomery County", fips="19137", state="IA"),
        JurisdictionFactory(name="Williamson County", fips="48491", state="TX"),
        JurisdictionFactory(name="Chester County", fips="42029", state="PA"),
    ]
    accounts = {p.fips: SheriffFactory(jurisdiction=p).user for p in places}
    entries = [
        ListedDetainerFactory(report=week2 if i % 2 else week3, jurisdiction=place, row_number=i + 1)
        for i, place in enumerate(places)
    ]
    untouched = ListedDetainerFactory(report=week3, row_number=9)
    for report in (week2, week3):
        create_revision(report=report, reason="Published as imported")
    reviewer = client_for(ReviewerFactory().user)

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(
            "/api/v1/agency-corrections/",
            {
                "entries": [e.pk for e in entries],
                "ground": "data_error",
                "action": "remove",
                "rationale": "A data processing error assigned these detainers to the wrong agencies.",
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    assert response.json()["agency_initiated"] is True
    notice = CorrectionNotice.objects.get()
    for report in (week2, week3):
        assert list(report.revisions.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert ListedDetainer.objects.get(pk=untouched.pk).state == S.LISTED
    recipients = {address for message in mail.outbox for address in message.to}
    assert {u.email for u in accounts.values()} <= recipients
    assert sum(1 for m in mail.outbox if notice.number in m.subject) == 5
    assert "by the agency on its own initiative" in " ".join(pdf_text(notice.pdf).split())
    page = client.get(reverse("corrections")).content.decode()
    assert "Agency-initiated" in page and notice.number in page
    assert client.get("/api/v1/corrections/").json()["results"][0]["agency_initiated"] is True


def test_a_case_with_an_entry_in_the_wrong_state_is_refused_whole_naming_it(client_for, travis):
    sheriff = client_for(SheriffFactory(jurisdiction=travis["county"]).user)
    first, second = travis["stale"][:2]
    terms = {"ground": "before_period", "explanation": "Re-processed detainers from 2010."}
    assert sheriff.post("/api/v1/cases/", {"entries": [first.pk], **terms}, format="json").status_code == 201
    response = sheriff.post("/api/v1/cases/", {"entries": [second.pk, first.pk], **terms}, format="json")
    assert response.status_code == 409
    assert f"entry {first.pk} (row {first.row_number}" in response.json()["detail"]
    assert ListedDetainer.objects.get(pk=second.pk).state == S.LISTED


def test_an_entry_amended_to_another_jurisdiction_shows_its_new_office_none_of_the_dispute(
    client, client_for, db, django_capture_on_commit_callbacks
):
    from disputes import services

    report = ReportFactory()
    create_revision(report=report, reason="Published as imported")
    new_york = JurisdictionFactory(name="Franklin County", fips="36033", state="NY")
    iowa = JurisdictionFactory(name="Franklin County", fips="19069", state="IA")
    entry = ListedDetainerFactory(report=report, jurisdiction=new_york)
    filer, new_owner = SheriffFactory(jurisdiction=new_york).user, SheriffFactory(jurisdiction=iowa).user
    secret = "Our records name inmate J. Doe; the detainer belongs to the Iowa county."
    case = services.open_case(
        actor=filer, entries=[entry.pk], ground="similar_name", explanation=secret, notes={entry.pk: "Doe note"}
    )
    evidence = services.add_case_evidence(actor=filer, case_id=case.pk, data=pdf_bytes(), filename="doe-log.pdf")
    services.submit_case(actor=filer, case_id=case.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_case(
            actor=ReviewerFactory().user,
            case_id=case.pk,
            outcome="corrected",
            action="amend",
            amendments={"fips": "19069"},
            rationale="The detainer was issued to Franklin County, Iowa.",
        )
    dispute = entry.dispute

    client.force_login(new_owner)
    pages = [reverse("portal"), reverse("portal-entry", args=[entry.pk])]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert secret not in html and "Doe note" not in html and "doe-log.pdf" not in html
        assert filer.username not in html
    for url in (
        reverse("portal-case", args=[case.pk]),
        reverse("evidence", args=[evidence.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.get(reverse("review-case", args=[case.pk])).status_code == 403

    api = client_for(new_owner)
    detail = api.get(f"/api/v1/entries/{entry.pk}/").json()
    assert detail["jurisdiction"]["fips"] == "19069"
    assert detail["dispute"] is None and detail["case"] is None
    listed = api.get("/api/v1/entries/").json()["results"]
    assert [e["id"] for e in listed] == [entry.pk] and listed[0]["case"] is None
    for url in (
        f"/api/v1/disputes/{dispute.pk}/",
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/evidence/{evidence.pk}/file",
    ):
        assert api.get(url).status_code == 404
    assert case.pk not in [c["id"] for c in api.get("/api/v1/cases/").json()["results"]]
    assert dispute.pk not in [d["id"] for d in api.get("/api/v1/disputes/").json()["results"]]

    # The filing office still sees its own dispute in full.
    client.force_login(filer)
    assert secret in client.get(reverse("portal-case", args=[case.pk])).content.decode()
