"""Publishing a report lets PostgreSQL's planner learn its rows, so its page walks the row index instead of sorting."""

import datetime as dt
import os

import pytest
from django.db import connection

from reports.frozen import section_ii_rows
from reports.planner import TABLES, refresh_statistics
from reports.services import import_report
from reports.tasks import render_revision_pdf
from tests.factories import publish

pytestmark = pytest.mark.django_db(transaction=True)
HEADER = "section,state,jurisdiction,fips,detainers_issued,facility,citizenship,detainer_issued,declined,criminal_activity,activity_basis,policy\n"  # noqa: E501
WEEK = dt.date(2017, 1, 28)


def _week(weeks: int, rows: int) -> tuple[bytes, dt.date, dt.date]:
    start = WEEK + dt.timedelta(weeks=weeks)
    lines = [
        f"II,MN,Hennepin County,27053,,Hennepin County ADC,Mexico,{start - dt.timedelta(n % 90)},"
        f"{start + dt.timedelta(n % 7)},Assault,charge,\n"
        for n in range(rows)
    ]
    return (HEADER + "".join(lines)).encode(), start, start + dt.timedelta(6)


def _imported(weeks: int, rows: int):
    data, start, end = _week(weeks, rows)
    return import_report(data=data, period_start=start, period_end=end)


def _analysed() -> dict[str, int]:
    names = [model._meta.db_table for model in TABLES]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT relname, analyze_count + autoanalyze_count FROM pg_stat_user_tables WHERE relname = ANY(%s)",
            [names],
        )
        return dict(cursor.fetchall())


def test_publishing_a_report_refreshes_the_statistics_its_page_is_planned_with(
    django_capture_on_commit_callbacks, monkeypatch
):
    if connection.vendor != "postgresql":
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("the statistics are PostgreSQL's: CI runs with DATABASE_URL on PostgreSQL")
        assert refresh_statistics() == []  # SQLite plans without them
        return
    monkeypatch.setattr(render_revision_pdf, "delay", lambda revision_id: None)  # not this test's subject
    with django_capture_on_commit_callbacks(execute=True):
        publish(_imported(0, 20))
    # The state a table holding years of reports is in: its statistics know the old reports, not the next one
    # (autovacuum analyses a table again only once a tenth of it has changed).
    assert refresh_statistics() == [model._meta.db_table for model in TABLES]
    large = _imported(1, 3000)
    before = _analysed()
    with django_capture_on_commit_callbacks(execute=True):
        revision = publish(large)
    after = _analysed()
    assert all(after[name] > before[name] for name in before), (before, after)
    page = section_ii_rows(revision).order_by("row").values_list("data", flat=True)[:100]
    plan = page.explain()
    # The first 100 rows read off the row index, not the report's 3,000 rows read and sorted.
    assert "revision_row_order" in plan and "Sort" not in plan, plan
    assert len(list(page)) == 100
