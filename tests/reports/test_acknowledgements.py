"""Acknowledging a draft's findings a kind at a time: one note for all of a kind, on the page, in the API, logged."""

import re

import pytest
from django.conf import settings

from config.errors import InvalidInput
from reports.models import Finding, Report, ReportLog
from reports.services import acknowledge_findings
from tests.factories import ReviewerFactory
from tests.forms import posted_fields

from .test_import import HEADER, run
from .test_quality import api_as, findings

pytestmark = pytest.mark.django_db
Kind = Finding.Kind


@pytest.fixture
def reviewer():
    return ReviewerFactory().user


def test_a_kinds_note_acknowledges_every_open_finding_of_it_once_logged(week_1, reviewer):
    report, _ = week_1
    franklin, montgomery = findings(report, Kind.NAME_COLLISION)
    (stale,) = findings(report, Kind.STALE_DETAINER)
    done = acknowledge_findings(
        actor=reviewer,
        report_id=report.pk,
        notes={montgomery.pk: "Montgomery IA confirmed by phone.", stale.pk: "Travis re-processed old detainers."},
        kinds={Kind.NAME_COLLISION: "Checked each state's office."},
    )
    assert done == 3
    franklin.refresh_from_db(), montgomery.refresh_from_db()
    assert franklin.acknowledgement == "Checked each state's office." and franklin.acknowledged_by == reviewer
    assert montgomery.acknowledgement == "Montgomery IA confirmed by phone."  # its own note comes first
    assert list(report.findings.filter(acknowledged_at__isnull=True).values_list("kind", flat=True)) == [Kind.BATCH]
    notes = list(ReportLog.objects.filter(report=report, action="acknowledged").values_list("note", flat=True))
    assert sorted(notes) == sorted(
        [
            f"finding {montgomery.pk} (Same name, different state): Montgomery IA confirmed by phone.",
            f"finding {stale.pk} (Stale detainers): Travis re-processed old detainers.",
            "1 finding (Same name, different state) together: Checked each state's office.",
        ]
    )


@pytest.mark.parametrize(
    ("kinds", "message"),
    [
        ({Kind.NAME_COLLISION: "ok"}, "at least 5 characters"),
        ({Kind.DUPLICATE: "Checked every row."}, "no open finding of kind 'duplicate'"),
        ({"no_such_kind": "Checked every row."}, "no open finding of kind 'no_such_kind'"),
    ],
)
def test_a_refused_kind_note_acknowledges_nothing(week_1, reviewer, kinds, message):
    report, _ = week_1
    (stale,) = findings(report, Kind.STALE_DETAINER)
    with pytest.raises(InvalidInput, match=message):
        acknowledge_findings(actor=reviewer, report_id=report.pk, notes={stale.pk: "A note long enough."}, kinds=kinds)
    assert not report.findings.filter(acknowledged_at__isnull=False).exists()
    assert not ReportLog.objects.filter(report=report, action="acknowledged").exists()


def _many_duplicates(report: Report, count: int) -> None:
    """`count` more duplicate-row findings on the draft, as a large file with many repeated rows produces."""
    Finding.objects.bulk_create(
        Finding(
            report=report,
            kind=Kind.DUPLICATE,
            severity=Finding.Severity.MEDIUM,
            section="II",
            rows=[1, 2],
            jurisdictions=[],
            explanation=f"Rows 1 and 2 are identical ({n}).",
        )
        for n in range(count)
    )


def test_a_draft_with_thousands_of_findings_is_published_from_its_page(week_1, reviewer, client):
    """More findings than Django accepts form fields (DATA_UPLOAD_MAX_NUMBER_FIELDS): the page lists ten of each
    kind, a kind's one note covers the rest, and the form the browser posts stays small."""
    report, _ = week_1
    many = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 100
    _many_duplicates(report, many)
    client.force_login(reviewer)
    page = client.get(f"/review/reports/{report.pk}/").content.decode()
    assert page.count('class="panel finding') == 10 + 4  # ten duplicates, and week 1's four findings
    assert f"{many - 10} more findings of this kind are not listed here" in page
    assert f"One note for all {many} open findings of this kind" in page
    fields = posted_fields(page, '<form method="post" novalidate class="form">')
    assert len(fields) < 40
    notes = {name: "Checked against the office's records." for name in fields if name.startswith("ack-")}
    notes["ack-kind-duplicate"] = "Identical rows: one person listed twice; kept as published."
    response = client.post(f"/review/reports/{report.pk}/", {**fields, **notes, "action": "publish"})
    assert response.status_code == 302, re.findall(r"<li>.{0,300}", response.content.decode())[:3]
    assert response["Location"] == f"/reports/{report.pk}/"
    report.refresh_from_db()
    assert report.is_published
    assert not report.findings.filter(acknowledged_at__isnull=True).exists()
    assert report.findings.filter(acknowledgement__startswith="Identical rows").count() == many - 10
    log = ReportLog.objects.filter(report=report, action="acknowledged").values_list("note", flat=True)
    assert f"{many - 10} findings (Duplicate rows) together: Identical rows" in " ".join(log)


def test_kind_notes_typed_on_the_page_are_kept_when_publishing_is_refused(week_1, reviewer, client):
    report, _ = week_1
    client.force_login(reviewer)
    note = "Checked each state's office."
    response = client.post(f"/review/reports/{report.pk}/", {"action": "publish", "ack-kind-name_collision": note})
    assert response.status_code == 400 and "still open" in response.content.decode()
    assert not report.findings.filter(acknowledged_at__isnull=False).exists()  # all or nothing
    assert f'name="ack-kind-name_collision" rows="2" aria-describedby="ack-kind-name_collision-help">{note}' in (
        response.content.decode().replace("&#x27;", "'")
    )


def test_the_api_publishes_with_one_note_per_kind(week_1, reviewer):
    report, _ = week_1
    api = api_as(reviewer)
    kinds = [{"kind": kind, "note": "Checked with each office."} for kind in (Kind.STALE_DETAINER, Kind.BATCH)]
    response = api.post(
        f"/api/v1/reports/{report.pk}/publish/",
        {"kind_acknowledgements": [*kinds, {"kind": Kind.NAME_COLLISION, "note": "Checked both states."}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert set(report.findings.values_list("acknowledgement", flat=True)) == {
        "Checked with each office.",
        "Checked both states.",
    }
    bad = api.post(
        f"/api/v1/reports/{report.pk}/publish/", {"kind_acknowledgements": [{"kind": "x", "note": "y"}]}, format="json"
    )
    assert bad.status_code == 400 and "kind" in bad.content.decode()


def test_the_import_command_prints_ten_findings_of_a_kind_and_counts_the_rest(tmp_path):
    """A file with 13 pairs of identical rows: 13 duplicate findings, ten printed, the rest counted."""
    lines = [HEADER]
    for n in range(13):
        row = f"II,MN,Hennepin County,27053,,Hennepin County ADC,Mexico,2017-01-{10 + n},2017-01-30,Assault,charge,\n"
        lines += [row, row]
    out = run(tmp_path, "".join(lines))
    report = Report.objects.get()
    assert report.findings.filter(kind=Kind.DUPLICATE).count() == 13
    assert out.count("Duplicate rows: ") == 10
    assert f"… and 3 more duplicate rows findings (every finding: /review/reports/{report.pk}/findings.csv)" in out
