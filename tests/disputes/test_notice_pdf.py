"""The correction notice PDF read back: tagged, one page for one entry, "Removed" where an entry left the report."""

import re

import pytest

from disputes import services
from disputes.models import CorrectionNotice
from reports.services import create_revision
from tests.factories import JurisdictionFactory, ListedDetainerFactory, submitted_case
from tests.pdfs import assert_tagged, glyphs_missing, pdftotext

pytestmark = pytest.mark.django_db

# A long rationale (2,000 characters, about 330 words): a one-entry notice must still fit on one page.
RATIONALE = (
    "The time-stamped release photo and the custody transfer log agree: the detainer was honored at the "
    "sally port the morning after it was received, and the person was handed to ICE officers there. " * 10
)[:2000].strip()


def decided(sheriff, reviewer, entries, capture, **decision) -> bytes:
    """Decide a case on the entries, run what the decision queues, and return the notice PDF."""
    create_revision(report=entries[0].report, reason="Published as imported")
    case = submitted_case(sheriff, entries)
    with capture(execute=True):
        services.decide_case(actor=reviewer, case_id=case.pk, outcome="corrected", rationale=RATIONALE, **decision)
    notice = CorrectionNotice.objects.get()
    return notice.pdf.open("rb").read()


def test_one_entry_notice_is_tagged_with_its_title_and_fits_on_one_page(
    sheriff, reviewer, entry, django_capture_on_commit_callbacks
):
    pdf = decided(sheriff, reviewer, [entry], django_capture_on_commit_callbacks, action="remove")
    number = CorrectionNotice.objects.get().number
    assert_tagged(pdf, f"Correction notice {number}")
    assert pdftotext(pdf).count("\f") == 1
    assert "This notice is published at" in pdftotext(pdf)


def test_a_removed_entry_says_removed_in_the_now_column(sheriff, reviewer, entry, django_capture_on_commit_callbacks):
    pdf = decided(sheriff, reviewer, [entry], django_capture_on_commit_callbacks, action="remove")
    lines = pdftotext(pdf, "-layout").splitlines()
    header = next(line for line in lines if "As published" in line)
    row = next(line for line in lines if line.strip().startswith(str(entry.row_number)))
    assert row[header.index("Now") :].strip() == "Removed"
    assert "—" not in row


def test_a_notice_of_several_entries_shows_each_before_and_after_in_the_one_date_format(
    sheriff, reviewer, entry, django_capture_on_commit_callbacks
):
    entries = [entry, *ListedDetainerFactory.create_batch(2, report=entry.report, jurisdiction=entry.jurisdiction)]
    iowa = JurisdictionFactory(fips="19069", name="Franklin County", state="IA")
    pdf = decided(
        sheriff,
        reviewer,
        entries,
        django_capture_on_commit_callbacks,
        action="amend",
        amendments={"fips": iowa.fips},
        exceptions=[{"entry": entries[0].pk, "outcome": "corrected", "action": "remove"}],
    )
    text = " ".join(pdftotext(pdf).split())
    assert text.count("Amended: Franklin County, IA") == 2
    assert "(2 removed" not in text and "(1 removed, 2 amended)" in text
    assert f"declined {entry.declined:%b %-d, %Y}" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "ISO dates are shown as Feb 1, 2017"
    assert not glyphs_missing(pdftotext(pdf))
