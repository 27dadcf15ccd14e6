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


@pytest.fixture(autouse=True)
def _no_rate_counts():
    """Every test starts with no API request counted (the counts live in the process, config.throttles)."""
    from config.throttles import reset

    reset()


@pytest.fixture(autouse=True)
def _empty_public_cache(request, monkeypatch):
    """Public versions restart with each test's database, so no test may see another's stored pages.

    A test's transaction never commits: the public version is bumped at once instead of after the commit,
    except in tests marked `after_commit`, which run the commit callbacks themselves.
    """
    from django.core.cache import caches

    caches["public"].clear()
    if not request.node.get_closest_marker("after_commit"):
        monkeypatch.setattr("reports.cache._after_commit", lambda bump: bump())


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


@pytest.fixture
def published(django_capture_on_commit_callbacks, monkeypatch):
    """A 30-entry report, published, with one entry corrected (revision 2 and notice PDFs rendered)."""
    monkeypatch.setattr("reports.services.render_pdf", lambda template, context: (b"%PDF-1.4 rev\n%%EOF", "a" * 64))
    monkeypatch.setattr(
        "disputes.services.publishing.render_pdf", lambda template, context: (b"%PDF-1.4 notice\n%%EOF", "b" * 64)
    )
    from reports.services import create_revision
    from tests.factories import correct_entry, report_with_entries

    report = report_with_entries(30)
    with django_capture_on_commit_callbacks(execute=True):
        create_revision(report=report, reason="Published")
    with django_capture_on_commit_callbacks(execute=True):
        correct_entry(report.entries.order_by("row_number").first(), ReviewerFactory().user)
    return report
