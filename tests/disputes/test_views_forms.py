"""How page forms behave: one form to upload and submit, GET on a form's URL, landing after sign-in, lists."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disputes import services
from reports.models import ListedDetainer
from tests.factories import PASSWORD, ListedDetainerFactory, jpeg_with_exif

pytestmark = pytest.mark.django_db
EXPLANATION = "Released to ICE at the sally port on the declined date."


@pytest.fixture
def case(sheriff, entry):
    return services.open_case(actor=sheriff, entries=[entry.pk], ground="handed_to_ice", explanation=EXPLANATION)


def test_a_file_chosen_before_submit_is_attached_then_the_case_submitted(client, sheriff, case, entry):
    client.force_login(sheriff)
    photo = SimpleUploadedFile("release.jpg", jpeg_with_exif(), content_type="image/jpeg")
    response = client.post(
        reverse("portal-case-evidence", args=[case.pk]), {"file": photo, "note": "See the log.", "then": "submit"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    entry.refresh_from_db()
    assert [e.original_name for e in case.evidence.attached()] == ["release.jpg"]
    assert case.submitted_at is not None and entry.state == ListedDetainer.State.EVIDENCE_SUBMITTED


def test_submit_without_any_evidence_is_refused_at_the_top_and_at_the_file_field(client, sheriff, case, entry):
    client.force_login(sheriff)
    response = client.post(reverse("portal-case-evidence", args=[case.pk]), {"then": "submit"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in page and "data-error-summary" in page
    assert "Attach at least one evidence file before submitting" in page
    entry.refresh_from_db()
    assert entry.state == ListedDetainer.State.DISPUTED


def test_a_field_error_is_linked_from_the_summary_and_marked_at_the_field(client, sheriff, entry):
    client.force_login(sheriff)
    response = client.post(reverse("portal-dispute", args=[entry.pk]), {"ground": "other", "explanation": "short"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_explanation"' in page
    assert 'id="id_explanation_error"' in page and 'id="id_explanation_helptext"' in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_explanation_helptext id_explanation_error"' in page


@pytest.mark.parametrize(
    "name, page",
    [
        ("portal-case-submit", "portal-case"),
        ("portal-case-evidence", "portal-case"),
        ("portal-case-statement", "portal-case"),
    ],
)
def test_opening_a_form_address_shows_the_page_the_form_is_on(client, sheriff, case, name, page):
    client.force_login(sheriff)
    response = client.get(reverse(name, args=[case.pk]))
    assert (response.status_code, response["Location"]) == (302, reverse(page, args=[case.pk]))


def test_each_role_lands_on_its_own_work_after_signing_in(client, sheriff, reviewer):
    for user, landing in ((sheriff, "portal"), (reviewer, "review")):
        response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
        assert response["Location"] == reverse(landing)
        client.logout()
    response = client.post(
        reverse("login") + "?next=/corrections/",
        {"username": sheriff.username, "password": PASSWORD, "next": "/corrections/"},
    )
    assert response["Location"] == "/corrections/"


def test_the_entry_list_searches_sorts_and_names_rows_in_words(client, sheriff, entry):
    other = ListedDetainerFactory(
        report=entry.report, jurisdiction=entry.jurisdiction, citizenship="Honduras", row_number=entry.row_number + 1
    )
    client.force_login(sheriff)
    page = client.get(reverse("portal"), {"q": "hondur", "sort": "declined"}).content.decode()
    assert reverse("portal-entry", args=[other.pk]) in page
    assert reverse("portal-entry", args=[entry.pk]) not in page
    assert f"Row {other.row_number} · declined {other.declined:%b %-d, %Y}" in page
