import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from disputes import services
from disputes.models import Correction
from reports.cache import public_changed
from reports.services import create_revision
from tests.factories import ListedDetainerFactory, ReportFactory, jpeg_with_exif

pytestmark = pytest.mark.django_db


def corrected(sheriff, reviewer, entry, *, action="remove", amendments=None, publish=True) -> Correction:
    dispute = services.file_dispute(
        actor=sheriff, entry_id=entry.pk, ground="handed_to_ice", explanation="Released to ICE at the sally port."
    )
    services.add_evidence(
        actor=sheriff,
        dispute_id=dispute.pk,
        data=jpeg_with_exif(),
        filename="secret-photo.jpg",
        description="sally port camera",
    )
    services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)
    decision = services.decide_dispute(
        actor=reviewer,
        dispute_id=dispute.pk,
        outcome="corrected",
        action=action,
        amendments=amendments,
        rationale="The release photo and the ICE custody log agree.",
    )
    if publish:
        services.publish_decision(decision_id=decision.corrections.get().decision_id)
    return Correction.objects.select_related("decision__notice", "revision").get(pk=decision.corrections.get().pk)


def attach_pdf(notice) -> None:
    """What the render task does: add the rendered PDF and nothing else."""
    notice.pdf.save(f"{notice.number}.pdf", ContentFile(b"%PDF-1.4\n%%EOF"), save=False)
    notice.save(update_fields=["pdf"])
    public_changed()


def test_corrections_page_lists_a_removal_with_notice_ground_rationale_and_revision(client, sheriff, reviewer, entry):
    correction = corrected(sheriff, reviewer, entry)
    response = client.get(reverse("corrections"))
    html = response.content.decode()
    assert response.status_code == 200
    assert correction.notice.number in html
    assert f'id="{correction.notice.number}"' in html
    assert entry.jurisdiction.name in html
    assert entry.report.label in html
    assert 'badge-removed">Removed<' in html
    assert "Handed to ICE at release" in html
    assert "The release photo and the ICE custody log agree." in html
    assert reverse("revision", args=[entry.report_id, correction.revision.number]) in html


def test_corrections_page_shows_what_an_amendment_changed_before_and_after(client, sheriff, reviewer, entry):
    corrected(sheriff, reviewer, entry, action="amend", amendments={"citizenship": "Guatemala"})
    html = client.get(reverse("corrections")).content.decode()
    assert "Amended" in html
    assert "<del>Mexico</del>" in html
    assert "<ins>Guatemala</ins>" in html
    assert "<del>Assault</del>" not in html


def test_the_public_never_sees_evidence_or_who_filed_and_decided(client, sheriff, reviewer, entry):
    corrected(sheriff, reviewer, entry)
    html = client.get(reverse("corrections")).content.decode()
    assert "secret-photo.jpg" not in html
    assert "/evidence/" not in html
    assert sheriff.username not in html
    assert reviewer.username not in html


def test_correction_says_pdf_being_generated_until_the_notice_is_rendered(client, sheriff, reviewer, entry):
    correction = corrected(sheriff, reviewer, entry, publish=False)
    html = client.get(reverse("corrections")).content.decode()
    pdf_url = reverse("notice-pdf", args=[correction.notice.number])
    assert "PDF being generated" in html
    assert "Revision being published" in html
    assert pdf_url not in html
    attach_pdf(correction.notice)
    assert pdf_url in client.get(reverse("corrections")).content.decode()


def test_notice_pdf_is_404_until_rendered_then_served(client, sheriff, reviewer, entry):
    correction = corrected(sheriff, reviewer, entry)
    url = reverse("notice-pdf", args=[correction.notice.number])
    assert url == f"/corrections/{correction.notice.number}.pdf"
    assert client.get(url).status_code == 404
    attach_pdf(correction.notice)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_unknown_notice_number_is_404(client, db):
    response = client.get(reverse("notice-pdf", args=["CN-1999-0001"]))
    assert response.status_code == 404
    assert "No correction notice with that number" in response.content.decode()


def test_atom_feed_carries_each_correction(client, sheriff, reviewer, entry):
    correction = corrected(sheriff, reviewer, entry)
    response = client.get(reverse("corrections-feed"))
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert 'xmlns="http://www.w3.org/2005/Atom"' in body
    assert correction.notice.number in body
    # Each entry links to its notice's page and keeps the id it had when it linked to the list's anchor.
    assert f'href="http://testserver/corrections/{correction.notice.number}/"' in body
    assert f"<id>http://testserver/corrections/#{correction.notice.number}</id>" in body
    assert reviewer.username not in body


def test_empty_corrections_page_says_so(client, db):
    response = client.get(reverse("corrections"))
    assert response.status_code == 200
    assert "No corrections have been made yet." in response.content.decode()


def test_signed_in_nav_offers_sign_out_as_a_post_form_that_lands_on_corrections(client, sheriff):
    client.force_login(sheriff)
    html = client.get(reverse("corrections")).content.decode()
    assert f'<form class="nav-logout" method="post" action="{reverse("logout")}">' in html
    assert reverse("portal") in html
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("corrections")


def test_each_notice_has_its_own_page_which_every_link_to_it_uses(client, sheriff, reviewer, entry):
    correction = corrected(sheriff, reviewer, entry)
    number = correction.notice.number
    url = reverse("notice", args=[number])
    assert url == f"/corrections/{number}/"
    html = client.get(url).content.decode()
    assert f"<h1>Correction notice {number}</h1>" in html
    assert "The release photo and the ICE custody log agree." in html
    assert reverse("revision", args=[entry.report_id, correction.revision.number]) in html
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    assert f'href="{url}"' in client.get(reverse("report", args=[entry.report_id])).content.decode()

    missing = client.get(reverse("notice", args=["CN-1999-0001"]))
    assert missing.status_code == 404
    assert "No correction notice with that number" in missing.content.decode()


def test_the_corrections_page_shows_twenty_notices_a_page_newest_first(client, reviewer):
    report = ReportFactory()
    entries = [ListedDetainerFactory(report=report, row_number=n) for n in range(1, 22)]
    create_revision(report=report, reason="Published")
    numbers = [
        services.correct_by_agency(
            actor=reviewer, entries=[e.pk], ground="data_error", rationale="Not in the period.", action="remove"
        ).notice.number
        for e in entries
    ]
    first = client.get(reverse("corrections")).content.decode()
    assert "21 correction notices so far, newest first: these are 1–20." in first
    assert all(f'id="{n}"' in first for n in numbers[1:]) and f'id="{numbers[0]}"' not in first
    assert first.index(f'id="{numbers[-1]}"') < first.index(f'id="{numbers[1]}"')
    assert 'href="?page=2"' in first
    second = client.get(reverse("corrections"), {"page": 2}).content.decode()
    assert f'id="{numbers[0]}"' in second and f'id="{numbers[1]}"' not in second
    assert "<title>Corrections · page 2 · Detainer Corrections</title>" in second


def test_a_report_page_lists_its_latest_ten_notices_and_links_to_all_its_corrections(client, reviewer):
    report, other = ReportFactory(), ReportFactory()
    entries = [ListedDetainerFactory(report=report, row_number=n) for n in range(1, 13)]
    elsewhere = ListedDetainerFactory(report=other, row_number=1)
    create_revision(report=report, reason="Published")
    create_revision(report=other, reason="Published")

    def remove(entry) -> str:
        return services.correct_by_agency(
            actor=reviewer, entries=[entry.pk], ground="data_error", rationale="Not in the period.", action="remove"
        ).notice.number

    numbers = [remove(e) for e in entries]
    other_number = remove(elsewhere)
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    shown = page[page.index('id="corrections-h"') :]
    assert all(n in shown for n in numbers[2:]) and numbers[0] not in shown and numbers[1] not in shown
    link = f"{reverse('corrections')}?report={report.pk}"
    assert f'These are the latest 10. <a href="{link}">All 12 corrections to this report</a>.' in page

    listed = client.get(link).content.decode()
    assert "<h1>Corrections to this report</h1>" in listed and f'id="{other_number}"' not in listed
    assert "12 correction notices changed entries of the report" in listed
    assert all(f'id="{n}"' in listed for n in numbers)
    # Twenty a page: the pager keeps the report.
    for n in range(9):
        remove(ListedDetainerFactory(report=report, row_number=20 + n))
    first = client.get(link).content.decode()
    assert f'href="?report={report.pk}&amp;page=2"' in first and "these are 1–20" in first
    assert numbers[0] in client.get(link + "&page=2").content.decode()


@pytest.mark.parametrize("value", ["x", "-1", "99999", "1" * 30, ""])
def test_the_corrections_of_an_unknown_or_draft_report_are_a_404(client, db, value):
    assert client.get(reverse("corrections"), {"report": value}).status_code == 404


def test_the_corrections_of_a_draft_are_a_404(client, db):
    draft = ReportFactory(status="draft")
    assert client.get(reverse("corrections"), {"report": draft.pk}).status_code == 404


def agency_removal(reviewer, entries):
    """The agency removes the entries in one decision (one notice)."""
    ids = [e.pk for e in entries]
    return services.correct_by_agency(
        actor=reviewer, entries=ids, ground="data_error", rationale="Not in the period.", action="remove"
    )


def test_a_list_of_notices_shows_the_first_entries_of_each_and_counts_them_all(client, reviewer):
    """A batch correction across two reports, five entries more than a list shows of a notice: the corrections
    page, the feed and the home page count them all and name both reports; the list shows the first ones and
    links to the notice's page, which shows all."""
    from disputes.views.public import NOTICE_ENTRIES_SHOWN

    shown = NOTICE_ENTRIES_SHOWN
    first, second = ReportFactory(), ReportFactory()
    entries = [ListedDetainerFactory(report=first, row_number=n) for n in range(1, shown + 1)]
    entries += [ListedDetainerFactory(report=second, row_number=n) for n in range(1, 6)]
    total = shown + 5
    for report in (first, second):
        create_revision(report=report, reason="Published")
    number = agency_removal(reviewer, entries).notice.number
    page = client.get(reverse("corrections")).content.decode()
    assert f"{total} entries corrected" in page
    assert page.count('<td data-label="Row">') == shown
    assert f'5 more entries: <a href="/corrections/{number}/">every entry of notice {number}</a>' in page
    assert f"report for {first.label}" in page and f"report for {second.label}" in page
    jurisdictions = sorted({f"{e.jurisdiction.name}, {e.jurisdiction.state}" for e in entries})
    assert "; ".join(jurisdictions) in page
    notice = client.get(reverse("notice", args=[number])).content.decode()
    assert notice.count('<td data-label="Row">') == total and "more entr" not in notice
    feed = client.get(reverse("corrections-feed")).content.decode()
    assert f"{number}: {total} entries corrected" in feed and "And 5 more entries: see the notice." in feed
    assert f"{total} entries corrected" in client.get("/").content.decode()


def test_a_notice_is_summed_up_alike_from_its_corrections_from_plain_values_and_from_what_it_froze(reviewer):
    """notice_rows sums a notice up from the corrections it loaded, or from grouped values, or, once every
    correction is published, from the summary the notice froze then (and the data migration freezes alike)."""
    import importlib

    from django.apps import apps

    from disputes.models import CorrectionNotice
    from disputes.selectors import correction_facts, notice_corrections, notice_summaries, summary_facts

    reports = [ReportFactory(), ReportFactory()]
    entries = [ListedDetainerFactory(report=report, row_number=1) for report in reports]
    for report in reports:
        create_revision(report=report, reason="Published")
    decision = agency_removal(reviewer, entries)
    notice = CorrectionNotice.objects.get(decision=decision)
    assert notice.summary is None and not summary_facts([decision.pk])[decision.pk]["published"]
    services.publish_decision(decision_id=decision.pk)
    facts = [correction_facts(c) for c in notice_corrections([decision.pk])]
    summary = notice_summaries([decision.pk])[decision.pk]
    assert notice_summaries([decision.pk], facts)[decision.pk] == summary
    assert summary["count"] == 2 and summary["published"]
    assert {r.pk for r in summary["reports"]} == {r.pk for r in reports} and len(summary["revisions"]) == 2
    notice.refresh_from_db()
    assert notice.summary == summary_facts([decision.pk])[decision.pk]
    assert notice_summaries([decision.pk], frozen={decision.pk: notice.summary})[decision.pk] == summary

    migration = importlib.import_module("disputes.migrations.0008_notice_summary")
    CorrectionNotice.objects.filter(pk=notice.pk).update(summary=None)
    migration.freeze_published(apps, None)
    assert CorrectionNotice.objects.get(pk=notice.pk).summary == summary_facts([decision.pk])[decision.pk]

    # The notice names both reports (written with it, and by the data migration for older notices).
    assert set(notice.reports.values_list("pk", flat=True)) == {r.pk for r in reports}
    notice.reports.clear()
    importlib.import_module("disputes.migrations.0009_notice_reports").name_reports(apps, None)
    assert set(notice.reports.values_list("pk", flat=True)) == {r.pk for r in reports}
