"""A sheriff's office disputes and submits, a reviewer decides: by clicks and typing, then by keyboard alone."""

import io
import re

from PIL import Image

from disputes.models import Case, CorrectionNotice
from reports.models import ListedDetainer

from .conftest import axe_violations, tab_to


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(out, "JPEG")
    return out.getvalue()


def _listed_travis_entry() -> ListedDetainer:
    return ListedDetainer.objects.filter(jurisdiction__fips="48453", state="listed").order_by("row_number").first()


def test_a_sheriff_disputes_attaches_and_submits_by_clicks(open_page, tmp_path):
    page = open_page("travis-sheriff")
    assert page.url.endswith("/portal/"), "a sheriff's office lands on its entries after signing in"
    page.get_by_role("link", name=re.compile(r"^Listed \d+")).click()
    entry = _listed_travis_entry()
    page.get_by_role("link", name=re.compile(rf"^Row {entry.row_number} · declined ")).click()
    page.get_by_label("Ground").select_option(label="Declined before the reporting period / batch re-processing")
    page.get_by_label("Explanation").fill("Re-processed by ICE in one batch; our log shows no decline that week.")
    page.get_by_role("button", name="File dispute").click()
    assert re.search(r"/portal/cases/\d+/$", page.url)
    photo = tmp_path / "jail-log.jpg"
    photo.write_bytes(_photo())
    page.get_by_label("File", exact=True).set_input_files(str(photo))
    page.get_by_label("Description (optional)").fill("Jail log page")
    # The file was chosen but "Upload" never pressed: submitting attaches it first instead of dropping it.
    page.get_by_role("button", name=re.compile(r"^Submit case \d+ for review$")).click()
    messages = page.locator(".messages").inner_text()
    assert "Attached jail-log.jpg" in messages and "Submitted for review" in messages
    entry.refresh_from_db()
    assert entry.state == "evidence_submitted"
    case = entry.dispute.case
    assert [e.original_name for e in case.evidence.attached()] == ["jail-log.jpg"]
    assert axe_violations(page) == []


def test_a_reviewer_decides_with_a_confirmation_step_by_clicks(open_page):
    page = open_page("reviewer")
    assert page.url.endswith("/review/"), "a reviewer lands on the review queue after signing in"
    case = Case.objects.get(jurisdiction__fips="27053", decision__isnull=True)
    page.get_by_role("link", name=f"Review case {case.pk}").click()
    page.get_by_label(re.compile("^Corrected: the entries")).check()
    page.get_by_label("Rationale").fill("The release photo shows ICE taking custody on the declined date.")
    page.get_by_role("button", name="Preview the changes").first.click()
    assert "Nothing is recorded yet" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirm and publish").click()
    notice = CorrectionNotice.objects.get(decision__case=case)
    assert f"Notice {notice.number} is issued" in page.locator(".messages").inner_text()
    page.goto(f"{page.base}/corrections/")
    assert page.get_by_role("link", name=f"{notice.number}.pdf").count() == 1


def test_the_dispute_form_can_be_completed_by_keyboard_alone(open_page):
    entry = _listed_travis_entry()
    page = open_page("travis-sheriff")
    page.goto(f"{page.base}/portal/entries/{entry.pk}/")
    tab_to(page, "#id_ground")
    page.keyboard.press("ArrowDown")  # the first ground
    page.keyboard.press("Tab")
    page.keyboard.type("Handed to ICE at release; our booking record shows the transfer.")
    tab_to(page, "button:has-text('File dispute')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/portal/cases/\d+/$"))
    entry.refresh_from_db()
    assert entry.state == "disputed"
    assert entry.dispute.case.ground == "handed_to_ice"


def test_the_decision_form_can_be_completed_by_keyboard_alone(open_page):
    case = Case.objects.get(jurisdiction__fips="27053", decision__isnull=True)
    page = open_page("reviewer")
    page.goto(f"{page.base}/review/cases/{case.pk}/")
    tab_to(page, "input[name=outcome][value=corrected]")  # Tab enters a radio group at its first choice
    page.keyboard.press("ArrowDown")  # and the arrow keys choose within it
    assert page.locator("input[name=outcome][value=upheld]").is_checked()
    assert page.locator("fieldset.correction-fields").is_hidden(), "Upheld hides the correction-only choices"
    page.keyboard.press("Tab")
    page.keyboard.type("The photo does not show the entry's person; the listing stands.")
    tab_to(page, "button[value=preview]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Nothing is recorded yet")
    tab_to(page, "button[value=confirm]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".messages")
    case.refresh_from_db()
    assert case.decision.outcome == "upheld"
    assert set(case.disputes.values_list("entry__state", flat=True)) == {"upheld"}
