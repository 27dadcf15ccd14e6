"""On PostgreSQL a page's queries are prepared once per connection, so the server stops parsing and planning them."""

import os

import pytest
from django.db import connection

from reports.services import create_revision
from tests.factories import report_with_entries

pytestmark = pytest.mark.django_db

# psycopg prepares a statement on its fifth run on a connection (the threshold the settings give it).
THRESHOLD = 5


def _prepared(fragment: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{fragment}%"])
        return [row[0] for row in cursor.fetchall()]


def test_a_report_page_requested_again_runs_its_queries_prepared(client):
    if connection.vendor != "postgresql":
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("prepared statements are PostgreSQL's: CI runs with DATABASE_URL on PostgreSQL")
        assert "prepare_threshold" not in connection.settings_dict["OPTIONS"]  # SQLite has nothing to prepare
        return
    report = report_with_entries(150)
    create_revision(report=report, reason="Published as imported")
    url = f"/reports/{report.pk}/"
    rows = 'FROM "reports_revisionrow"'
    assert _prepared(rows) == []
    first = client.get(url)
    for _ in range(THRESHOLD):
        again = client.get(url)
        assert again.status_code == 200
        assert again.content == first.content  # the same page, whether its queries are prepared or not
    # The page's Section II read is now a prepared statement with its values as parameters ($1 …), not literals.
    statements = _prepared(rows)
    assert len(statements) == 1, statements
    assert '"reports_revisionrow"."report_id" = $1' in statements[0]
