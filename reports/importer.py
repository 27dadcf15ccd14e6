"""Parse and check a DDOR CSV before anything is written.

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
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

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


@dataclass
class ParsedReport:
    issued: list[tuple[JurisdictionRef, int]] = field(default_factory=list)
    entries: list[dict] = field(default_factory=list)
    policies: list[tuple[JurisdictionRef, str]] = field(default_factory=list)

    @property
    def jurisdictions(self) -> dict[str, JurisdictionRef]:
        refs = [j for j, _ in self.issued] + [e["jurisdiction"] for e in self.entries] + [j for j, _ in self.policies]
        return {j.fips: j for j in refs}


class ImportErrors(Exception):
    """Every problem found in the file; nothing has been imported."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def parse_report_csv(data: bytes, *, period_start: dt.date, period_end: dt.date) -> ParsedReport:
    """Read the CSV bytes into a ParsedReport, or raise ImportErrors naming each bad row and column."""
    errors: list[str] = []
    if period_end < period_start:
        raise ImportErrors([f"--end {period_end} is before --start {period_start}"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportErrors([f"the file is not UTF-8 text (byte {exc.start})"]) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [h.strip() for h in (reader.fieldnames or [])]
    if not headers:
        raise ImportErrors(["the file is empty: expected a header row"])
    reader.fieldnames = headers
    missing = [h for h in REQUIRED_HEADERS if h not in headers]
    unknown = [h for h in headers if h not in KNOWN_HEADERS]
    if missing:
        errors.append(f"header: missing column(s) {', '.join(missing)}")
    if unknown:
        errors.append(f"header: unknown column(s) {', '.join(unknown)}")
    if errors:
        raise ImportErrors(errors)

    parsed = ParsedReport()
    names_by_fips: dict[str, tuple[str, str, int]] = {}
    section_seen: dict[tuple[str, str], int] = {}

    for row_number, raw in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            errors.append(f"row {row_number}: more values than columns in the header")
            continue
        if not any(row.values()):
            continue

        def bad(column: str, message: str, _row: int = row_number) -> None:
            errors.append(f"row {_row}, column '{column}': {message}")

        section = row.get("section", "").upper()
        if section not in SECTION_COLUMNS:
            bad("section", f"{row.get('section')!r} is not I, II or III")
            continue
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
            earlier = names_by_fips.setdefault(fips, (name, state, row_number))
            if (earlier[0], earlier[1]) != (name, state):
                bad("fips", f"{fips} was {earlier[0]}, {earlier[1]} on row {earlier[2]}, here {name}, {state}")
        ref = JurisdictionRef(fips=fips, name=name, state=state, kind=kind)

        if section == "I":
            try:
                issued = int(row.get("detainers_issued", ""))
                if issued < 0:
                    raise ValueError
            except ValueError:
                if row.get("detainers_issued"):
                    bad("detainers_issued", f"{row['detainers_issued']!r} is not a whole number ≥ 0")
                continue
            if (first := section_seen.setdefault(("I", fips), row_number)) != row_number:
                bad("fips", f"{name} is already in section I on row {first}")
            parsed.issued.append((ref, issued))
        elif section == "III":
            if (first := section_seen.setdefault(("III", fips), row_number)) != row_number:
                bad("fips", f"{name} is already in section III on row {first}")
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
                    {
                        "row": row_number,
                        "jurisdiction": ref,
                        "facility": row.get("facility", ""),
                        "citizenship": row.get("citizenship", ""),
                        "detainer_issued": dates["detainer_issued"],
                        "declined": dates["declined"],
                        "criminal_activity": row.get("criminal_activity", ""),
                        "activity_basis": basis,
                    }
                )
    if not errors and not (parsed.issued or parsed.entries or parsed.policies):
        errors.append("the file has a header but no rows")
    if errors:
        raise ImportErrors(errors)
    return parsed
