"""Each report's counts of disputed, corrected and upheld entries follow every transition, per report."""

import datetime as dt

import pytest
from django.db.models import Count, Q
from freezegun import freeze_time

from disputes import services
from reports.models import ListedDetainer, Report
from reports.services import create_revision
from tests.factories import FacilityFactory, ListedDetainerFactory, ReportFactory, pdf_bytes, submitted_case
from tests.reports.test_migrations import migrate_to_latest, rolled_back_to

S = ListedDetainer.State
RATIONALE = "The jail log shows the transfer to ICE custody."


def live(report: Report) -> tuple[int, int, int]:
    """The counts as the entries stand: out of "listed", corrected, upheld."""
    counts = report.entries.aggregate(
        disputed=Count("pk", filter=~Q(state=S.LISTED)),
        corrected=Count("pk", filter=Q(state=S.CORRECTED)),
        upheld=Count("pk", filter=Q(state=S.UPHELD)),
    )
    return counts["disputed"], counts["corrected"], counts["upheld"]


def kept(report: Report) -> tuple[int, int, int]:
    report.refresh_from_db()
    return report.entries_disputed, report.entries_corrected, report.entries_upheld


def check(*expected: tuple[Report, tuple[int, int, int]]) -> None:
    for report, counts in expected:
        assert kept(report) == live(report) == counts


@pytest.mark.django_db
def test_every_transition_moves_the_counts_of_the_entries_report(sheriff, reviewer, senior, entry):
    week, other_week = entry.report, ReportFactory(period_start=dt.date(2017, 2, 4), period_end=dt.date(2017, 2, 10))
    same = {"report": week, "jurisdiction": entry.jurisdiction, "facility": entry.facility}
    second, third, fourth = (ListedDetainerFactory(**same) for _ in range(3))
    elsewhere = ListedDetainerFactory(report=other_week)
    with freeze_time("2017-02-17 15:00:00"):
        create_revision(report=week, reason="First publication")
        create_revision(report=other_week, reason="First publication")
        check((week, (0, 0, 0)), (other_week, (0, 0, 0)))
        case = services.open_case(
            actor=sheriff, entries=[entry.pk, second.pk, third.pk], ground="handed_to_ice", explanation=RATIONALE
        )
        check((week, (3, 0, 0)))
        services.remove_entry(actor=sheriff, case_id=case.pk, entry_id=third.pk)  # back to listed
        check((week, (2, 0, 0)))
        services.add_case_evidence(actor=sheriff, case_id=case.pk, data=pdf_bytes(), filename="log.pdf")
        services.submit_case(actor=sheriff, case_id=case.pk)
        check((week, (2, 0, 0)))
    with freeze_time("2017-03-01 15:00:00"):
        services.decide_case(
            actor=reviewer,
            case_id=case.pk,
            outcome="corrected",
            action="remove",
            rationale=RATIONALE,
            exceptions=[{"entry": second.pk, "outcome": "upheld"}],
        )
        check((week, (2, 1, 1)))
    with freeze_time("2017-03-10 15:00:00"):
        services.file_appeal(actor=sheriff, case_id=case.pk, statement=RATIONALE, files=[("t.pdf", pdf_bytes())])
        check((week, (2, 1, 0)))  # appealed: no longer upheld, still out of "listed"
        services.decide_appeal(actor=senior, case_id=case.pk, outcome="upheld", rationale="The log disagrees.")
        check((week, (2, 1, 0)))  # upheld on appeal is counted apart from "upheld"
        # One agency correction across two reports: an entry upheld on appeal, a listed one, one of another week.
        services.correct_by_agency(
            actor=reviewer,
            entries=[second.pk, fourth.pk, elsewhere.pk],
            ground="data_error",
            action="remove",
            rationale="Outside the period of the report.",
        )
        check((week, (3, 3, 0)), (other_week, (1, 1, 0)))


@pytest.mark.django_db
def test_a_refused_transition_leaves_the_counts_as_they_were(sheriff, reviewer, entry):
    create_revision(report=entry.report, reason="First publication")
    submitted_case(sheriff, [entry])
    with pytest.raises(Exception, match="nothing was changed"):
        services.open_case(actor=sheriff, entries=[entry.pk], ground="handed_to_ice", explanation=RATIONALE)
    check((entry.report, (1, 0, 0)))


@pytest.mark.django_db(transaction=True)
def test_the_migration_counts_the_entries_of_every_report_as_they_stand():
    old = rolled_back_to("0008_revision_changes")
    report = old.get_model("reports", "Report").objects.create(
        period_start=dt.date(2017, 1, 28), period_end=dt.date(2017, 2, 3), status="published"
    )
    facility = FacilityFactory()  # jurisdictions are at their latest migration
    Entry = old.get_model("reports", "ListedDetainer")  # noqa: N806
    for n, state in enumerate(["listed", "listed", "disputed", "corrected", "corrected", "upheld", "upheld_final"]):
        Entry.objects.create(
            report_id=report.pk,
            row_number=n + 1,
            jurisdiction_id=facility.jurisdiction_id,
            facility_id=facility.pk,
            citizenship="Mexico",
            detainer_issued=dt.date(2016, 6, 1),
            declined=dt.date(2017, 1, 30),
            state=state,
        )
    migrate_to_latest()
    assert kept(Report.objects.get(pk=report.pk)) == (5, 2, 1)
