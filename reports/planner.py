"""The query planner's statistics for the tables a newly published report fills.

PostgreSQL estimates how many rows a report has from statistics gathered before the report existed, so
for a new report of 5,000 rows it guesses one or two. Its public page then reads every row of the report
and sorts them to show the first 100 instead of walking the row index, a cost that grows with the report
(about 2 ms a request at 5,000 rows). Autovacuum analyses a table again only once a tenth of it has
changed, which one weekly report never is on a table that holds years of them; so publishing a report
analyses the tables it filled (`reports.tasks.refresh_planner_statistics`, after the commit).
"""

from django.db import connection

from .models import ListedDetainer, RevisionRow

TABLES = (ListedDetainer, RevisionRow)


def refresh_statistics() -> list[str]:
    """ANALYZE the report tables on PostgreSQL (reads a sample; readers and writers are not blocked)."""
    if connection.vendor != "postgresql":
        return []
    names = [model._meta.db_table for model in TABLES]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(name) for name in names))
    return names
