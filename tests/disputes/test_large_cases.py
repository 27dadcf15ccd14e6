"""A case at its size limit: the reviewer's page offers a choice per entry, and the form it posts is accepted."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from config.errors import InvalidInput
from disputes import services
from disputes.models import Correction
from disputes.services import cases as case_services
from reports.models import ListedDetainer, Report
from reports.services import create_revision
from tests.factories import pdf_bytes
from tests.forms import posted_fields

pytestmark = pytest.mark.django_db
RATIONALE = "ICE re-processed these detainers in one batch."


def listed(entry, n: int) -> list[int]:
    """`n` listed entries of the entry's jurisdiction on a new published report, oldest row first."""
    start = dt.date(2017, 3, 4)
    report = Report.objects.create(period_start=start, period_end=start + dt.timedelta(6), status="published")
    ListedDetainer.objects.bulk_create(
        ListedDetainer(
            report=report,
            row_number=row,
            jurisdiction=entry.jurisdiction,
            facility=entry.facility,
            citizenship="Mexico",
            detainer_issued=dt.date(2015, 6, 1),
            declined=start + dt.timedelta(2),
        )
        for row in range(1, n + 1)
    )
    create_revision(report=report, reason="Published as imported")
    return list(report.entries.order_by("row_number").values_list("pk", flat=True))


def test_a_full_case_is_decided_from_the_reviewers_page(client, reviewer, sheriff, entry):
    ids = listed(entry, settings.CASE_MAX_ENTRIES)
    case = services.open_case(actor=sheriff, entries=ids, ground="before_period", explanation="Re-processed in 2017.")
    services.add_case_evidence(actor=sheriff, case_id=case.pk, data=pdf_bytes(), filename="log.pdf")
    services.submit_case(actor=sheriff, case_id=case.pk)
    client.force_login(reviewer)
    url = reverse("review-case", args=[case.pk])
    page = client.get(url).content.decode()
    posted = posted_fields(page, '<form method="post" novalidate class="form">')
    assert sum(name.startswith("exception-") for name in posted) == settings.CASE_MAX_ENTRIES
    posted.update(outcome="corrected", action="remove", rationale=RATIONALE, step="preview")
    posted[f"exception-{ids[0]}"] = "upheld"
    assert len(posted) > 2000  # more fields than Django accepts by default, and fewer than this site does

    preview = client.post(url, posted)
    assert preview.status_code == 200 and "Nothing is recorded yet" in preview.content.decode()
    confirm = posted_fields(preview.content.decode(), '<form method="post" novalidate class="form panel">')
    assert confirm[f"exception-{ids[0]}"] == "upheld"
    response = client.post(url, {**confirm, "step": "confirm"})
    assert response.status_code == 302
    corrections = Correction.objects.filter(decision__case=case)
    assert corrections.count() == settings.CASE_MAX_ENTRIES - 1
    assert ListedDetainer.objects.get(pk=ids[0]).state == ListedDetainer.State.UPHELD


def test_a_case_refuses_entries_beyond_its_limit(sheriff, entry, monkeypatch):
    monkeypatch.setattr(case_services, "MAX_ENTRIES", 3)
    ids = listed(entry, 5)
    case = services.open_case(actor=sheriff, entries=ids[:2], ground="before_period", explanation="Re-processed.")
    with pytest.raises(InvalidInput, match=f"a case holds at most 3 entries and case {case.pk} has 2; open another"):
        services.add_entries(actor=sheriff, case_id=case.pk, entries=ids[2:4])
    assert case.disputes.count() == 2
    services.add_entries(actor=sheriff, case_id=case.pk, entries=ids[2:3])
    assert case.disputes.count() == 3
