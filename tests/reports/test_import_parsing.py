import datetime as dt

import pytest

from reports.importer import Entry, ImportErrors, JurisdictionRef, parse_report_csv

START, END = dt.date(2017, 1, 28), dt.date(2017, 2, 3)
HEADER = (
    "section,state,jurisdiction,fips,facility,citizenship,detainer_issued,declined,criminal_activity,activity_basis\n"
)


def parse(text: str):
    return parse_report_csv(text.encode(), period_start=START, period_end=END)


def test_a_section_ii_row_reads_the_same_however_it_is_cased_and_spaced():
    plain = "II,MN,Hennepin County,27053,Hennepin County ADC,Mexico,2017-01-20,2017-01-30,Assault,charge\n"
    loose = " ii , mn ,Hennepin County, 27053 ,Hennepin County ADC , Mexico,2017-01-20 , 2017-01-30,Assault, Charge\n"
    entries = parse(HEADER + plain + loose).entries
    ref = JurisdictionRef(fips="27053", name="Hennepin County", state="MN", kind="county")
    expected = Entry(
        ref, "Hennepin County ADC", "Mexico", dt.date(2017, 1, 20), dt.date(2017, 1, 30), "Assault", "charge"
    )
    assert entries == [expected, expected]


def test_columns_can_come_in_any_order_and_optional_ones_can_be_left_out():
    text = "declined,detainer_issued,citizenship,facility,fips,jurisdiction,state,section\n"
    text += "2017-01-30,2017-01-20,Mexico,Hennepin County ADC,27053,Hennepin County,MN,II\n"
    (entry,) = parse(text).entries
    assert (entry.jurisdiction.fips, entry.facility, entry.criminal_activity, entry.activity_basis) == (
        "27053",
        "Hennepin County ADC",
        "",
        "",
    )


def test_rows_are_numbered_as_they_are_counted_with_blank_lines_left_out():
    good = "II,MN,Hennepin County,27053,Hennepin County ADC,Mexico,2017-01-20,2017-01-30,Assault,charge\n"
    other = "II,MN,Ramsey County,27053,Ramsey County ADC,Mexico,2017-01-20,2017-01-30,,\n"
    with pytest.raises(ImportErrors) as exc:
        parse(HEADER + good + "\n" + other)
    assert exc.value.errors == ["row 3, column 'fips': 27053 was Hennepin County, MN on row 2, here Ramsey County, MN"]


def test_a_row_short_of_values_is_checked_like_any_other_and_a_long_one_is_refused():
    short = "II,MN,Hennepin County,27053,Hennepin County ADC,Mexico,2017-01-20\n"
    long = "II,MN,Hennepin County,27053,Hennepin County ADC,Mexico,2017-01-20,2017-01-30,,,extra\n"
    with pytest.raises(ImportErrors) as exc:
        parse(HEADER + short + long)
    assert exc.value.errors == [
        "row 2, column 'declined': required for section II",
        "row 3: more values than columns in the header",
    ]


def test_every_problem_of_a_file_is_reported_not_just_the_first():
    rows = [
        "II,MN,Hennepin County,27053,Hennepin County ADC,Mexico,2017-01-20,2017-01-30,Assault,charge\n",
        "II,MN,Hennepin County,27053,Hennepin County ADC,Mexico,2017-01-31,2017-01-30,,\n",
        "II,MN,Hennepin County,27053,Hennepin County ADC,Mexico,2017-01-20,2017-02-30,,\n",
        "II,MN,Hennepin County,27053,Hennepin County ADC,Mexico,2017-01-20,2017-01-30,Assault,\n",
    ]
    with pytest.raises(ImportErrors) as exc:
        parse(HEADER + "".join(rows))
    assert exc.value.errors == [
        "row 3, column 'detainer_issued': 2017-01-31 is after the declined date 2017-01-30",
        "row 4, column 'declined': '2017-02-30' is not a date (YYYY-MM-DD)",
        "row 5, column 'activity_basis': say whether the criminal activity is a charge or a conviction",
    ]


def test_a_repeated_column_takes_its_last_value_and_a_missing_last_value_counts_as_empty():
    header = HEADER.rstrip("\n") + ",state\n"
    given = "II,MN,Hennepin County,27053,Hennepin County ADC,Mexico,2017-01-20,2017-01-30,,,IA\n"
    (entry,) = parse(header + given).entries
    assert entry.jurisdiction.state == "IA"
    with pytest.raises(ImportErrors) as exc:
        parse(header + given.removesuffix(",IA\n") + "\n")
    assert exc.value.errors == ["row 2, column 'state': required for section II"]
