"""Revisions share the Section II rows they do not change, and each still reads exactly as it was frozen."""

import copy

import pytest

from disputes import services
from reports.diff import diff_content
from reports.models import ReportRevision, RevisionRow
from reports.selectors import revision_changes
from reports.services import compute_content, create_revision
from tests.factories import ReviewerFactory, SheriffFactory, correct_entry, report_with_entries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_pdf_rendering(monkeypatch):
    """PDFs are not the subject here; a stand-in keeps each decision quick."""
    for module in ("reports.services", "disputes.services.publishing"):
        monkeypatch.setattr(f"{module}.render_pdf", lambda template, context: (b"%PDF-1.4\n%%EOF", "0" * 64))


def latest(report) -> ReportRevision:
    return ReportRevision.objects.filter(report=report).order_by("-number").first()


def test_every_revision_reads_back_exactly_as_it_was_frozen_and_its_changes_are_the_full_diff(
    django_capture_on_commit_callbacks,
):
    report = report_with_entries(60)
    reviewer = ReviewerFactory().user
    entries = list(report.entries.order_by("row_number"))
    frozen = {}
    with django_capture_on_commit_callbacks(execute=True):
        create_revision(report=report, reason="Published")
    frozen[1] = copy.deepcopy(compute_content(report)[0])

    def decide(entry, **how) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            correct_entry(entry, reviewer, **how)
        frozen[latest(report).number] = copy.deepcopy(compute_content(report)[0])

    decide(entries[4])
    decide(entries[6], action="amend", amendments={"citizenship": "El Salvador"})
    # An entry under dispute is marked in the next revision, and unmarked once decided.
    sheriff = SheriffFactory(jurisdiction=entries[8].jurisdiction).user
    services.file_dispute(actor=sheriff, entry_id=entries[8].pk, ground="other", explanation="Not ours at all.")
    decide(entries[10])
    decide(entries[12], action="amend", amendments={"declined": report.period_start.isoformat()})

    assert sorted(frozen) == [1, 2, 3, 4, 5]
    assert any(row["dispute_status"] for row in frozen[4]["section_ii"])
    for number, content in frozen.items():
        revision = ReportRevision.objects.get(report=report, number=number)
        assert revision.content == content
        if number > 1:
            assert revision_changes(revision) == {"since": number - 1, **diff_content(frozen[number - 1], content)}


def test_revision_storage_grows_with_the_rows_corrections_change_not_with_the_report_size(
    django_capture_on_commit_callbacks,
):
    size, corrections = 200, 12
    report = report_with_entries(size)
    reviewer = ReviewerFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        create_revision(report=report, reason="Published")
    for entry in list(report.entries.order_by("row_number"))[:corrections]:
        with django_capture_on_commit_callbacks(execute=True):
            correct_entry(entry, reviewer, action="amend", amendments={"citizenship": "Belize"})

    assert latest(report).number == corrections + 1
    # One row per entry, plus one per amended entry; a copy per revision would be size × (corrections + 1).
    assert RevisionRow.objects.filter(report=report).count() == size + corrections
    assert len(latest(report).content["section_ii"]) == size
