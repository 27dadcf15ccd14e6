import pytest

from jurisdictions.models import Account

from .factories import ListedDetainerFactory, ReviewerFactory, SheriffFactory


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path, monkeypatch):
    """Each test writes media and evidence under its own temporary folder."""
    from django.core.files.storage import storages

    from disputes.models import Evidence

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    # The evidence field resolved its storage when the model loaded, from the settings of that moment.
    monkeypatch.setattr(Evidence._meta.get_field("file"), "storage", storages["private"])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _broker_not_paused(monkeypatch):
    """A broker failure one test provokes must not pause publishing in the next (see config.queue)."""
    monkeypatch.setattr("config.queue._broker_down_until", 0.0)


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


@pytest.fixture
def senior(db):
    """A senior reviewer (decides appeals, assigns cases)."""
    return ReviewerFactory(role=Account.Role.SENIOR_REVIEWER).user
