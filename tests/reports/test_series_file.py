"""The series zip is built once for each public version and then sent from its file."""

import io
import zipfile

import pytest
from django.core.cache import cache

from reports import series_file
from reports.cache import public_changed
from reports.services import create_revision
from tests.factories import ListedDetainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch) -> list[int]:
    """Counts the builds; each writes the real zip."""
    made: list[int] = []
    real = series_file.write_series_zip

    def counted(out, corrections) -> None:
        made.append(1)
        real(out, corrections)

    monkeypatch.setattr(series_file, "write_series_zip", counted)
    return made


def names(body: bytes) -> list[str]:
    return sorted(zipfile.ZipFile(io.BytesIO(body)).namelist())


def test_downloads_of_one_public_version_share_one_build_and_a_change_builds_anew(
    client, builds, monkeypatch, django_capture_on_commit_callbacks
):
    first = ListedDetainerFactory()
    create_revision(report=first.report, reason="Published")
    one = client.get("/data/ddor-series.zip")
    two = client.get("/data/ddor-series.zip")
    assert one.status_code == two.status_code == 200 and len(builds) == 1
    assert one["Content-Disposition"] == 'attachment; filename="ddor-series.zip"'
    body = one.getvalue()  # a file sent as it is read: once
    assert body == two.getvalue()
    assert f"ddor-{first.report.period_start:%Y-%m-%d}-rev1.csv" in names(body)

    monkeypatch.setattr(series_file, "OLD_FILE_SECONDS", -1.0)  # no download is reading the old one
    second = ListedDetainerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        create_revision(report=second.report, reason="Published")
        public_changed()
    three = client.get("/data/ddor-series.zip")
    assert len(builds) == 2
    assert f"ddor-{second.report.period_start:%Y-%m-%d}-rev1.csv" in names(three.getvalue())
    stored = sorted(p.name for p in series_file.folder().iterdir())
    assert len(stored) == 1 and stored[0].startswith(series_file.PREFIX)


def test_a_build_that_fails_leaves_no_file_and_the_next_download_builds_it(client, monkeypatch):
    ListedDetainerFactory()
    real = series_file.write_series_zip

    def broken(out, corrections) -> None:
        out.write(b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(series_file, "write_series_zip", broken)
    with pytest.raises(OSError, match="disk full"):
        client.get("/data/ddor-series.zip")
    assert list(series_file.folder().iterdir()) == []
    monkeypatch.setattr(series_file, "write_series_zip", real)
    response = client.get("/data/ddor-series.zip")
    assert response.status_code == 200 and "COLUMNS.txt" in names(response.getvalue())


def test_until_a_worker_has_built_it_a_download_waits_then_answers_503_and_the_build_is_queued_once(
    client, builds, monkeypatch
):
    """Web processes never build the zip: the first download queues the build, the others wait for it."""
    ListedDetainerFactory()
    queued = []
    monkeypatch.setattr(series_file, "enqueue_now", lambda task: queued.append(task.name))
    monkeypatch.setattr(series_file, "WAIT_SECONDS", 0.3)
    try:
        for _ in range(3):
            response = client.get("/data/ddor-series.zip")
            assert response.status_code == 503 and response["Retry-After"] == "30"
            assert "being built; try again in a minute" in response.json()["detail"]
        assert queued == ["reports.tasks.build_series_zip"] and builds == []
        series_file.build_current()  # as the worker does
        response = client.get("/data/ddor-series.zip")
        assert response.status_code == 200 and "COLUMNS.txt" in names(response.getvalue())
        assert len(builds) == 1 and len(queued) == 1
    finally:
        cache.delete(series_file._queued_key(series_file.current_file()))


def test_a_download_takes_the_zip_of_a_version_made_while_it_waited(client, builds, monkeypatch):
    """A revision PDF rendered meanwhile makes a new public version; the zip the worker built is of that one."""
    ListedDetainerFactory()

    def worker(task) -> None:
        public_changed()
        series_file.build_current()

    monkeypatch.setattr(series_file, "enqueue_now", worker)
    asked = series_file.current_file()
    response = client.get("/data/ddor-series.zip")
    assert response.status_code == 200 and "COLUMNS.txt" in names(response.getvalue())
    assert len(builds) == 1 and not asked.exists() and series_file.current_file().exists()
