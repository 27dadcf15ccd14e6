"""A sheriff's office's case: open it on entries, add or remove entries, attach or delete evidence, submit."""

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from config.bulk import insert_rows
from config.errors import Conflict, InvalidInput, NotFound, TooMany
from reports.models import ListedDetainer

from ..deadlines import dispute_window_closes, review_due_on
from ..evidence import inspect_upload
from ..models import Case, Dispute, Evidence, Ground
from .common import (
    MAX_ENTRIES,
    emails_of,
    entry_ids,
    locked_entries,
    optional_text,
    queue_notification,
    require_text,
    reviewer_account,
    sheriff_account,
    transition_entries,
)

MAX_FILES = 20


def _own_entries(account, ids: list[int]) -> list[ListedDetainer]:
    """The office's own entries, locked; any id that is not one of them looks absent (404, named)."""
    entries = locked_entries(ids)
    # A draft report's entries are not the office's to see, let alone dispute.
    found = {e.pk for e in entries if e.jurisdiction_id == account.jurisdiction_id and e.report.is_published}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"no such entr{'y' if len(missing) == 1 else 'ies'}: {', '.join(map(str, missing))}")
    return entries


def _open_case(actor, case_id: int) -> Case:
    """The office's own case, locked, still open for changes."""
    account = sheriff_account(actor)
    case = Case.objects.select_for_update().filter(pk=case_id, jurisdiction=account.jurisdiction_id).first()
    if case is None:
        raise NotFound("no such case")
    if not case.is_open:
        raise Conflict("the case has been submitted for review; it can no longer be changed")
    return case


def check_dispute_window(entries: list[ListedDetainer]) -> None:
    """Refuse entries whose report was published more than DISPUTE_WINDOW_DAYS ago (409, naming them)."""
    today = timezone.localdate()
    closes = {r.pk: dispute_window_closes(r) for r in {e.report for e in entries}}
    late = [e for e in entries if closes[e.report_id] is not None and today > closes[e.report_id]]
    if late:
        first = late[0]
        raise Conflict(
            f"the dispute window closed on {closes[first.report_id]:%b %-d, %Y} for "
            f"{len(late)} entr{'y' if len(late) == 1 else 'ies'} (first: row {first.row_number} of the "
            f"{first.report.period_start:%b %-d, %Y} report); entries can be disputed for "
            f"{settings.DISPUTE_WINDOW_DAYS} days after the report is published"
        )


def _clean_notes(notes: dict | None, allowed: set[int]) -> dict[int, str]:
    clean = {}
    for key, value in (notes or {}).items():
        try:
            entry_id = int(key)
        except (TypeError, ValueError):
            raise InvalidInput(f"notes: {key!r} is not an entry id", field="notes") from None
        if entry_id not in allowed:
            raise InvalidInput(f"notes: entry {entry_id} is not one of the case's entries", field="notes")
        clean[entry_id] = optional_text(value, "notes", "a note")
    return clean


def _dispute_entries(case: Case, entries: list[ListedDetainer], *, actor, notes: dict[int, str]) -> None:
    check_dispute_window(entries)
    transition_entries(
        entries, "open_dispute", actor=actor, case=case, reason=f"{case.get_ground_display()}: {case.explanation}"
    )
    insert_rows(
        Dispute,
        [{"entry": e.pk, "note": notes.get(e.pk, "")} for e in entries],
        {"case": case.pk, "jurisdiction": case.jurisdiction_id, "filed_by": actor.pk, "filed_at": timezone.now()},
    )


@transaction.atomic
def open_case(*, actor, entries, ground: str, explanation: str, notes: dict | None = None) -> Case:
    """A sheriff's office disputes one or more of its own listed entries with one ground (each listed → disputed)."""
    account = sheriff_account(actor)
    ids = entry_ids(entries)
    if ground not in Ground.values:
        raise InvalidInput(f"ground must be one of: {', '.join(Ground.values)}", field="ground")
    explanation = require_text(explanation, "explanation", "the explanation")
    clean_notes = _clean_notes(notes, set(ids))
    found = _own_entries(account, ids)
    case = Case.objects.create(
        jurisdiction=account.jurisdiction, ground=ground, explanation=explanation, filed_by=actor
    )
    _dispute_entries(case, found, actor=actor, notes=clean_notes)
    return case


@transaction.atomic
def add_entries(*, actor, case_id: int, entries, notes: dict | None = None) -> Case:
    """Add more of the office's listed entries to its open case."""
    case = _open_case(actor, case_id)
    ids = entry_ids(entries)
    held = case.disputes.count()
    if held + len(ids) > MAX_ENTRIES:
        raise InvalidInput(
            f"a case holds at most {MAX_ENTRIES:,} entries and case {case.pk} has {held:,}; "
            "open another case for the rest",
            field="entries",
        )
    clean_notes = _clean_notes(notes, set(ids))
    found = _own_entries(sheriff_account(actor), ids)
    _dispute_entries(case, found, actor=actor, notes=clean_notes)
    return case


@transaction.atomic
def remove_entry(*, actor, case_id: int, entry_id: int) -> Case:
    """Take an entry out of the open case (disputed → listed); the case keeps at least one entry."""
    case = _open_case(actor, case_id)
    dispute = case.disputes.filter(entry_id=entry_id).first()
    if dispute is None:
        raise NotFound("that entry is not in this case")
    if case.disputes.count() == 1:
        raise InvalidInput("a case keeps at least one entry; add another before removing this one", field="entry")
    entries = locked_entries([entry_id])
    transition_entries(entries, "withdraw", actor=actor, case=case, reason=f"Removed from case {case.pk}")
    dispute.delete()
    return case


@transaction.atomic
def set_note(*, actor, case_id: int, entry_id: int, note: str) -> Dispute:
    """The office's note on one entry of its open case (what is particular to that entry)."""
    case = _open_case(actor, case_id)
    dispute = case.disputes.filter(entry_id=entry_id).first()
    if dispute is None:
        raise NotFound("that entry is not in this case")
    dispute.note = optional_text(note, "note", "the note")
    dispute.save(update_fields=["note"])
    return dispute


@transaction.atomic
def add_case_evidence(*, actor, case_id: int, data: bytes, filename: str, description: str = "") -> Evidence:
    """Attach a JPEG, PNG or PDF to an open case, stored privately with its hash and capture time."""
    case = _open_case(actor, case_id)
    recent = Evidence.objects.filter(uploaded_by=actor, uploaded_at__gte=timezone.now() - dt.timedelta(hours=1))
    if recent.count() >= settings.EVIDENCE_UPLOADS_PER_HOUR:
        raise TooMany(
            f"this account has uploaded {settings.EVIDENCE_UPLOADS_PER_HOUR} files in the last hour; try again later",
            field="file",
        )
    attached = case.evidence.attached()
    if attached.count() >= MAX_FILES:
        raise InvalidInput(f"a case can have at most {MAX_FILES} evidence files; delete one first", field="file")
    return store_evidence(case, actor=actor, data=data, filename=filename, description=description)


def store_evidence(case: Case, *, actor, data: bytes, filename: str, description: str, appeal=None) -> Evidence:
    """Check an upload, store it privately with its hash and capture time, and attach it to the case."""
    description = optional_text(description, "description", "the description", maximum=300)
    info = inspect_upload(data, max_bytes=settings.EVIDENCE_MAX_BYTES)
    if case.evidence.attached().filter(sha256=info.sha256).exists():
        raise InvalidInput("this file is already attached to the case", field="file")
    evidence = Evidence(
        case=case,
        appeal=appeal,
        original_name=(filename or "upload")[-255:],
        description=description,
        sha256=info.sha256,
        size=info.size,
        content_type=info.content_type,
        captured_at=info.captured_at,
        captured_on=info.captured_on,
        camera=info.camera[:200],
        software=info.software[:200],
        gps_present=info.gps_present,
        uploaded_by=actor,
    )
    evidence.file.save("upload", ContentFile(data), save=False)
    path = evidence.file.name
    # The file is written before the row: if the row cannot be written, remove the file.
    try:
        evidence.save()
    except Exception:
        evidence.file.storage.delete(path)
        raise
    return evidence


@transaction.atomic
def delete_evidence(*, actor, evidence_id: int) -> Evidence:
    """Detach an evidence file from an open case; the file and who deleted it when are kept for the record."""
    account = sheriff_account(actor)
    evidence = (
        Evidence.objects.select_for_update()
        .filter(pk=evidence_id, case__jurisdiction=account.jurisdiction_id, deleted_at__isnull=True)
        .first()
    )
    if evidence is None:
        raise NotFound("no such evidence")
    _open_case(actor, evidence.case_id)
    evidence.deleted_at = timezone.now()
    evidence.deleted_by = actor
    evidence.save(update_fields=["deleted_at", "deleted_by"])
    return evidence


@transaction.atomic
def submit_case(*, actor, case_id: int, note: str = "") -> Case:
    """Send the case, every entry in it and its evidence for review (each disputed → evidence_submitted)."""
    case = _open_case(actor, case_id)
    note = optional_text(note, "note", "the note")
    ids = list(case.disputes.values_list("entry_id", flat=True))
    count = case.evidence.attached().count()
    if not count:
        raise InvalidInput("attach at least one evidence file before submitting", field="evidence")
    entries = locked_entries(ids)
    reason = note or f"Submitted with {count} evidence file{'s' if count != 1 else ''}"
    transition_entries(entries, "submit_evidence", actor=actor, case=case, reason=reason)
    case.submitted_at = timezone.now()
    case.due_on = review_due_on(case.submitted_at)
    case.save(update_fields=["submitted_at", "due_on"])
    queue_notification(
        f"case-submitted:{case.pk}",
        "case_submitted",
        emails_of(reviewers=True) + list(settings.REVIEWER_NOTIFY_EMAILS),
        {
            "case_id": case.pk,
            "jurisdiction": str(case.jurisdiction),
            "entries": len(entries),
            "rows": entry_rows(entries),
            "ground": case.get_ground_display(),
        },
    )
    return case


def entry_rows(entries) -> str:
    """Entries as the portal shows them: row numbers grouped by report period."""
    by_start: dict[dt.date, list[int]] = {}
    for e in entries:
        by_start.setdefault(e.report.period_start, []).append(e.row_number)
    return "; ".join(
        f"{start:%b %-d, %Y} report: row{'s' if len(rows) > 1 else ''} {', '.join(map(str, sorted(rows)))}"
        for start, rows in sorted(by_start.items())
    )


ENTRY_LINKS = 20


def entry_links(entries) -> list[dict]:
    """The first 20 entries named as the portal names them ("Row 3 of the Jan 28, 2017 report"), with their pages."""
    ordered = sorted(entries, key=lambda e: (e.report.period_start, e.row_number))
    return [
        {
            "label": f"Row {e.row_number} of the {e.report.period_start:%b %-d, %Y} report",
            "path": reverse("portal-entry", args=[e.pk]),
        }
        for e in ordered[:ENTRY_LINKS]
    ]


# --- one-entry compatibility: a dispute is one entry's place in a case ---------------------------------


def dispute_case_id(*, actor, dispute_id: int, reviewer: bool = False) -> int:
    """The case a dispute belongs to, if the actor may see it; other jurisdictions' disputes look absent."""
    account = reviewer_account(actor) if reviewer else sheriff_account(actor)
    dispute = Dispute.objects.filter(pk=dispute_id).values("case_id", "jurisdiction_id").first()
    if dispute is None or (account.is_sheriff and dispute["jurisdiction_id"] != account.jurisdiction_id):
        raise NotFound("no such dispute")
    return dispute["case_id"]


def file_dispute(*, actor, entry_id: int, ground: str, explanation: str) -> Dispute:
    """Dispute one entry: a case of one entry (listed → disputed)."""
    case = open_case(actor=actor, entries=[entry_id], ground=ground, explanation=explanation)
    return case.disputes.select_related("case", "entry").get()


def add_evidence(*, actor, dispute_id: int, data: bytes, filename: str, description: str = "") -> Evidence:
    """Attach evidence to the case of a dispute."""
    case_id = dispute_case_id(actor=actor, dispute_id=dispute_id)
    return add_case_evidence(actor=actor, case_id=case_id, data=data, filename=filename, description=description)


def submit_dispute(*, actor, dispute_id: int, note: str = "") -> Dispute:
    """Submit the case of a dispute, with every entry in it."""
    case_id = dispute_case_id(actor=actor, dispute_id=dispute_id)
    submit_case(actor=actor, case_id=case_id, note=note)
    return Dispute.objects.select_related("case", "entry").get(pk=dispute_id)
