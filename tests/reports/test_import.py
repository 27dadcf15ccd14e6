import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jurisdictions.models import Jurisdiction
from reports.models import ListedDetainer, Report, ReportRevision
from tests.factories import publish

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "demo" / "ddor-2017-01-28.csv"
HEADER = "section,state,jurisdiction,fips,detainers_issued,facility,citizenship,detainer_issued,declined,criminal_activity,activity_basis,policy\n"  # noqa: E501
GOOD_II = "II,MN,Hennepin County,27053,,Hennepin County ADC,Mexico,2017-01-28,2017-01-30,Assault,charge,\n"


def run(tmp_path, text: str, start="2017-01-28", end="2017-02-03") -> str:
    path = tmp_path / "report.csv"
    path.write_text(text)
    out = io.StringIO()
    call_command("import_report", str(path), "--start", start, "--end", end, stdout=out)
    return out.getvalue()


def test_demo_report_imports_as_a_draft_and_publishes_all_three_sections_as_revision_one():
    out = io.StringIO()
    call_command("import_report", str(DEMO), "--start", "2017-01-28", "--end", "2017-02-03", stdout=out)
    report = Report.objects.get()
    assert report.status == Report.Status.DRAFT and not report.revisions.exists()
    publish(report)
    revision = ReportRevision.objects.get(report=report)
    assert revision.number == 1
    assert revision.totals["declined"] == report.entries.count() == 155
    assert report.entries.filter(jurisdiction__name="Travis County").count() == 142
    top = [(r["name"], r["state"], r["issued"]) for r in revision.content["section_i"][:2]]
    assert top == [("Clark County", "NV", 51), ("Nassau County", "NY", 38)]
    assert ("Cook County", "IL", 13) in [(r["name"], r["state"], r["issued"]) for r in revision.content["section_i"]]
    assert len(revision.content["section_iii"]) == 5
    assert "155 declined detainers" in out.getvalue() and "as a draft" in out.getvalue()
    assert "142 declines dated 2017-02-01" in out.getvalue()
    assert set(ListedDetainer.objects.values_list("state", flat=True)) == {"listed"}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "II,MN,Hennepin County,27053,,Jail,Mexico,2017-01-28,2017-02-30,,,\n",
            "row 3, column 'declined': '2017-02-30' is not a date",
        ),  # noqa: E501
        (
            "II,MN,Hennepin County,27053,,Jail,Mexico,2017-01-28,2017-02-09,,,\n",
            "row 3, column 'declined': 2017-02-09 is after the report period ends",
        ),  # noqa: E501
        (
            "II,MN,Hennepin County,27053,,Jail,Mexico,2017-02-01,2017-01-30,,,\n",
            "row 3, column 'detainer_issued': 2017-02-01 is after the declined date",
        ),  # noqa: E501
        (
            "II,MN,Hennepin County,27053,,,Mexico,2017-01-28,2017-01-30,,,\n",
            "row 3, column 'facility': required for section II",
        ),  # noqa: E501
        (
            "II,MN,Hennepin County,27053,,Jail,Mexico,2017-01-28,2017-01-30,Assault,,\n",
            "row 3, column 'activity_basis'",
        ),
        ("IV,MN,Hennepin County,27053,,,,,,,,\n", "row 3, column 'section': 'IV' is not I, II or III"),
        ("I,Minnesota,Hennepin County,27053,5,,,,,,,\n", "row 3, column 'state'"),
        ("I,MN,Hennepin County,27053,many,,,,,,,\n", "row 3, column 'detainers_issued'"),
        ("I,MN,Ramsey County,27053,5,,,,,,,\n", "row 3, column 'fips': 27053 was Hennepin County, MN on row 2"),
        ("III,MN,Hennepin County,27A53,,,,,,,,\n", "row 3, column 'fips'"),
    ],
)
def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_imported(tmp_path, row, message):
    with pytest.raises(CommandError) as exc:
        run(tmp_path, HEADER + GOOD_II + row)
    assert message in str(exc.value)
    assert "nothing imported" in str(exc.value)
    assert not Report.objects.exists()
    assert not ListedDetainer.objects.exists()
    assert not Jurisdiction.objects.exists()


def test_missing_columns_are_reported(tmp_path):
    with pytest.raises(CommandError, match="missing column"):
        run(tmp_path, "section,state\nII,MN\n")


def test_the_same_period_cannot_be_imported_twice(tmp_path):
    run(tmp_path, HEADER + GOOD_II)
    with pytest.raises(CommandError, match="already imported"):
        run(tmp_path, HEADER + GOOD_II)
    assert Report.objects.count() == 1


def test_end_before_start_is_refused(tmp_path):
    with pytest.raises(CommandError, match="before --start"):
        run(tmp_path, HEADER + GOOD_II, start="2017-02-03", end="2017-01-28")


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_report", str(tmp_path / "nope.csv"), "--start", "2017-01-28", "--end", "2017-02-03")


def test_a_published_revision_cannot_be_changed(tmp_path):
    run(tmp_path, HEADER + GOOD_II)
    revision = publish(Report.objects.get())
    revision.reason = "rewritten"
    with pytest.raises(ValueError, match="cannot be changed"):
        revision.save()
