"""Parse and check a DDOR CSV or XLSX workbook before anything is written.

Columns (header row required, order free):
  section            I, II or III
  state              two-letter postal code of the jurisdiction
  jurisdiction       name, e.g. "Travis County"
  jurisdiction_type  county, city, state or agency (default county)
  fips               FIPS code of the jurisdiction (digits)
  detainers_issued   section I: detainers issued in the period
  facility           section II: jail or facility name
  citizenship        section II: country of citizenship
  detainer_issued    section II: date the detainer was issued (YYYY-MM-DD)
  declined           section II: date the detainer was declined (YYYY-MM-DD)
  criminal_activity  section II: notable criminal activity (optional)
  activity_basis     section II: charge or conviction (required with criminal_activity)
  policy             section III: the policy limiting cooperation

An XLSX workbook has the same columns on three sheets, "Section I", "Section II" and "Section III"
(the section column may be left out there). A detainer declined before it was issued is refused here,
so no data-quality finding needs to look for it.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import NamedTuple

REQUIRED_HEADERS = ("section", "state", "jurisdiction", "fips")
KNOWN_HEADERS = REQUIRED_HEADERS + (
    "jurisdiction_type",
    "detainers_issued",
    "facility",
    "citizenship",
    "detainer_issued",
    "declined",
    "criminal_activity",
    "activity_basis",
    "policy",
)
SECTION_COLUMNS = {
    "I": ("detainers_issued",),
    "II": ("facility", "citizenship", "detainer_issued", "declined"),
    "III": ("policy",),
}
JURISDICTION_TYPES = ("county", "city", "state", "agency")


@dataclass(frozen=True)
class JurisdictionRef:
    fips: str
    name: str
    state: str
    kind: str


class Entry(NamedTuple):
    """One checked Section II row."""

    jurisdiction: JurisdictionRef
    facility: str
    citizenship: str
    detainer_issued: dt.date
    declined: dt.date
    criminal_activity: str
    activity_basis: str


@dataclass
class ParsedReport:
    issued: list[tuple[JurisdictionRef, int]] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    policies: list[tuple[JurisdictionRef, str]] = field(default_factory=list)

    @property
    def jurisdictions(self) -> dict[str, JurisdictionRef]:
        named: dict[str, JurisdictionRef] = {}
        for refs in (
            [j for j, _ in self.issued],
            [e.jurisdiction for e in self.entries],
            [j for j, _ in self.policies],
        ):
            for j in refs:
                named[j.fips] = j
        return named


class ImportErrors(Exception):
    """Every problem found in the file; nothing has been imported."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def parse_report_csv(data: bytes, *, period_start: dt.date, period_end: dt.date) -> ParsedReport:
    """Read the CSV bytes into a ParsedReport, or raise ImportErrors naming each bad row and column."""
    if period_end < period_start:
        raise ImportErrors([f"--end {period_end} is before --start {period_start}"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportErrors([f"the file is not UTF-8 text (byte {exc.start})"]) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    headers = [h.strip() for h in next(reader, [])]
    if not headers:
        raise ImportErrors(["the file is empty: expected a header row"])
    _check_headers(headers, REQUIRED_HEADERS, "header")
    checker = _Checker(period_end=period_end)
    fast = _SectionIIColumns(headers, checker)
    width = len(headers)
    n = 1
    for values in reader:
        if not values:  # a blank line is no row (the row numbers count the rows that are there)
            continue
        n += 1
        if len(values) != width or not fast.add(values, n):
            checker.check(f"row {n}", _as_record(headers, values))
    return checker.result()


def _as_record(headers: list[str], values: list[str]) -> dict:
    """A row as csv.DictReader gives it: missing values None, extra ones in a list under None."""
    raw = dict(zip(headers, values, strict=False))
    for h in headers[len(values) :]:
        raw[h] = None
    if len(values) > len(headers):
        raw[None] = values[len(headers) :]
    return raw


def parse_report_xlsx(data: bytes, *, period_start: dt.date, period_end: dt.date) -> ParsedReport:
    """Read an XLSX workbook with one sheet per section (named I, II, III or Section I, ...), or raise ImportErrors."""
    import openpyxl

    if period_end < period_start:
        raise ImportErrors([f"--end {period_end} is before --start {period_start}"])
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise ImportErrors([f"the file is not an XLSX workbook ({exc.__class__.__name__})"]) from exc
    sheets = {}
    for sheet in book.worksheets:
        section = sheet.title.strip().upper().removeprefix("SECTION").strip()
        if section not in SECTION_COLUMNS:
            raise ImportErrors([f"sheet '{sheet.title}': expected sheets named Section I, Section II and Section III"])
        sheets[section] = sheet
    if not sheets:
        raise ImportErrors(["the workbook has no sheets"])
    errors: list[str] = []
    tables = []
    for section in ("I", "II", "III"):
        if section not in sheets:
            continue
        sheet = sheets[section]
        rows = sheet.iter_rows(values_only=True)
        headers = [_cell(h) for h in next(rows, ())]
        while headers and not headers[-1]:
            headers.pop()
        where = f"sheet '{sheet.title}'"
        if not headers:
            errors.append(f"{where}: expected a header row")
            continue
        try:
            _check_headers(headers, REQUIRED_HEADERS[1:] + SECTION_COLUMNS[section], f"{where}, header")
        except ImportErrors as exc:
            errors.extend(exc.errors)
            continue
        tables.append((section, sheet.title, headers, rows))
    if errors:
        raise ImportErrors(errors)

    def records():
        for section, title, headers, rows in tables:
            for n, values in enumerate(rows, start=2):
                raw = {h: _cell(v) for h, v in zip(headers, values, strict=False) if h}
                extra = [v for v in values[len(headers) :] if _cell(v)]
                if any(raw.values()) and "section" not in raw:
                    raw["section"] = section
                if extra:
                    raw[None] = extra
                yield f"sheet '{title}', row {n}", raw

    checker = _Checker(period_end=period_end)
    for where, raw in records():
        checker.check(where, raw)
    return checker.result()


def _cell(value) -> str:
    """A workbook cell as the text the CSV would hold: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_headers(headers: list[str], required: tuple[str, ...], where: str) -> None:
    errors = []
    missing = [h for h in required if h not in headers]
    unknown = [h for h in headers if h not in KNOWN_HEADERS]
    if missing:
        errors.append(f"{where}: missing column(s) {', '.join(missing)}")
    if unknown:
        errors.append(f"{where}: unknown column(s) {', '.join(unknown)}")
    if errors:
        raise ImportErrors(errors)


class _SectionIIColumns:
    """The common case of a CSV read in a tight loop: a well-formed Section II row.

    `add` takes a row only when every check `_Checker.check` makes would pass, and records it just as
    that method would; any other row is left to `_Checker.check`, which names each problem.
    """

    def __init__(self, headers: list[str], checker: "_Checker") -> None:
        # Later columns of a repeated name win, as they do in a row read as a dict.
        at = {h: i for i, h in enumerate(headers)}
        self.columns = [at.get(h) for h in ("section", "state", "jurisdiction", "fips", "jurisdiction_type")]
        self.columns += [at.get(h) for h in SECTION_COLUMNS["II"] + ("criminal_activity", "activity_basis")]
        self.checker = checker
        self.refs: dict[tuple[str, str, str, str], JurisdictionRef] = {}
        self.dates: dict[str, dt.date] = {}

    def add(self, values: list[str], n: int) -> bool:
        cells = [values[i].strip() if i is not None else "" for i in self.columns]
        section, state, name, fips, kind, facility, citizenship, issued, declined, activity, basis = cells
        if section != "II" or not (name and facility and citizenship):
            return False
        state, kind, basis = state.upper(), (kind or "county").lower(), basis.lower()
        if len(state) != 2 or not state.isalpha() or not (fips.isdigit() and 2 <= len(fips) <= 10):
            return False
        if kind not in JURISDICTION_TYPES or basis not in ("", "charge", "conviction") or bool(activity) != bool(basis):
            return False
        issued_on, declined_on = self._date(issued), self._date(declined)
        if issued_on is None or declined_on is None or not issued_on <= declined_on <= self.checker.period_end:
            return False
        earlier = self.checker.names_by_fips.get(fips)
        if earlier is None:
            self.checker.names_by_fips[fips] = (name, state, f"row {n}")
        elif (earlier[0], earlier[1]) != (name, state):
            return False
        ref = self.refs.get((fips, name, state, kind))
        if ref is None:
            ref = self.refs[(fips, name, state, kind)] = JurisdictionRef(fips=fips, name=name, state=state, kind=kind)
        self.checker.parsed.entries.append(Entry(ref, facility, citizenship, issued_on, declined_on, activity, basis))
        return True

    def _date(self, value: str) -> dt.date | None:
        day = self.dates.get(value)
        if day is None and value:
            try:
                day = self.dates[value] = _date(value)
            except ValueError:
                return None
        return day


class _Checker:
    """Checks (location, row) pairs of any source and collects them; `result` raises ImportErrors with every problem."""

    def __init__(self, *, period_end: dt.date) -> None:
        self.period_end = period_end
        self.errors: list[str] = []
        self.parsed = ParsedReport()
        self.names_by_fips: dict[str, tuple[str, str, str]] = {}
        self.section_seen: dict[tuple[str, str], str] = {}

    def result(self) -> ParsedReport:
        errors, parsed = self.errors, self.parsed
        if not errors and not (parsed.issued or parsed.entries or parsed.policies):
            errors.append("the file has a header but no rows")
        if errors:
            raise ImportErrors(errors)
        return parsed

    def check(self, where: str, raw: dict) -> None:
        errors, parsed, period_end = self.errors, self.parsed, self.period_end
        names_by_fips, section_seen = self.names_by_fips, self.section_seen
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            errors.append(f"{where}: more values than columns in the header")
            return
        if not any(row.values()):
            return

        def bad(column: str, message: str, _where: str = where) -> None:
            errors.append(f"{_where}, column '{column}': {message}")

        section = row.get("section", "").upper()
        if section not in SECTION_COLUMNS:
            bad("section", f"{row.get('section')!r} is not I, II or III")
            return
        for column in REQUIRED_HEADERS[1:] + SECTION_COLUMNS[section]:
            if not row.get(column):
                bad(column, f"required for section {section}")
        state = row.get("state", "").upper()
        if state and (len(state) != 2 or not state.isalpha()):
            bad("state", f"{row['state']!r} is not a two-letter postal code")
        fips = row.get("fips", "")
        if fips and not (fips.isdigit() and 2 <= len(fips) <= 10):
            bad("fips", f"{fips!r} is not a FIPS code (2 to 10 digits)")
        kind = (row.get("jurisdiction_type") or "county").lower()
        if kind not in JURISDICTION_TYPES:
            bad("jurisdiction_type", f"{kind!r} is not one of {', '.join(JURISDICTION_TYPES)}")
        name = row.get("jurisdiction", "")
        if fips and name:
            earlier = names_by_fips.setdefault(fips, (name, state, where))
            if (earlier[0], earlier[1]) != (name, state):
                bad("fips", f"{fips} was {earlier[0]}, {earlier[1]} on {earlier[2]}, here {name}, {state}")
        ref = JurisdictionRef(fips=fips, name=name, state=state, kind=kind)

        if section == "I":
            try:
                issued = int(row.get("detainers_issued", ""))
                if issued < 0:
                    raise ValueError
            except ValueError:
                if row.get("detainers_issued"):
                    bad("detainers_issued", f"{row['detainers_issued']!r} is not a whole number ≥ 0")
                return
            if (first := section_seen.setdefault(("I", fips), where)) != where:
                bad("fips", f"{name} is already in section I on {first}")
            parsed.issued.append((ref, issued))
        elif section == "III":
            if (first := section_seen.setdefault(("III", fips), where)) != where:
                bad("fips", f"{name} is already in section III on {first}")
            parsed.policies.append((ref, row.get("policy", "")))
        else:
            dates: dict[str, dt.date] = {}
            for column in ("detainer_issued", "declined"):
                if row.get(column):
                    try:
                        dates[column] = _date(row[column])
                    except ValueError:
                        bad(column, f"{row[column]!r} is not a date (YYYY-MM-DD)")
            if "declined" in dates and dates["declined"] > period_end:
                bad("declined", f"{dates['declined']} is after the report period ends ({period_end})")
            if len(dates) == 2 and dates["detainer_issued"] > dates["declined"]:
                bad("detainer_issued", f"{dates['detainer_issued']} is after the declined date {dates['declined']}")
            basis = row.get("activity_basis", "").lower()
            if basis not in ("", "charge", "conviction"):
                bad("activity_basis", f"{row['activity_basis']!r} is not charge or conviction")
            if row.get("criminal_activity") and not basis:
                bad("activity_basis", "say whether the criminal activity is a charge or a conviction")
            if basis and not row.get("criminal_activity"):
                bad("criminal_activity", "activity_basis is given but no criminal activity")
            if len(dates) == 2:
                parsed.entries.append(
                    Entry(
                        ref,
                        row.get("facility", ""),
                        row.get("citizenship", ""),
                        dates["detainer_issued"],
                        dates["declined"],
                        row.get("criminal_activity", ""),
                        basis,
                    )
                )
