import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports.cache import public_changed
from reports.frozen import freeze_revision
from reports.models import ReportRevision
from reports.services import create_revision
from tests.factories import IssuedCountFactory, ListedDetainerFactory, ReportFactory

pytestmark = pytest.mark.django_db


def section_ii_row(row: int, **overrides) -> dict:
    return {
        "row": row,
        "entry_id": row,
        "fips": "48453",
        "name": "Travis County",
        "state": "TX",
        "facility": "Travis County Correctional Complex",
        "citizenship": "Mexico",
        "detainer_issued": "2016-06-26",
        "declined": "2017-02-01",
        "criminal_activity": "Larceny",
        "activity_basis": "conviction",
        "amended": False,
        **overrides,
    }


def revision(report, number: int, *, reason: str = "Published as imported", section_i=None, section_ii=None, **totals):
    section_ii = section_ii if section_ii is not None else [section_ii_row(1)]
    return freeze_revision(
        report_id=report.pk,
        number=number,
        reason=reason,
        content={"section_i": section_i or [], "section_ii": section_ii, "section_iii": []},
        totals={
            "declined": len(section_ii),
            "removed": 0,
            "amended": 0,
            "jurisdictions_declining": 1,
            "declined_by_jurisdiction": [],
            "issued_top": 0,
            "policies": 0,
            **totals,
        },
    )


def attach_pdf(rev: ReportRevision) -> None:
    """What the render task does: add the PDF, the one change a published revision allows."""
    rev.pdf.save(f"rev{rev.number}.pdf", ContentFile(b"%PDF-1.4 test\n%%EOF"), save=False)
    rev.save(update_fields=["pdf"])
    public_changed()


@pytest.fixture
def report():
    return ReportFactory(period_start=dt.date(2017, 1, 28), period_end=dt.date(2017, 2, 3))


def test_home_lists_each_report_with_the_totals_of_its_current_revision(client, report):
    revision(report, 1, section_ii=[section_ii_row(1), section_ii_row(2)])
    revision(report, 2, reason="Correction CN-2017-0001", section_ii=[section_ii_row(1)], removed=1)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("report", args=[report.pk]) in html
    assert "Jan 28, 2017 – Feb 3, 2017" in html
    assert "Rev. 2" in html
    weeks = response.context["weeks"]
    assert weeks[0]["current"].number == 2
    assert weeks[0]["totals"]["removed"] == 1


def test_report_page_shows_frozen_revision_content_not_live_entries(client, report):
    entry = ListedDetainerFactory(report=report, citizenship="Honduras")
    IssuedCountFactory(report=report, jurisdiction=entry.jurisdiction, detainers_issued=7)
    create_revision(report=report, reason="Published as imported")
    # A live change after publication must not leak into the published page.
    type(entry).objects.filter(pk=entry.pk).update(citizenship="Nowhere")
    response = client.get(reverse("report", args=[report.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Honduras" in html
    assert "Nowhere" not in html
    assert entry.jurisdiction.name in html


def test_report_page_shows_section_i_as_published_beside_the_current_count_when_changed(client, report):
    rows = [
        {"rank": 1, "fips": "48453", "name": "Travis County", "state": "TX", "issued": 18, "as_published": 19},
        {"rank": 2, "fips": "27053", "name": "Hennepin County", "state": "MN", "issued": 11, "as_published": 11},
    ]
    revision(report, 1, section_i=rows)
    response = client.get(reverse("report", args=[report.pk]))
    html = response.content.decode()
    assert response.context["section_i_changed"] is True
    assert "As published" in html
    assert "<s>19</s>" in html
    assert "<s>11</s>" not in html


def test_report_page_has_no_as_published_column_when_nothing_changed(client, report):
    rows = [{"rank": 1, "fips": "48453", "name": "Travis County", "state": "TX", "issued": 19, "as_published": 19}]
    revision(report, 1, section_i=rows)
    response = client.get(reverse("report", args=[report.pk]))
    assert "As published" not in response.content.decode()


def test_amended_rows_are_marked_in_section_ii(client, report):
    revision(report, 1, section_ii=[section_ii_row(1), section_ii_row(2, amended=True, citizenship="Guatemala")])
    html = client.get(reverse("report", args=[report.pk])).content.decode()
    assert html.count('<tr class="amended">') == 1
    assert 'badge-amended">Amended<' in html


def test_revision_history_links_each_revision_and_says_when_a_pdf_is_still_being_generated(client, report):
    first = revision(report, 1)
    revision(report, 2, reason="Correction CN-2017-0001")
    attach_pdf(first)
    html = client.get(reverse("report", args=[report.pk])).content.decode()
    assert reverse("revision", args=[report.pk, 1]) in html
    assert reverse("revision", args=[report.pk, 2]) in html
    assert reverse("revision-pdf", args=[report.pk, 1]) in html
    assert reverse("revision-pdf", args=[report.pk, 2]) not in html
    assert "PDF being generated" in html
    assert "Correction CN-2017-0001" in html


def test_an_earlier_revision_shows_its_own_frozen_content_and_says_it_is_superseded(client, report):
    revision(report, 1, section_ii=[section_ii_row(1, citizenship="Cuba")])
    revision(report, 2, reason="Correction CN-2017-0001", section_ii=[section_ii_row(1, citizenship="Peru")])
    response = client.get(reverse("revision", args=[report.pk, 1]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cuba" in html and "Peru" not in html
    assert "superseded" in html
    current = client.get(reverse("report", args=[report.pk])).content.decode()
    assert "Peru" in current and "superseded" not in current


def test_revision_pdf_is_404_until_rendered_then_served_as_pdf(client, report):
    rev = revision(report, 1)
    url = reverse("revision-pdf", args=[report.pk, 1])
    pending = client.get(url)
    assert pending.status_code == 404
    assert "still being generated" in pending.content.decode()
    attach_pdf(rev)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_unknown_report_and_revision_are_404_pages(client, report):
    revision(report, 1)
    assert client.get(reverse("report", args=[report.pk + 1000])).status_code == 404
    missing = client.get(reverse("revision", args=[report.pk, 9]))
    assert missing.status_code == 404
    assert "No such revision" in missing.content.decode()


def test_an_unknown_address_gets_the_site_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "There is no page at this address" in response.content.decode()


def test_a_report_page_lists_its_latest_ten_revisions_and_links_to_its_whole_history(client, report, monkeypatch):
    for number in range(1, 13):
        revision(report, number, reason=f"Correction CN-2017-{number:04}" if number > 1 else "Published")
    history = reverse("revisions", args=[report.pk])
    html = client.get(reverse("report", args=[report.pk])).content.decode()
    assert "Revision history</span>: 12 revisions, each frozen as published" in html
    assert all(reverse("revision", args=[report.pk, n]) in html for n in range(3, 13))
    assert reverse("revision", args=[report.pk, 2]) not in html and "CN-2017-0002" not in html
    assert f'<a href="{history}">All 12 revisions</a>' in html
    # An older revision's page lists itself as well, marked as the one shown.
    first = client.get(reverse("revision", args=[report.pk, 1])).content.decode()
    assert re.search(rf'aria-current="true">\s*<td[^>]*><a href="{reverse("revision", args=[report.pk, 1])}"', first)
    assert f'<a href="{history}">All 12 revisions</a>' in first

    monkeypatch.setattr("reports.views.public.REVISIONS_PER_PAGE", 5)
    whole = client.get(history).content.decode()
    assert "12 revisions, each frozen as published, newest first: these are 1–5." in whole
    assert whole.count('<span class="badge">current</span>') == 1
    assert whole.index("CN-2017-0012") < whole.index("CN-2017-0008") and "CN-2017-0007" not in whole
    last = client.get(history, {"page": 3}).content.decode()
    assert "CN-2017-0002" in last and "Published" in last and "badge" not in last
    assert "<title>Revision history · DDOR " in last and 'rel="prev"' in last


def test_the_history_of_a_draft_or_unknown_report_is_a_404(client, report):
    draft = ReportFactory(status="draft")
    assert client.get(reverse("revisions", args=[draft.pk])).status_code == 404
    assert client.get(reverse("revisions", args=[report.pk + 1000])).status_code == 404
