"""Emails name cases and entries as the portal does, link to their pages, and keep plain text unescaped."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from disputes import services
from disputes.models import CorrectionNotice
from reports.services import create_revision
from tests.factories import JurisdictionFactory, ListedDetainerFactory, SheriffFactory, submitted_case

pytestmark = pytest.mark.django_db

RATIONALE = "ICE's custody log & the release photo agree <b>exactly</b>."


def only(subject_part: str):
    """The one email sent whose subject contains the text."""
    [message] = [m for m in mail.outbox if subject_part in m.subject]
    return message


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.fixture
def decided_case(reviewer, django_capture_on_commit_callbacks):
    """A one-entry case of "O'Brien County" decided with a rationale holding an apostrophe, "&" and markup."""
    obrien = JurisdictionFactory(name="O'Brien County", state="IA")
    entry = ListedDetainerFactory(jurisdiction=obrien, row_number=3)
    sheriff = SheriffFactory(jurisdiction=obrien).user
    create_revision(report=entry.report, reason="Published as imported")
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case(sheriff, [entry])
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_case(actor=reviewer, case_id=case.pk, outcome="corrected", action="remove", rationale=RATIONALE)
    return case


def test_plain_text_parts_are_not_html_escaped_and_html_parts_are(decided_case):
    submitted = only("awaits review")
    assert "O'Brien County" in submitted.subject and "O'Brien County" in submitted.body
    decided = only("decided")
    assert RATIONALE in decided.body
    assert "&#x27;" not in decided.body + decided.subject and "&amp;" not in decided.body
    assert "ICE&#x27;s custody log &amp; the release photo agree &lt;b&gt;exactly&lt;/b&gt;." in html_of(decided)


def test_a_decision_cites_the_case_as_the_portal_does_and_links_to_it_and_its_notice(decided_case):
    message = only("decided")
    case_url = f"{settings.SITE_URL}{reverse('portal-case', args=[decided_case.pk])}"
    notice = CorrectionNotice.objects.get()
    notice_url = f"{settings.SITE_URL}{reverse('notice-pdf', args=[notice.number])}"
    entry = decided_case.disputes.get().entry
    assert f"Case {decided_case.pk}: 1 entry disputed" in message.body
    assert f"{entry.report.period_start:%b %-d, %Y} report: row 3" in message.body
    assert case_url in message.body and f'href="{case_url}"' in html_of(message)
    assert notice_url in message.body and f'href="{notice_url}"' in html_of(message)
    assert "#" not in message.body + message.subject
    assert f"{settings.SITE_URL}{reverse('portal')}\n" not in message.body


def test_an_agency_correction_names_each_entry_by_row_and_report_and_links_to_it(
    reviewer, django_capture_on_commit_callbacks
):
    entries = ListedDetainerFactory.create_batch(2, jurisdiction=JurisdictionFactory(name="Kern County", state="CA"))
    for e in entries:
        create_revision(report=e.report, reason="Published as imported")
    SheriffFactory(jurisdiction=entries[0].jurisdiction)
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_by_agency(
            actor=reviewer, entries=[e.pk for e in entries], ground="data_error", action="remove", rationale=RATIONALE
        )
    message = only("corrected by the agency")
    for e in entries:
        label = f"Row {e.row_number} of the {e.report.period_start:%b %-d, %Y} report"
        url = f"{settings.SITE_URL}{reverse('portal-entry', args=[e.pk])}"
        assert f"{label}: {url}" in message.body
        assert f'<a href="{url}">{label}</a>' in html_of(message)
    assert RATIONALE in message.body
