"""Weeks 1 and 2 of the 2017 DDOR, shaped like the published data and its known errors.

Week 1 (Jan 28 – Feb 3): Travis County TX's 142 declines all dated Feb 1, most on detainers from 2010 and
2015, of 206 declines in all; Franklin County NY and IA in Section II with Franklin County PA in Section I;
Montgomery County IA beside Montgomery County MD; Nassau County NY second in Section I.
Week 2 (Feb 4 – 10): Kern County CA third in Section I with 65 (0 the week before); Nassau gone; Dallas
County with 30 of 50 declines; Harris County with more in-period declines than Section I issued; two
identical Hennepin rows; a Franklin County IA row naming Franklin County NY's jail.
"""

import csv
import datetime as dt
import io

HEADER = [
    "section",
    "state",
    "jurisdiction",
    "fips",
    "detainers_issued",
    "facility",
    "citizenship",
    "detainer_issued",
    "declined",
    "criminal_activity",
    "activity_basis",
    "policy",
]
WEEK_1 = (dt.date(2017, 1, 28), dt.date(2017, 2, 3))
WEEK_2 = (dt.date(2017, 2, 4), dt.date(2017, 2, 10))

TRAVIS = ("TX", "Travis County", "48453")
HARRIS = ("TX", "Harris County", "48201")
DALLAS = ("TX", "Dallas County", "48113")
NASSAU = ("NY", "Nassau County", "36059")
KERN = ("CA", "Kern County", "06029")
HENNEPIN = ("MN", "Hennepin County", "27053")
FRANKLIN_NY = ("NY", "Franklin County", "36033")
FRANKLIN_IA = ("IA", "Franklin County", "19069")
FRANKLIN_PA = ("PA", "Franklin County", "42055")
MONTGOMERY_IA = ("IA", "Montgomery County", "19137")
MONTGOMERY_MD = ("MD", "Montgomery County", "24031")
OTHERS = [
    ("NV", "Clark County", "32003"),
    ("AZ", "Maricopa County", "04013"),
    ("CA", "Los Angeles County", "06037"),
    ("IL", "Cook County", "17031"),
    ("FL", "Orange County", "12095"),
    ("CA", "Santa Clara County", "06085"),
    ("OR", "Washington County", "41067"),
    ("CO", "Denver", "08031"),
]
CLARK, MARICOPA, LOS_ANGELES, COOK, ORANGE, SANTA_CLARA, WASHINGTON, DENVER = OTHERS

FRANKLIN_NY_JAIL = "Franklin County Jail, Malone"
POLICIES = [
    (TRAVIS, "Honors detainers without a judicial warrant only for capital murder and smuggling."),
    (COOK, "County ordinance: no one is held on an immigration detainer without a judicial warrant."),
    (SANTA_CLARA, "Holds only on a judicial warrant; civil detainers are not honored."),
    (WASHINGTON, "Detainers are honored only with a judicial warrant or court order."),
    (DENVER, '=HYPERLINK("http://example.org") City ordinance: jail holds only with a judicial warrant.'),
]


class Week:
    """Rows of one weekly report; Section II rows are numbered in the order they are added."""

    def __init__(self) -> None:
        self.rows: list[list] = []
        self.section_ii: list[tuple] = []

    def issued(self, who: tuple, n: int) -> None:
        state, name, fips = who
        self.rows.append(["I", state, name, fips, n, "", "", "", "", "", "", ""])

    def policy(self, who: tuple, text: str) -> None:
        state, name, fips = who
        self.rows.append(["III", state, name, fips, "", "", "", "", "", "", "", text])

    def declined(self, who, facility, issued, declined, citizenship="Mexico", activity="") -> int:
        state, name, fips = who
        basis = "charge" if activity else ""
        self.rows.append(["II", state, name, fips, "", facility, citizenship, issued, declined, activity, basis, ""])
        self.section_ii.append(who)
        return len(self.section_ii)

    def rows_of(self, who: tuple) -> list[int]:
        return [n for n, w in enumerate(self.section_ii, start=1) if w == who]

    def csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(self.rows)
        return out.getvalue().encode()


def _day(start: dt.date, n: int) -> str:
    return (start + dt.timedelta(days=n)).isoformat()


def week_1() -> Week:
    w = Week()
    for who, n in [
        (CLARK, 51),
        (NASSAU, 38),
        (HARRIS, 27),
        (MARICOPA, 24),
        (TRAVIS, 19),
        (LOS_ANGELES, 17),
        (DALLAS, 15),
        (COOK, 13),
        (HENNEPIN, 11),
        (FRANKLIN_PA, 9),
        (MONTGOMERY_MD, 4),
    ]:
        w.issued(who, n)
    # Travis: 142 declines re-processed on Feb 1; 60 detainers from 2010, 40 from 2015, 42 from late 2016.
    for i in range(142):
        if i < 60:
            issued = _day(dt.date(2010, 3, 1), i * 3)
        elif i < 100:
            issued = _day(dt.date(2015, 5, 1), (i - 60) * 4)
        else:
            issued = _day(dt.date(2016, 9, 1), i - 100)
        w.declined(TRAVIS, "Travis County Correctional Complex", issued, "2017-02-01", activity=f"Charge {i}")
    # 64 more declines spread over the week, detainers from December 2016.
    spread = [CLARK, HARRIS, MARICOPA, LOS_ANGELES, COOK, ORANGE, SANTA_CLARA, WASHINGTON]
    for i in range(56):
        who = spread[i % len(spread)]
        w.declined(who, f"{who[1]} Jail", _day(dt.date(2016, 12, 1), i % 28), _day(WEEK_1[0], i % 7))
    w.declined(DALLAS, "Dallas County Jail", "2016-12-20", "2017-01-30")
    w.declined(DALLAS, "Dallas County Jail", "2016-12-21", "2017-01-31")
    w.declined(HENNEPIN, "Hennepin County ADC", "2017-01-28", "2017-01-30", activity="Assault")
    w.declined(HENNEPIN, "Hennepin County ADC", "2017-01-29", "2017-01-31", citizenship="Somalia")
    w.declined(FRANKLIN_NY, FRANKLIN_NY_JAIL, "2016-12-14", "2017-01-30", citizenship="Canada")
    w.declined(FRANKLIN_NY, FRANKLIN_NY_JAIL, "2016-12-15", "2017-01-31", citizenship="Guatemala")
    w.declined(FRANKLIN_IA, "Franklin County Jail, Hampton", "2016-12-16", "2017-02-01")
    w.declined(MONTGOMERY_IA, "Montgomery County Jail, Red Oak", "2016-12-17", "2017-02-02", citizenship="Honduras")
    for who, text in POLICIES:
        w.policy(who, text)
    return w


def week_2(*, declined_before_issued: bool = False) -> Week:
    w = Week()
    for who, n in [
        (CLARK, 80),
        (MARICOPA, 68),
        (KERN, 65),
        (HARRIS, 5),
        (TRAVIS, 18),
        (LOS_ANGELES, 16),
        (DALLAS, 14),
        (COOK, 12),
        (HENNEPIN, 10),
        (FRANKLIN_PA, 8),
        (MONTGOMERY_MD, 3),
    ]:
        w.issued(who, n)
    # Dallas: 30 of the week's 50 declines, six a day (never more than K on one day).
    for i in range(30):
        w.declined(DALLAS, "Dallas County Jail", _day(dt.date(2016, 12, 1), i), _day(WEEK_2[0], i % 5))
    # Harris: 8 declines of detainers issued this week, though Section I says 5 were issued.
    for i in range(8):
        w.declined(HARRIS, "Harris County Jail", _day(WEEK_2[0], i % 4), _day(WEEK_2[0], 4 + i % 3))
    for i in range(5):
        w.declined(TRAVIS, "Travis County Correctional Complex", _day(dt.date(2016, 12, 10), i), _day(WEEK_2[0], i))
    w.declined(HENNEPIN, "Hennepin County ADC", "2017-01-20", "2017-02-06", activity="Burglary")
    w.declined(HENNEPIN, "Hennepin County ADC", "2017-01-20", "2017-02-06", activity="Burglary")
    w.declined(FRANKLIN_IA, FRANKLIN_NY_JAIL, "2017-01-10", "2017-02-07")
    w.declined(MONTGOMERY_IA, "Montgomery County Jail, Red Oak", "2017-01-11", "2017-02-08")
    w.declined(COOK, "Cook County Jail", "2017-01-12", "2017-02-08")
    if declined_before_issued:
        w.declined(COOK, "Cook County Jail", "2017-02-09", "2017-02-08")
    for who, text in POLICIES:
        w.policy(who, text)
    return w


def xlsx(week: Week) -> bytes:
    """The same week as a workbook with one sheet per section, as the agency publishes it."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    columns = {
        "I": ["state", "jurisdiction", "fips", "detainers_issued"],
        "II": [
            "state",
            "jurisdiction",
            "fips",
            "facility",
            "citizenship",
            "detainer_issued",
            "declined",
            "criminal_activity",
            "activity_basis",
        ],
        "III": ["state", "jurisdiction", "fips", "policy"],
    }
    for section, names in columns.items():
        sheet = book.create_sheet(f"Section {section}")
        sheet.append(names)
        for row in week.rows:
            if row[0] != section:
                continue
            values = dict(zip(HEADER, row, strict=True))
            cells = []
            for name in names:
                value = values[name]
                if name in ("detainer_issued", "declined"):
                    value = dt.datetime.fromisoformat(value)  # a real date cell, as Excel stores it
                cells.append(value)
            sheet.append(cells)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text that looks like a formula, stored as text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
