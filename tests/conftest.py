import pytest

from .factories import ListedDetainerFactory, ReviewerFactory, SheriffFactory


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Each test writes media and evidence under its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def entry(db):
    return ListedDetainerFactory()


@pytest.fixture
def sheriff(entry):
    """A sheriff's office account for the jurisdiction of `entry`."""
    return SheriffFactory(jurisdiction=entry.jurisdiction).user


@pytest.fixture
def other_sheriff(db):
    return SheriffFactory().user


@pytest.fixture
def reviewer(db):
    return ReviewerFactory().user
