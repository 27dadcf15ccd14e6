"""The report page's Section II a page at a time, filtered, with gaps explained; and the status answers it polls."""

import pytest
from django.urls import reverse

from disputes import services
from reports.models import ReportRevision
from reports.services import create_revision
from tests.factories import JurisdictionFactory, ListedDetainerFactory, ReportFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    report = ReportFactory()
    travis = JurisdictionFactory(fips="48453", name="Travis County", state="TX")
    kern = JurisdictionFactory(fips="06029", name="Kern County", state="CA")
    for row in range(1, 131):
        ListedDetainerFactory(report=report, row_number=row, jurisdiction=travis if row <= 120 else kern)
    create_revision(report=report, reason="Published")
    return report


def test_section_ii_is_shown_a_hundred_rows_a_page(client, report):
    first = client.get(reverse("report", args=[report.pk])).content.decode()
    second = client.get(reverse("report", args=[report.pk]), {"page": 2}).content.decode()
    assert first.count('data-label="Row">') == 100 and second.count('data-label="Row">') == 30
    assert "Showing 1–100 of 130" in first and 'rel="next"' in first


def test_section_ii_filters_by_jurisdiction_state_and_facility(client, report):
    page = client.get(reverse("report", args=[report.pk]), {"fips": "06029"}).content.decode()
    assert page.count('data-label="Row">') == 10
    assert "10 of 130 entries match" in page
    assert (
        client.get(reverse("report", args=[report.pk]), {"state": "TX"}).content.decode().count('data-label="Row">')
        == 100
    )


def remove_rows(report, rows: list[int], django_capture_on_commit_callbacks) -> None:
    """The agency removes these rows of the report in one correction, published at once."""
    removed = list(report.entries.filter(row_number__in=rows).values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_by_agency(
            actor=ReviewerFactory().user,
            entries=removed,
            ground="data_error",
            rationale="Re-processed in one batch; not declined in the period.",
            action="remove",
        )


def test_missing_row_numbers_are_explained(client, report, django_capture_on_commit_callbacks):
    remove_rows(report, [4, 5], django_capture_on_commit_callbacks)
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    assert "Rows 4–5 are missing: removed by correction" in page


def test_a_batch_correction_is_named_in_short_on_the_page_and_in_full_in_the_pdf(
    client, report, django_capture_on_commit_callbacks
):
    """76 rows removed at once (1–55, then every other row from 60 to 100): the page lists the first 50 changes
    and counts the rest, and names the missing rows as runs, the first 20 of them, counting the rest."""
    from reports.pdf import revision_pdf_context
    from reports.section_filter import GAP_RUNS_SHOWN
    from reports.views.public import CHANGES_SHOWN

    remove_rows(report, [*range(1, 56), *range(60, 101, 2)], django_capture_on_commit_callbacks)
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    assert (CHANGES_SHOWN, GAP_RUNS_SHOWN) == (50, 20)
    assert page.count('<span class="change-tag removed">Removed</span>') == 50
    link = f'<a href="/corrections/?report={report.pk}">the corrections to this report</a>'
    assert f"And 26 more changes to Section II rows: each is in {link}." in page
    runs = ", ".join(["1–55", *map(str, range(60, 97, 2))])  # the first 20 runs; rows 98 and 100 are counted
    assert f"Rows {runs} and 2 more are missing: removed by correction." in page
    revision = report.revisions.order_by("-number").first()
    assert len(revision_pdf_context(revision)["changes"]["section_ii_removed"]) == 76  # the PDF lists them all


def test_the_revision_status_answers_with_the_pdf_link_once_rendered(client, report):
    revision = report.revisions.first()
    url = reverse("revision-status", args=[report.pk, revision.number])
    assert client.get(url).json() == {"pdf": None}
    ReportRevision.objects.filter(pk=revision.pk).update(pdf="revisions/rendered.pdf")  # as the worker leaves it
    assert client.get(url).json()["pdf"]["href"] == reverse("revision-pdf", args=[report.pk, revision.number])


def test_the_chosen_jurisdiction_stays_chosen_in_the_filter(client, report):
    page = client.get(reverse("report", args=[report.pk]), {"fips": "48453"}).content.decode()
    assert '<option value="48453" selected>Travis County, TX</option>' in page


def test_each_revision_freezes_its_filter_choices_and_gaps_and_the_migration_fills_older_ones(
    report, django_capture_on_commit_callbacks
):
    import importlib

    from django.apps import apps

    with django_capture_on_commit_callbacks(execute=True):
        services.correct_by_agency(
            actor=ReviewerFactory().user,
            entries=list(report.entries.filter(row_number__in=[7, 125]).values_list("pk", flat=True)),
            ground="data_error",
            rationale="Not declined in the period.",
            action="remove",
        )
    first, second = report.revisions.order_by("number")
    assert first.section_ii_index == {
        "choices": [
            ["06029", "Kern County", "CA", report.entries.get(row_number=121).facility.name],
            ["48453", "Travis County", "TX", report.entries.get(row_number=1).facility.name],
        ],
        "gaps": [],
    }
    assert second.section_ii_index["gaps"] == [7, 125]
    frozen = {revision.pk: revision.section_ii_index for revision in (first, second)}
    ReportRevision.objects.filter(report=report).update(section_ii_index={})
    importlib.import_module("reports.migrations.0007_revision_section_ii_index").fill(apps, None)
    assert {r.pk: r.section_ii_index for r in report.revisions.all()} == frozen


def test_the_page_lists_each_notice_that_corrected_it_with_the_revision_that_carries_it(
    client, report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as published:
        decision = services.correct_by_agency(
            actor=ReviewerFactory().user,
            entries=list(report.entries.filter(row_number__in=[7, 125]).values_list("pk", flat=True)),
            ground="data_error",
            rationale="Not declined in the period.",
            action="remove",
        )
    number = decision.notice.number
    page = " ".join(client.get(reverse("report", args=[report.pk])).content.decode().split())
    assert f'<a href="/corrections/{number}/"><strong>{number}</strong></a>: 2 entries' in page
    assert "(Kern County, CA; Travis County, TX) corrected by the agency" in page
    assert f'data-status-url="/corrections/{number}/status"' in page and "revision being published" in page

    for callback in published:  # the revision task, as the worker runs it once the decision has committed
        callback()
    page = " ".join(client.get(reverse("report", args=[report.pk])).content.decode().split())
    assert "corrected by the agency in revision 2</li>" in page
    assert "revision being published" not in page


def test_each_revision_freezes_what_it_changed_and_the_migration_fills_older_ones(
    report, django_capture_on_commit_callbacks
):
    import importlib

    from django.apps import apps

    from reports.selectors import revision_changes

    with django_capture_on_commit_callbacks(execute=True):
        services.correct_by_agency(
            actor=ReviewerFactory().user,
            entries=list(report.entries.filter(row_number=7).values_list("pk", flat=True)),
            ground="data_error",
            rationale="Not declined in the period.",
            action="remove",
        )
    first, second = report.revisions.order_by("number")
    assert first.changes is None  # a first revision that drops no jurisdiction of the week before
    assert second.changes == revision_changes(second)
    assert second.changes["since"] == 1 and [r["row"] for r in second.changes["section_ii_removed"]] == [7]
    ReportRevision.objects.filter(report=report).update(changes={"stale": True})
    importlib.import_module("reports.migrations.0008_revision_changes").fill(apps, None)
    assert {r.number: r.changes for r in report.revisions.all()} == {1: None, 2: revision_changes(second)}
