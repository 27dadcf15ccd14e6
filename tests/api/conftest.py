import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from disputes import services
from tests.factories import jpeg_with_exif


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for():
    """A function giving an API client that sends the user's token."""

    def make(user) -> APIClient:
        _, token = AuthToken.objects.create(user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture
def dispute(entry, sheriff):
    return services.file_dispute(
        actor=sheriff, entry_id=entry.pk, ground="handed_to_ice", explanation="Handed to ICE at the sally port."
    )


@pytest.fixture
def evidence(dispute, sheriff):
    return services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=jpeg_with_exif(), filename="sallyport.jpg")


@pytest.fixture
def submitted(dispute, evidence, sheriff):
    """The dispute, sent for review (its notification is never sent: on_commit does not run)."""
    return services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)
