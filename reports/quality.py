"""Data-quality findings about a report, computed at import from its rows and the published series.

Each check returns Finding objects (unsaved); `analyse` replaces a report's findings with them.
A detainer declined before it was issued is refused by the importer, so no check looks for it.
"""

import datetime as dt
from collections import Counter, defaultdict
from operator import itemgetter

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import Lower

from config.bulk import insert_rows
from jurisdictions.models import Facility, Jurisdiction

from .models import Finding, IssuedCount, ListedDetainer, PolicyListing, Report, ReportRevision

Kind, Severity = Finding.Kind, Finding.Severity
# What the checks read of each Section II row, in this order (the importer hands its rows over in this shape).
FACT_FIELDS = (
    "row_number",
    "jurisdiction_id",
    "facility__name",
    "citizenship",
    "detainer_issued",
    "declined",
    "criminal_activity",
    "activity_basis",
)
ISSUED, DECLINED = FACT_FIELDS.index("detainer_issued"), FACT_FIELDS.index("declined")


def _name(j: dict) -> str:
    return f"{j['name']}, {j['state']}"


def _rows_text(rows: list[int], limit: int = 12) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


class Facts:
    """What the checks read, loaded once: this report's rows and the previous published reports."""

    def __init__(self, report: Report, entries: list[tuple] | None = None) -> None:
        self.report = report
        # The importer passes the rows it has just written, in this shape, rather than have them read back.
        self.entries = entries
        if entries is None:
            self.entries = list(report.entries.order_by("row_number").values_list(*FACT_FIELDS))
        self.rows_by_jurisdiction: dict[int, list[int]] = defaultdict(list)
        for e in self.entries:
            self.rows_by_jurisdiction[e[1]].append(e[0])
        self.issued = {
            j: n
            for j, n in IssuedCount.objects.filter(report=report).values_list("jurisdiction_id", "detainers_issued")
        }
        self.policies = set(PolicyListing.objects.filter(report=report).values_list("jurisdiction_id", flat=True))
        ids = {e[1] for e in self.entries} | set(self.issued) | self.policies
        self.jurisdictions = {
            j["id"]: j for j in Jurisdiction.objects.filter(pk__in=ids).values("id", "fips", "name", "state")
        }
        self.history = list(
            Report.objects.published()
            .filter(period_start__lt=report.period_start)
            .order_by("-period_start")[: settings.QUALITY_HISTORY_WEEKS]
        )

    def rows_of(self, jurisdiction_id: int) -> list[int]:
        return list(self.rows_by_jurisdiction.get(jurisdiction_id, ()))

    def section_i_top(self) -> list[int]:
        from .services import SECTION_I_SIZE

        def key(j):
            return (-self.issued[j], self.jurisdictions[j]["state"], self.jurisdictions[j]["name"])

        return sorted(self.issued, key=key)[:SECTION_I_SIZE]


def stale_detainers(facts: Facts) -> list[Finding]:
    """Rows whose detainer was issued more than QUALITY_STALE_DAYS before the period."""
    days = settings.QUALITY_STALE_DAYS
    cutoff = facts.report.period_start - dt.timedelta(days=days)
    stale = defaultdict(list)
    for e in facts.entries:
        if e[ISSUED] < cutoff:
            stale[e[1]].append((e[0], e[ISSUED]))
    findings = []
    for j, rows in stale.items():
        years = sorted({issued.year for _, issued in rows})
        findings.append(
            Finding(
                kind=Kind.STALE_DETAINER,
                severity=Severity.MEDIUM,
                section="II",
                rows=[r for r, _ in rows],
                jurisdictions=[facts.jurisdictions[j]["fips"]],
                explanation=f"{len(rows)} of {_name(facts.jurisdictions[j])}'s rows carry a detainer issued more than "
                f"{days} days before the period (before {cutoff}; issued in {', '.join(map(str, years))}): a decline "
                f"reported this week for a detainer that old is likely a re-processed record. "
                f"Rows {_rows_text([r for r, _ in rows])}.",
            )
        )
    return findings


def batch_reprocessing(facts: Facts) -> list[Finding]:
    """A jurisdiction with more than K declines on one day, or a share of the week's declines far above its usual."""
    per_day_limit = settings.QUALITY_BATCH_DECLINES
    factor = settings.QUALITY_BATCH_SHARE_FACTOR
    min_share = settings.QUALITY_BATCH_MIN_SHARE
    total = len(facts.entries)
    by_day = defaultdict(list)
    for e in facts.entries:
        by_day[(e[1], e[DECLINED])].append(e[0])
    usual: dict[int, float] = defaultdict(float)
    if facts.history:
        counts = (
            ListedDetainer.objects.filter(report__in=facts.history)
            .values_list("report_id", "jurisdiction_id")
            .annotate(n=Count("pk"))
        )
        totals = Counter()
        per = Counter()
        for report_id, j, n in counts:
            totals[report_id] += n
            per[(report_id, j)] = n
        for (report_id, j), n in per.items():
            usual[j] += n / totals[report_id] / len(facts.history)
    reasons: dict[int, list[str]] = defaultdict(list)
    rows: dict[int, set[int]] = defaultdict(set)
    for (j, day), day_rows in sorted(by_day.items(), key=lambda kv: kv[0][1]):
        if len(day_rows) > per_day_limit:
            reasons[j].append(f"{len(day_rows)} declines dated {day} (more than {per_day_limit} on one day)")
            rows[j].update(day_rows)
    if facts.history and total:
        for j, rows_j in facts.rows_by_jurisdiction.items():
            n = len(rows_j)
            share = n / total
            if share >= min_share and share >= factor * usual[j]:
                reasons[j].append(
                    f"{n} of the week's {total} declines ({share:.0%}) against a usual share of {usual[j]:.0%} "
                    f"over the previous {len(facts.history)} published reports"
                )
                rows[j].update(facts.rows_of(j))
    return [
        Finding(
            kind=Kind.BATCH,
            severity=Severity.HIGH,
            section="II",
            rows=sorted(rows[j]),
            jurisdictions=[facts.jurisdictions[j]["fips"]],
            explanation=f"{_name(facts.jurisdictions[j])}: {'; '.join(reasons[j])}. A batch like this is usually "
            "old records re-processed at once, not declines made this week.",
        )
        for j in reasons
    ]


def name_collisions(facts: Facts) -> list[Finding]:
    """Jurisdictions named here that share a name with one in another state, and facilities of another jurisdiction."""
    findings = []
    names = {j["name"].lower() for j in facts.jurisdictions.values()}
    same_name = defaultdict(list)
    for j in (
        Jurisdiction.objects.annotate(lname=Lower("name"))
        .filter(lname__in=names)
        .order_by("state")
        .values("id", "fips", "name", "state", "lname")
    ):
        same_name[j["lname"]].append(j)
    for group in same_name.values():
        if len({j["state"] for j in group}) < 2:
            continue
        rows = sorted(r for j in group for r in facts.rows_of(j["id"]))
        here = [_name(j) for j in group if j["id"] in facts.jurisdictions]
        findings.append(
            Finding(
                kind=Kind.NAME_COLLISION,
                severity=Severity.HIGH if rows else Severity.MEDIUM,
                section="II" if rows else "I",
                rows=rows,
                jurisdictions=[j["fips"] for j in group],
                explanation=f"{group[0]['name']} is the name of {len(group)} jurisdictions in different states "
                f"({', '.join(_name(j) for j in group)}); this report names {', '.join(here)}. Check each row "
                f"went to the right one{f' (rows {_rows_text(rows)})' if rows else ''}.",
            )
        )
    facility_names = {e[2] for e in facts.entries}
    owners = defaultdict(list)
    for f in Facility.objects.filter(name__in=facility_names).values(
        "name", "jurisdiction_id", "jurisdiction__fips", "jurisdiction__name", "jurisdiction__state"
    ):
        owners[f["name"]].append(f)
    clashes = defaultdict(list)
    elsewhere: dict[tuple[int, str], bool] = {}
    for e in facts.entries:
        key = e[1:3]
        if key not in elsewhere:
            elsewhere[key] = any(o["jurisdiction_id"] != e[1] for o in owners[e[2]])
        if elsewhere[key]:
            clashes[key].append(e[0])
    for (j, facility), rows in clashes.items():
        others = [o for o in owners[facility] if o["jurisdiction_id"] != j]
        owned_by = ", ".join(f"{o['jurisdiction__name']}, {o['jurisdiction__state']}" for o in others)
        findings.append(
            Finding(
                kind=Kind.FACILITY_COLLISION,
                severity=Severity.MEDIUM,
                section="II",
                rows=rows,
                jurisdictions=[facts.jurisdictions[j]["fips"], *(o["jurisdiction__fips"] for o in others)],
                explanation=f"{len(rows)} row(s) of {_name(facts.jurisdictions[j])} name the facility '{facility}', "
                f"which is on file for {owned_by}. "
                f"Rows {_rows_text(rows)}.",
            )
        )
    return findings


def section_mismatches(facts: Facts) -> list[Finding]:
    """Section II declines of detainers issued in the period that Section I cannot account for."""
    start, end = facts.report.period_start, facts.report.period_end
    in_period = defaultdict(list)
    for e in facts.entries:
        if start <= e[ISSUED] <= end:
            in_period[e[1]].append(e[0])
    top = facts.section_i_top()
    floor = min((facts.issued[j] for j in top), default=0)
    findings = []
    for j, rows in in_period.items():
        name = _name(facts.jurisdictions[j])
        if j in facts.issued and len(rows) > facts.issued[j]:
            why = (
                f"Section II lists {len(rows)} declined detainers issued in the period, but Section I says only "
                f"{facts.issued[j]} were issued to it"
            )
        elif j not in facts.issued and len(top) and len(rows) > floor:
            why = (
                f"Section II lists {len(rows)} declined detainers issued in the period, more than the "
                f"{floor} of the last jurisdiction in Section I, yet it is not in Section I"
            )
        else:
            continue
        findings.append(
            Finding(
                kind=Kind.SECTION_MISMATCH,
                severity=Severity.HIGH,
                section="I",
                rows=rows,
                jurisdictions=[facts.jurisdictions[j]["fips"]],
                explanation=f"{name}: {why}. Rows {_rows_text(rows)}.",
            )
        )
    return findings


def duplicates(facts: Facts) -> list[Finding]:
    """Section II rows identical in jurisdiction, facility, citizenship, dates and criminal activity."""
    # Counted first (in C, without a list per row), then the rows gathered for the repeated ones only.
    counts = Counter(map(itemgetter(slice(1, None)), facts.entries))
    repeated = {key for key, n in counts.items() if n > 1}
    groups = defaultdict(list)
    for e in facts.entries:
        if e[1:] in repeated:
            groups[e[1:]].append(e[0])
    return [
        Finding(
            kind=Kind.DUPLICATE,
            severity=Severity.MEDIUM,
            section="II",
            rows=rows,
            jurisdictions=[facts.jurisdictions[key[0]]["fips"]],
            explanation=f"Rows {_rows_text(rows)} of {_name(facts.jurisdictions[key[0]])} are the same "
            f"(facility {key[1]}, {key[2]}, detainer issued {key[3]}, declined {key[4]}"
            f"{f', {key[5]}' if key[5] else ''}): one detainer may be listed {len(rows)} times.",
        )
        for key, rows in groups.items()
    ]


def outliers(facts: Facts) -> list[Finding]:
    """Section I counts far above the jurisdiction's counts in the previous published reports."""
    if not facts.history:
        return []
    factor = settings.QUALITY_OUTLIER_FACTOR
    minimum = settings.QUALITY_OUTLIER_MIN
    past = defaultdict(list)
    for _report_id, j, n in IssuedCount.objects.filter(report__in=facts.history).values_list(
        "report_id", "jurisdiction_id", "detainers_issued"
    ):
        past[j].append(n)
    weeks = len(facts.history)
    findings = []
    for j, n in facts.issued.items():
        values = past[j] + [0] * (weeks - len(past[j]))
        usual = sum(values) / weeks
        if n >= minimum and n >= factor * max(usual, 1):
            findings.append(
                Finding(
                    kind=Kind.OUTLIER,
                    severity=Severity.HIGH,
                    section="I",
                    rows=facts.rows_of(j),
                    jurisdictions=[facts.jurisdictions[j]["fips"]],
                    explanation=f"{_name(facts.jurisdictions[j])} has {n} detainers issued in Section I; in the "
                    f"previous {weeks} published report(s) it had {', '.join(map(str, reversed(values)))} "
                    f"(oldest first). Confirm the count with the field office before publishing.",
                )
            )
    return findings


def vanished(facts: Facts) -> list[Finding]:
    """Jurisdictions in the previous published report's Section I or III that are not in this one's."""
    if not facts.history:
        return []
    previous = facts.history[0]
    revision = ReportRevision.objects.filter(report=previous).order_by("-number").only("sections").first()
    if revision is None:
        return []
    here_i = {facts.jurisdictions[j]["fips"] for j in facts.section_i_top()}
    here_iii = {facts.jurisdictions[j]["fips"] for j in facts.policies}
    in_file = {facts.jurisdictions[j]["fips"]: n for j, n in facts.issued.items()}
    findings = []
    for row in revision.sections.get("section_i", []):
        if row["fips"] in here_i:
            continue
        now = (
            f"it is in this file with {in_file[row['fips']]}, below the top of Section I"
            if row["fips"] in in_file
            else "it is not in this report at all"
        )
        findings.append(
            Finding(
                kind=Kind.VANISHED,
                severity=Severity.HIGH,
                section="I",
                jurisdictions=[row["fips"]],
                explanation=f"{_name(row)} was ranked {row['rank']} in Section I of {previous.label} with "
                f"{row['issued']} detainers issued; {now}. Its leaving will be listed in the published changes.",
            )
        )
    for row in revision.sections.get("section_iii", []):
        if row["fips"] not in here_iii:
            findings.append(
                Finding(
                    kind=Kind.VANISHED,
                    severity=Severity.HIGH,
                    section="III",
                    jurisdictions=[row["fips"]],
                    explanation=f"{_name(row)} was in Section III of {previous.label} ({row['policy']}) and is not "
                    "in this report's Section III. Its leaving will be listed in the published changes.",
                )
            )
    return findings


CHECKS = (
    stale_detainers,
    batch_reprocessing,
    name_collisions,
    section_mismatches,
    duplicates,
    outliers,
    vanished,
)


def analyse(report: Report, entries: list[tuple] | None = None) -> list[Finding]:
    """Replace a draft's findings with those of every check (returned unsaved); call inside the import's transaction."""
    facts = Facts(report, entries)
    findings = [f for check in CHECKS for f in check(facts)]
    report.findings.all().delete()
    # One statement whatever the number of findings (a busy file has thousands).
    columns = ("kind", "severity", "section", "rows", "jurisdictions", "explanation")
    insert_rows(
        Finding,
        [{name: getattr(f, name) for name in columns} for f in findings],
        {"report": report.pk, "acknowledgement": ""},
    )
    return findings
