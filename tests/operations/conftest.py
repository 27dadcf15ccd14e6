import pytest

from disputes import services
from tests.factories import jpeg_with_exif


@pytest.fixture
def decided(sheriff, reviewer, entry):
    """A removal decided inside the test transaction, so its tasks have not run: all its work is pending."""
    dispute = services.file_dispute(
        actor=sheriff, entry_id=entry.pk, ground="handed_to_ice", explanation="Released to ICE at the sally port."
    )
    services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=jpeg_with_exif(), filename="release.jpg")
    services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)
    return services.decide_dispute(
        actor=reviewer,
        dispute_id=dispute.pk,
        outcome="corrected",
        action="remove",
        rationale="The release photo shows the handover to ICE.",
    )
