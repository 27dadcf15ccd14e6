"""Errors as the GOV.UK error summary shows them, correction-only choices, and pending work updating in place."""

import re

from disputes.models import Case
from reports.models import ListedDetainer, ReportRevision

from .conftest import axe_violations


def test_a_form_error_is_summarised_focused_and_shown_at_its_field(open_page):
    entry = ListedDetainer.objects.filter(jurisdiction__fips="48453", state="listed").first()
    page = open_page("travis-sheriff")
    page.goto(f"{page.base}/portal/entries/{entry.pk}/")
    page.get_by_label("Ground").select_option(label="Other")
    page.get_by_label("Explanation").fill("Too short")
    page.get_by_role("button", name="File dispute").click()
    assert page.title().startswith("Error: ")
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("el => el === document.activeElement"), "the summary has focus"
    field = page.locator("#id_explanation")
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    assert described == ["id_explanation_helptext", "id_explanation_error"]
    for element_id in described:
        assert page.locator(f"#{element_id}").count() == 1, f"{element_id} exists"
    assert "at least 10 characters" in page.locator("#id_explanation_error").inner_text()
    summary.get_by_role("link").first.click()
    assert field.evaluate("el => el === document.activeElement"), "the summary's link moves focus to the field"
    assert page.locator("#id_explanation").input_value() == "Too short", "what was typed is kept"
    assert axe_violations(page) == []
    # Reloading the address shown after the error shows the entry's page, not a 405.
    response = page.goto(page.url)
    assert response.status == 200 and f"/portal/entries/{entry.pk}/" in page.url


def test_choosing_upheld_takes_the_correction_choices_out_of_the_form(open_page):
    case = Case.objects.get(jurisdiction__fips="48453")
    page = open_page("reviewer")
    page.goto(f"{page.base}/review/cases/{case.pk}/")
    fields = page.locator("fieldset.correction-fields")
    page.get_by_label(re.compile("^Upheld: the entries")).check()
    assert fields.is_hidden() and fields.evaluate("el => el.disabled")
    page.get_by_label(re.compile("^Corrected: the entries")).check()
    assert fields.is_visible() and not fields.evaluate("el => el.disabled")


def test_a_pending_pdf_link_appears_without_a_reload(open_page):
    revision = ReportRevision.objects.order_by("-pk").first()
    rendered = revision.pdf.name
    ReportRevision.objects.filter(pk=revision.pk).update(pdf="")
    page = open_page()
    page.goto(f"{page.base}/reports/{revision.report_id}/")
    pending = page.locator("[data-status-url]").first
    assert pending.inner_text() == "PDF being generated"
    ReportRevision.objects.filter(pk=revision.pk).update(pdf=rendered)
    link = page.get_by_role("link", name=f"PDF of revision {revision.number}").first
    link.wait_for(timeout=20000)
    assert link.get_attribute("href") == f"/reports/{revision.report_id}/revisions/{revision.number}/pdf"


def test_a_saved_link_to_a_notice_on_the_list_opens_its_page_once_it_moved_to_an_older_page(open_page, monkeypatch):
    from disputes import services
    from jurisdictions.models import Account
    from reports.models import ListedDetainer

    pdf = (b"%PDF-1.4\n%%EOF", "0" * 64)
    for module in ("reports.services", "disputes.services.publishing"):  # 21 notices and revisions: no real PDFs
        monkeypatch.setattr(f"{module}.render_pdf", lambda template, context: pdf)
    reviewer = Account.objects.filter(role="reviewer").first().user
    listed = ListedDetainer.objects.filter(state=ListedDetainer.State.LISTED, report__status="published")
    oldest = None
    for entry in listed.order_by("pk")[:21]:
        decision = services.correct_by_agency(
            actor=reviewer, entries=[entry.pk], ground="data_error", rationale="Not in the period.", action="remove"
        )
        oldest = oldest or decision.notice.number
    page = open_page()
    page.goto(f"{page.base}/corrections/#{oldest}")
    page.wait_for_url(f"{page.base}/corrections/{oldest}/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Correction notice {oldest}"
    newest = decision.notice.number
    page.goto(f"{page.base}/corrections/#{newest}")  # still on the first page: the list stays
    assert page.url == f"{page.base}/corrections/#{newest}"
    assert page.get_by_role("heading", level=1).inner_text() == "Corrections"
