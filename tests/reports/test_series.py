"""The weekly series on the home page, and a jurisdiction across every published report (page and API)."""

import pytest

from disputes.services import decide_case
from tests.factories import ReviewerFactory, SheriffFactory, submitted_case

from . import ddor2017 as d

pytestmark = pytest.mark.django_db


def test_home_shows_published_weeks_oldest_first_with_totals(series, client):
    week_1, week_2 = series
    response = client.get("/")
    weeks = response.context["weeks"]
    assert [w["report"].pk for w in weeks] == [week_1.pk, week_2.pk]
    assert [w["totals"]["declined"] for w in weeks] == [206, 48]
    assert [w["report"].entries_corrected for w in weeks] == [0, 0]
    html = response.content.decode()
    assert html.index("Jan 28, 2017") < html.index("Feb 4, 2017")


def test_home_leaves_drafts_out(week_2, client):
    response = client.get("/")
    assert [w["report"].period_start for w in response.context["weeks"]] == [d.WEEK_1[0]]


def test_jurisdiction_page_shows_its_counts_and_weeks(series, client):
    response = client.get(f"/jurisdictions/{d.NASSAU[2]}/")
    assert response.status_code == 200
    weeks = response.context["weeks"]
    assert [(w["rank"], w["issued"]) for w in weeks] == [(2, 38), (None, None)]
    response = client.get(f"/jurisdictions/{d.TRAVIS[2]}/")
    assert response.context["counts"] == {"listed": 147, "disputed": 0, "corrected": 0, "upheld": 0}
    assert [w["declined"] for w in response.context["weeks"]] == [142, 5]
    assert response.context["weeks"][0]["policy"].startswith("Honors detainers")
    assert client.get("/jurisdictions/99999/").status_code == 404


def test_jurisdiction_api_gives_the_same_series(series, client):
    data = client.get(f"/api/v1/jurisdictions/{d.KERN[2]}/").json()
    assert data["jurisdiction"] == {"fips": d.KERN[2], "name": "Kern County", "state": "CA"}
    assert [(w["rank"], w["issued"]) for w in data["weeks"]] == [(None, None), (3, 65)]
    assert data["counts"]["listed"] == 0 and data["corrections"] == []


def test_jurisdiction_page_counts_no_draft(week_2, client):
    client.force_login(ReviewerFactory().user)
    response = client.get(f"/jurisdictions/{d.DALLAS[2]}/")
    assert response.context["counts"]["listed"] == 2
    assert len(response.context["weeks"]) == 1


def test_a_jurisdictions_corrections_are_listed_a_page_at_a_time(series, client, django_capture_on_commit_callbacks):
    week_1, _ = series
    travis = week_1.entries.filter(jurisdiction__fips=d.TRAVIS[2]).order_by("row_number")[:55]
    sheriff = SheriffFactory(jurisdiction=travis[0].jurisdiction).user
    case = submitted_case(sheriff, list(travis), ground="before_period")
    with django_capture_on_commit_callbacks(execute=True):
        decide_case(
            actor=ReviewerFactory().user,
            case_id=case.pk,
            outcome="corrected",
            action="remove",
            rationale="Re-processed in one batch.",
        )
    first = client.get(f"/jurisdictions/{d.TRAVIS[2]}/").content.decode()
    corrections = first[first.index('id="corr-h"') :]
    assert corrections.count("entry removed from") == 50
    assert "55 entries corrected, newest first: these are 1–50." in corrections
    assert 'href="?page=2#corr-h" rel="next"' in corrections
    second = client.get(f"/jurisdictions/{d.TRAVIS[2]}/?page=2").content.decode()
    assert second[second.index('id="corr-h"') :].count("entry removed from") == 5
