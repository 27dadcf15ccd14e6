"""The data migration that moves each revision's Section II into rows shared between revisions."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def targets(reports_migration: str | None) -> list[tuple[str, str]]:
    """Every app at its latest migration, and reports at the one given (its latest when None)."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return [leaf for leaf in leaves if leaf[0] != "reports" or reports_migration is None] + (
        [("reports", reports_migration)] if reports_migration else []
    )


def rolled_back_to(reports_migration: str):
    """The database with reports at that migration (every other app at its latest); returns the models then."""
    before = targets(reports_migration)
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    return executor.loader.project_state(before).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets(None))


def row(n: int, **changes) -> dict:
    return {
        "row": n,
        "entry_id": 100 + n,
        "fips": "48453",
        "name": "Travis County",
        "state": "TX",
        "facility": "Travis County Jail",
        "citizenship": "Mexico",
        "detainer_issued": "2016-06-01",
        "declined": "2017-01-30",
        "criminal_activity": "",
        "activity_basis": "",
        "amended": False,
        "dispute_status": None,
        **changes,
    }


@pytest.mark.django_db(transaction=True)
def test_each_revision_reads_back_its_whole_content_with_unchanged_rows_stored_once():
    old = rolled_back_to("0003_merge_appeal_states_report_lifecycle")
    Report = old.get_model("reports", "Report")  # noqa: N806
    Revision = old.get_model("reports", "ReportRevision")  # noqa: N806
    report = Report.objects.create(period_start=dt.date(2017, 1, 28), period_end=dt.date(2017, 2, 3))
    section_i = [{"fips": "48453", "name": "Travis County", "state": "TX", "issued": 9, "as_published": 9, "rank": 1}]
    contents = {
        1: [row(1), row(2), row(3)],
        2: [row(1), row(3, dispute_status={"status": "disputed", "since": "2017-02-06"})],
        3: [row(1), row(3, citizenship="Honduras", amended=True)],
    }
    for number, section_ii in contents.items():
        Revision.objects.create(
            report=report,
            number=number,
            reason=f"Revision {number}",
            totals={"declined": len(section_ii), "removed": 3 - len(section_ii), "amended": number == 3, "policies": 0},
            content={"section_i": section_i, "section_ii": section_ii, "section_iii": []},
        )

    migrate_to_latest()

    from reports.models import ReportRevision, RevisionRow

    for number, section_ii in contents.items():
        revision = ReportRevision.objects.get(report_id=report.pk, number=number)
        assert revision.content == {"section_i": section_i, "section_ii": section_ii, "section_iii": []}
        assert revision.declined == len(section_ii)
        assert "section_ii" not in revision.sections
    # rows 1, 2 and 3 once, then row 3 disputed, then row 3 amended
    assert RevisionRow.objects.filter(report_id=report.pk).count() == 5
