"""Reviewers' decisions: a whole case at once with per-entry exceptions, or an agency-initiated correction.

Each decision records every entry's transition in one transaction with a constant number of queries, one
correction notice when anything changed, and starts the publishing of one revision per report it touches.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from config.bulk import insert_rows
from config.errors import Conflict, InvalidInput, NotFound
from config.queue import enqueue_on_commit
from jurisdictions.models import Jurisdiction
from jurisdictions.services import ensure_facility
from reports.models import ListedDetainer

from ..models import Case, Correction, CorrectionNotice, Decision, Ground
from .cases import entry_links, entry_rows
from .common import (
    describe,
    emails_of,
    entry_ids,
    entry_snapshot,
    locked_entries,
    next_number,
    queue_notification,
    require_text,
    reviewer_account,
    transition_entries,
)

AMENDABLE = ("fips", "facility", "citizenship", "detainer_issued", "declined", "criminal_activity", "activity_basis")
CORRECTED, UPHELD = Decision.Outcome.CORRECTED, Decision.Outcome.UPHELD


@dataclass
class Ruling:
    """What one decision does to one entry."""

    entry: ListedDetainer
    outcome: str
    action: str = ""
    amendments: dict = field(default_factory=dict)
    before: dict = field(default_factory=dict)


def parse_amendments(amendments: dict) -> dict:
    """Amendment fields as values (dates, a jurisdiction); checked against each entry by `_check_amendments`."""
    unknown = sorted(set(amendments) - set(AMENDABLE))
    if unknown:
        raise InvalidInput(f"cannot amend {', '.join(unknown)}; amendable: {', '.join(AMENDABLE)}", field="amendments")
    clean: dict = {}
    for key, value in amendments.items():
        value = "" if value is None else str(value).strip()
        if key in ("detainer_issued", "declined"):
            try:
                clean[key] = dt.date.fromisoformat(value)
            except ValueError:
                raise InvalidInput(f"{key}: {value!r} is not a date (YYYY-MM-DD)", field=key) from None
        elif key == "fips":
            jurisdiction = Jurisdiction.objects.filter(fips=value).first()
            if jurisdiction is None:
                raise InvalidInput(f"fips: no jurisdiction with FIPS code {value!r}", field="fips")
            clean["jurisdiction"] = jurisdiction
        elif key == "activity_basis":
            if value not in ListedDetainer.Basis.values:
                raise InvalidInput("activity_basis must be charge, conviction or empty", field=key)
            clean[key] = value
        elif key in ("facility", "citizenship") and not value:
            raise InvalidInput(f"{key} cannot be empty", field=key)
        elif len(value) > 300:
            raise InvalidInput(f"{key} must be at most 300 characters", field=key)
        else:
            clean[key] = value
    return clean


def _check_amendments(entry: ListedDetainer, clean: dict, where: str) -> None:
    issued = clean.get("detainer_issued", entry.detainer_issued)
    declined = clean.get("declined", entry.declined)
    if issued > declined:
        raise InvalidInput(
            f"{where}detainer issued {issued} would be after declined {declined}", field="detainer_issued"
        )
    if declined > entry.report.period_end:
        raise InvalidInput(f"{where}declined {declined} is after the report period ends", field="declined")
    basis = clean.get("activity_basis", entry.activity_basis)
    activity = clean.get("criminal_activity", entry.criminal_activity)
    if bool(basis) != bool(activity):
        raise InvalidInput(
            f"{where}criminal activity and its basis (charge or conviction) go together", field="activity_basis"
        )


def _ruling_terms(outcome: str, action: str, amendments: dict | None, *, where: str = "") -> tuple[str, str, dict]:
    if outcome not in Decision.Outcome.values:
        raise InvalidInput(f"{where}outcome must be corrected or upheld", field="outcome")
    if outcome == UPHELD:
        if action or amendments:
            raise InvalidInput(f"{where}an upheld entry is not changed: give no action or amendments", field="action")
        return outcome, "", {}
    if action not in Correction.Action.values:
        raise InvalidInput(f"{where}a correction must say whether the entry is removed or amended", field="action")
    if action == Correction.Action.REMOVE:
        if amendments:
            raise InvalidInput(f"{where}a removed entry takes no amendments", field="amendments")
        return outcome, action, {}
    if not amendments:
        raise InvalidInput(f"{where}an amendment must say which fields change", field="amendments")
    return outcome, action, parse_amendments(amendments)


def plan_rulings(
    entries: list[ListedDetainer], *, outcome: str, action: str, amendments: dict | None, exceptions: list | None
) -> list[Ruling]:
    """One ruling per entry: the decision's own, or the exception given for that entry."""
    default = _ruling_terms(outcome, action, amendments)
    by_id = {e.pk: e for e in entries}
    special: dict[int, tuple[str, str, dict]] = {}
    for item in exceptions or []:
        if not isinstance(item, dict) or "entry" not in item:
            raise InvalidInput(
                "each exception names its entry: {entry, outcome, action, amendments}", field="exceptions"
            )
        try:
            entry_id = int(item["entry"])
        except (TypeError, ValueError):
            raise InvalidInput(f"exceptions: {item['entry']!r} is not an entry id", field="exceptions") from None
        if entry_id not in by_id:
            raise InvalidInput(f"exceptions: entry {entry_id} is not one of the entries decided", field="exceptions")
        if entry_id in special:
            raise InvalidInput(f"exceptions: entry {entry_id} is given twice", field="exceptions")
        special[entry_id] = _ruling_terms(
            item.get("outcome") or CORRECTED,
            item.get("action") or "",
            item.get("amendments"),
            where=f"entry {entry_id}: ",
        )
    rulings = []
    for entry in entries:
        terms = special.get(entry.pk, default)
        if terms[2]:
            where = f"entry {entry.pk} (row {entry.row_number}): " if len(entries) > 1 else ""
            _check_amendments(entry, terms[2], where)
        rulings.append(Ruling(entry, *terms))
    return rulings


def _apply_amendments(rulings: list[Ruling]) -> None:
    """Set each amended entry's new values and save them grouped, so equal changes cost one query."""
    facilities: dict[tuple[int, str], object] = {}
    groups: dict[tuple, list[int]] = {}
    for ruling in rulings:
        if not ruling.amendments:
            continue
        entry, clean = ruling.entry, dict(ruling.amendments)
        jurisdiction = clean.pop("jurisdiction", entry.jurisdiction)
        facility_name = clean.pop("facility", entry.facility.name)
        if jurisdiction != entry.jurisdiction or facility_name != entry.facility.name:
            key = (jurisdiction.pk, facility_name)
            if key not in facilities:
                facilities[key] = ensure_facility(jurisdiction=jurisdiction, name=facility_name)
            entry.jurisdiction, entry.facility = jurisdiction, facilities[key]
        for name, value in clean.items():
            setattr(entry, name, value)
        if entry_snapshot(entry) == ruling.before:
            raise InvalidInput(
                f"the amendments change nothing for entry {entry.pk} (row {entry.row_number}); to keep it, uphold it",
                field="amendments",
            )
        values = {"jurisdiction_id": entry.jurisdiction_id, "facility_id": entry.facility_id}
        values.update({name: getattr(entry, name) for name in clean})
        groups.setdefault(tuple(sorted(values.items())), []).append(entry.pk)
    for values, ids in groups.items():
        ListedDetainer.objects.filter(pk__in=ids).update(**dict(values))


def _record(
    rulings: list[Ruling],
    *,
    actor,
    case: Case | None,
    outcome: str,
    ground: str,
    rationale: str,
    on_appeal: bool = False,
) -> Decision:
    """Write the decision, every entry's transition and correction, the notice; queue publishing after commit.

    A decision on appeal is logged against the case but does not replace the case's first decision.
    """
    for ruling in rulings:
        ruling.before = entry_snapshot(ruling.entry)
    decision = Decision.objects.create(
        case=None if on_appeal else case, outcome=outcome, ground=ground, rationale=rationale, decided_by=actor
    )
    _apply_amendments(rulings)
    corrected = [r for r in rulings if r.outcome == CORRECTED]
    upheld = [r for r in rulings if r.outcome == UPHELD]
    if on_appeal:
        correct, uphold = "correct_on_appeal", "uphold_on_appeal"
    else:
        correct, uphold = ("correct" if case is not None else "correct_by_agency"), "uphold"
    transition_entries(
        [r.entry for r in corrected], correct, actor=actor, case=case, decision=decision, reason=rationale
    )
    transition_entries([r.entry for r in upheld], uphold, actor=actor, case=case, decision=decision, reason=rationale)
    if corrected:
        insert_rows(
            Correction,
            [
                {
                    "entry": r.entry.pk,
                    "action": r.action,
                    "before": r.before,
                    # A removed entry is published as it was (its after is its before); only an amendment
                    # has a new value.
                    "after": entry_snapshot(r.entry) if r.amendments else None,
                }
                for r in corrected
            ],
            {"decision": decision.pk, "ground": ground, "created_at": timezone.now()},
            fallback={"after": "before"},
        )
        year = timezone.localdate().year
        notice = CorrectionNotice.objects.create(
            decision=decision, number=f"CN-{year}-{next_number(f'notice-{year}'):04d}"
        )
        CorrectionNotice.reports.through.objects.bulk_create(
            CorrectionNotice.reports.through(correctionnotice_id=notice.pk, report_id=report)
            for report in sorted({r.entry.report_id for r in corrected})
        )
        from ..tasks import publish_decision_task

        enqueue_on_commit(publish_decision_task, decision.pk)
    return decision


def _locked_case(actor, case_id: int) -> Case:
    reviewer_account(actor)
    case = Case.objects.select_for_update().select_related("jurisdiction", "filed_by").filter(pk=case_id).first()
    if case is None:
        raise NotFound("no such case")
    return case


@transaction.atomic
def decide_case(
    *,
    actor,
    case_id: int,
    outcome: str,
    rationale: str,
    action: str = "",
    amendments: dict | None = None,
    exceptions: list | None = None,
) -> Decision:
    """A reviewer decides a submitted case: corrected or upheld for every entry, with per-entry exceptions."""
    case = _locked_case(actor, case_id)
    if case.submitted_at is None:
        raise Conflict("the case has not been submitted for review yet")
    if hasattr(case, "decision"):
        raise Conflict("the case has already been decided")
    rationale = require_text(rationale, "rationale", "the rationale")
    entries = locked_entries(case.disputes.values("entry_id"))
    waiting = ListedDetainer.State.EVIDENCE_SUBMITTED
    if any(e.state != waiting for e in entries):
        raise Conflict(f"cannot decide; not awaiting review: {describe(e for e in entries if e.state != waiting)}")
    rulings = plan_rulings(entries, outcome=outcome, action=action, amendments=amendments, exceptions=exceptions)
    decision = _record(rulings, actor=actor, case=case, outcome=outcome, ground=case.ground, rationale=rationale)
    notify_decided(f"case-decided:{case.pk}", case, decision, rulings, case.filed_by.email)
    return decision


def notify_decided(key: str, case: Case, decision: Decision, rulings: list[Ruling], filer_email: str) -> None:
    """Email the office a decision on its case (first or on appeal): each entry's outcome and the rationale."""
    notice = getattr(decision, "notice", None)
    on_appeal = decision.case_id is None
    queue_notification(
        key,
        "case_decided",
        emails_of(jurisdiction_ids=[case.jurisdiction_id]) + [filer_email],
        {
            "case_id": case.pk,
            "outcome": f"{decision.get_outcome_display()}{' on appeal' if on_appeal else ''}",
            "corrected": sum(1 for r in rulings if r.outcome == CORRECTED),
            "upheld": sum(1 for r in rulings if r.outcome == UPHELD),
            "rows": entry_rows([r.entry for r in rulings]),
            "rationale": decision.rationale,
            "notice": notice.number if notice else "",
        },
    )


@transaction.atomic
def correct_by_agency(
    *,
    actor,
    entries,
    ground: str,
    rationale: str,
    action: str,
    amendments: dict | None = None,
    exceptions: list | None = None,
) -> Decision:
    """The agency corrects entries across jurisdictions and reports with no dispute; each jurisdiction is told."""
    reviewer_account(actor)
    ids = entry_ids(entries)
    if ground not in Ground.values:
        raise InvalidInput(f"ground must be one of: {', '.join(Ground.values)}", field="ground")
    rationale = require_text(rationale, "rationale", "the rationale")
    found = locked_entries(ids)
    missing = sorted(set(ids) - {e.pk for e in found})
    if missing:
        raise NotFound(f"no such entries: {', '.join(map(str, missing))}")
    if any(isinstance(item, dict) and item.get("outcome") == UPHELD for item in exceptions or []):
        raise InvalidInput(
            "an agency correction corrects every entry it names; leave out any to keep", field="exceptions"
        )
    rulings = plan_rulings(found, outcome=CORRECTED, action=action, amendments=amendments, exceptions=exceptions)
    decision = _record(rulings, actor=actor, case=None, outcome=CORRECTED, ground=ground, rationale=rationale)
    affected: dict[int, list[ListedDetainer]] = {}
    for ruling in rulings:
        for fips_owner in {ruling.before["fips"], ruling.entry.jurisdiction.fips}:
            affected.setdefault(fips_owner, []).append(ruling.entry)
    owners = dict(Jurisdiction.objects.filter(fips__in=list(affected)).values_list("fips", "pk"))
    for fips, touched in affected.items():
        queue_notification(
            f"agency:{decision.pk}:{fips}",
            "agency_correction",
            emails_of(jurisdiction_ids=[owners[fips]]),
            {
                "notice": decision.notice.number,
                "jurisdiction": str(touched[0].jurisdiction) if touched[0].jurisdiction.fips == fips else fips,
                "entries": len(touched),
                "rows": entry_rows(touched),
                "links": entry_links(touched),
                "ground": decision.get_ground_display(),
                "rationale": rationale,
            },
        )
    return decision


def decide_dispute(
    *, actor, dispute_id: int, outcome: str, rationale: str, action: str = "", amendments: dict | None = None
) -> Decision:
    """Decide the one-entry case of a dispute; a case of several entries is decided as a case."""
    from .cases import dispute_case_id

    case_id = dispute_case_id(actor=actor, dispute_id=dispute_id, reviewer=True)
    size = Case.objects.get(pk=case_id).disputes.count()
    if size > 1:
        raise Conflict(f"this entry is one of {size} in case {case_id}: decide the case as a whole")
    return decide_case(
        actor=actor, case_id=case_id, outcome=outcome, rationale=rationale, action=action, amendments=amendments
    )
