"""The series zip, and a long revision's CSV and JSON, are built once for each public version, by a worker,
and then sent from their files."""

import csv
import io
import json
import zipfile

import pytest
from django.core.cache import cache

from disputes import services
from reports import stored_files
from reports.cache import public_changed
from reports.services import create_revision
from reports.tasks import build_open_data_file
from tests.factories import ListedDetainerFactory, ReviewerFactory, SheriffFactory, correct_entry

from . import ddor2017 as d

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch) -> list[int]:
    """Counts the builds; each writes the real zip."""
    made: list[int] = []
    real = stored_files.write_series_zip

    def counted(out, corrections) -> None:
        made.append(1)
        real(out, corrections)

    monkeypatch.setattr(stored_files, "write_series_zip", counted)
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

    monkeypatch.setattr(stored_files, "OLD_FILE_SECONDS", -1.0)  # no download is reading the old one
    second = ListedDetainerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        create_revision(report=second.report, reason="Published")
        public_changed()
    three = client.get("/data/ddor-series.zip")
    assert len(builds) == 2
    assert f"ddor-{second.report.period_start:%Y-%m-%d}-rev1.csv" in names(three.getvalue())
    stored = sorted(p.name for p in stored_files.folder().iterdir())
    assert len(stored) == 1 and stored[0].startswith(stored_files.PREFIX)


def test_a_build_that_fails_leaves_no_file_and_the_next_download_builds_it(client, monkeypatch):
    ListedDetainerFactory()
    real = stored_files.write_series_zip

    def broken(out, corrections) -> None:
        out.write(b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(stored_files, "write_series_zip", broken)
    with pytest.raises(OSError, match="disk full"):
        client.get("/data/ddor-series.zip")
    assert list(stored_files.folder().iterdir()) == []
    monkeypatch.setattr(stored_files, "write_series_zip", real)
    response = client.get("/data/ddor-series.zip")
    assert response.status_code == 200 and "COLUMNS.txt" in names(response.getvalue())


def test_until_a_worker_has_built_it_a_download_waits_then_answers_503_and_the_build_is_queued_once(
    client, builds, monkeypatch
):
    """Web processes never build the zip: the first download queues the build, the others wait for it."""
    ListedDetainerFactory()
    queued = []
    monkeypatch.setattr(stored_files, "enqueue_now", lambda task: queued.append(task.name))
    monkeypatch.setattr(stored_files, "WAIT_SECONDS", 0.3)
    try:
        for _ in range(3):
            response = client.get("/data/ddor-series.zip")
            assert response.status_code == 503 and response["Retry-After"] == "30"
            assert "being built; try again in a minute" in response.json()["detail"]
        assert queued == ["reports.tasks.build_series_zip"] and builds == []
        stored_files.build_current()  # as the worker does
        response = client.get("/data/ddor-series.zip")
        assert response.status_code == 200 and "COLUMNS.txt" in names(response.getvalue())
        assert len(builds) == 1 and len(queued) == 1
    finally:
        cache.delete(stored_files._queued_key(stored_files.current_file()))


def test_a_download_takes_the_zip_of_a_version_made_while_it_waited(client, builds, monkeypatch):
    """A revision PDF rendered meanwhile makes a new public version; the zip the worker built is of that one."""
    ListedDetainerFactory()

    def worker(task) -> None:
        public_changed()
        stored_files.build_current()

    monkeypatch.setattr(stored_files, "enqueue_now", worker)
    asked = stored_files.current_file()
    response = client.get("/data/ddor-series.zip")
    assert response.status_code == 200 and "COLUMNS.txt" in names(response.getvalue())
    assert len(builds) == 1 and not asked.exists() and stored_files.current_file().exists()


@pytest.fixture
def file_builds(monkeypatch) -> list[str]:
    """The kinds of file built (other than the zip), each written for real."""
    made: list[str] = []
    real = stored_files._write

    def counted(out, kind, revision) -> None:
        made.append(kind)
        real(out, kind, revision)

    monkeypatch.setattr(stored_files, "_write", counted)
    return made


def test_a_long_revisions_csv_and_json_are_built_once_for_each_public_version_as_a_request_writes_them(
    series, client, settings, file_builds, monkeypatch, django_capture_on_commit_callbacks
):
    week_1, _ = series
    urls = {kind: f"/reports/{week_1.pk}/revisions/1.{kind}" for kind in ("csv", "json")}
    written = {kind: client.get(url) for kind, url in urls.items()}  # 206 rows: written in the request
    assert file_builds == [] and written["csv"].status_code == written["json"].status_code == 200

    settings.REVISION_DOWNLOAD_MAX_ROWS = 205
    stored = {kind: client.get(url) for kind, url in urls.items()}
    again = {kind: client.get(url) for kind, url in urls.items()}
    assert file_builds == ["csv", "json"]  # once each, however many downloads
    for kind in urls:
        assert stored[kind].status_code == again[kind].status_code == 200
        body = b"".join(stored[kind].streaming_content)
        assert body == written[kind].content == b"".join(again[kind].streaming_content)
        for header in ("Content-Type", "Content-Disposition"):
            assert stored[kind][header] == written[kind][header]
    assert stored["csv"]["Content-Disposition"] == f'attachment; filename="ddor-{d.WEEK_1[0]:%Y-%m-%d}-rev1.csv"'

    # A dispute changes an entry's state, so the files of the next public version carry it.
    monkeypatch.setattr(stored_files, "OLD_FILE_SECONDS", -1.0)  # no download is reading the old ones
    entry = week_1.entries.get(row_number=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.file_dispute(
            actor=SheriffFactory(jurisdiction=entry.jurisdiction).user,
            entry_id=entry.pk,
            ground="before_period",
            explanation="Issued in 2010 and re-processed in one batch.",
        )
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get(urls["csv"]).streaming_content).decode())))
    assert next(r for r in rows if r["entry_id"] == str(entry.pk))["entry_state"] == "disputed"
    data = json.loads(b"".join(client.get(urls["json"]).streaming_content))
    assert next(r for r in data["section_ii"] if r["entry_id"] == entry.pk)["entry_state"] == "disputed"
    assert file_builds == ["csv", "json", "csv", "json"]
    kept = sorted(p.name for p in stored_files.folder().iterdir())
    assert len(kept) == 2 and all(stored_files.current_file(kind, (week_1.pk, 1)).name in kept for kind in urls)


def test_until_a_worker_has_written_a_long_revisions_file_a_download_answers_503_and_queues_it_once(
    series, client, settings, file_builds, monkeypatch
):
    week_1, _ = series
    settings.REVISION_DOWNLOAD_MAX_ROWS = 10
    queued = []
    monkeypatch.setattr(stored_files, "enqueue_now", lambda task, *args: queued.append((task.name, *args)))
    monkeypatch.setattr(stored_files, "WAIT_SECONDS", 0.3)
    url = f"/reports/{week_1.pk}/revisions/1.json"
    try:
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 503 and response["Retry-After"] == "30"
            assert response.json()["detail"].startswith("this revision's JSON with the latest public changes is")
        assert queued == [("reports.tasks.build_open_data_file", "json", week_1.pk, 1)] and file_builds == []
        build_open_data_file("json", week_1.pk, 1)  # as the worker does
        response = client.get(url)
        assert response.status_code == 200
        assert len(json.loads(b"".join(response.streaming_content))["section_ii"]) == 206
        assert file_builds == ["json"] and len(queued) == 1
    finally:
        cache.delete(stored_files._queued_key(stored_files.current_file("json", (week_1.pk, 1))))


def test_past_their_limit_the_corrections_files_are_built_once_for_each_public_version_as_a_request_writes_them(
    client, settings, file_builds
):
    decided = [correct_entry(ListedDetainerFactory(), ReviewerFactory().user) for _ in range(2)]
    urls = {kind: f"/data/corrections.{kind}" for kind in ("csv", "json")}
    written = {kind: client.get(url) for kind, url in urls.items()}
    settings.CORRECTIONS_DOWNLOAD_MAX_ROWS = 2  # two corrections are not more than two: still written in the request
    assert all(client.get(url).content == written[kind].content for kind, url in urls.items()) and file_builds == []

    settings.CORRECTIONS_DOWNLOAD_MAX_ROWS = 1
    stored = {kind: client.get(url) for kind, url in urls.items()}
    again = {kind: client.get(url) for kind, url in urls.items()}
    assert file_builds == ["corrections-csv", "corrections-json"]
    for kind in urls:
        body = b"".join(stored[kind].streaming_content)
        assert body == written[kind].content == b"".join(again[kind].streaming_content)
        for header in ("Content-Type", "Content-Disposition"):
            assert stored[kind][header] == written[kind][header]
    notices = {row["notice"] for row in json.loads(written["json"].content)}
    assert notices == {d.notice.number for d in decided}
