"""What every dispute service shares: who is acting, locking entries, logging transitions, notices, emails."""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_fsm import can_proceed

from config.bulk import among, insert_rows
from config.errors import Conflict, InvalidInput, NotAllowed
from config.queue import enqueue_on_commit
from jurisdictions.models import Account, Facility, Jurisdiction
from jurisdictions.selectors import account_for
from reports.cache import public_changed
from reports.entry_counts import record_moves
from reports.models import ListedDetainer, Report

from ..models import Case, Counter, Decision, Notification, TransitionLog

MAX_EXPLANATION = 5000
MAX_NOTE = 1000
MAX_ENTRIES = settings.CASE_MAX_ENTRIES  # in one request, and in one case


def sheriff_account(actor) -> Account:
    account = account_for(actor)
    if account is None or not account.is_sheriff:
        raise NotAllowed("only a sheriff's office account can do this")
    return account


def reviewer_account(actor) -> Account:
    account = account_for(actor)
    if account is None or not account.is_reviewer:
        raise NotAllowed("only an agency reviewer can do this")
    return account


def require_text(value: str, field: str, label: str, minimum: int = 10, maximum: int = MAX_EXPLANATION) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise InvalidInput(f"{label} must be at least {minimum} characters", field=field)
    if len(value) > maximum:
        raise InvalidInput(f"{label} must be at most {maximum:,} characters", field=field)
    return value


def optional_text(value: str, field: str, label: str, maximum: int = MAX_NOTE) -> str:
    value = (value or "").strip()
    if len(value) > maximum:
        raise InvalidInput(f"{label} must be at most {maximum:,} characters", field=field)
    return value


def entry_ids(values: Iterable, field: str = "entries") -> list[int]:
    """Distinct entry ids, in the order given; at least one."""
    try:
        ids = list(dict.fromkeys(int(v) for v in values))
    except (TypeError, ValueError):
        raise InvalidInput("entry ids must be whole numbers", field=field) from None
    if not ids:
        raise InvalidInput("select at least one entry", field=field)
    if len(ids) > MAX_ENTRIES:
        raise InvalidInput(f"at most {MAX_ENTRIES:,} entries at once", field=field)
    return ids


def locked_entries(ids) -> list[ListedDetainer]:
    """The entries, row-locked, with the report, jurisdiction and facility snapshots and messages need.

    A batch names few reports, jurisdictions and facilities: each is read once and shared, not once per entry.
    """
    entries = list(ListedDetainer.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    reports = Report.objects.in_bulk({e.report_id for e in entries})
    jurisdictions = Jurisdiction.objects.in_bulk({e.jurisdiction_id for e in entries})
    facilities = Facility.objects.in_bulk({e.facility_id for e in entries})
    for entry in entries:
        cache = entry._state.fields_cache
        cache["report"] = reports[entry.report_id]
        cache["jurisdiction"] = jurisdictions[entry.jurisdiction_id]
        cache["facility"] = facilities[entry.facility_id]
    return entries


def describe(entries: Iterable[ListedDetainer]) -> str:
    """Entries named as a reader finds them: id, report period and row, and state."""
    return "; ".join(
        f"entry {e.pk} (row {e.row_number} of the {e.report.period_start:%b %-d, %Y} report, "
        f"{e.get_state_display().lower()})"
        for e in entries
    )


def transition_entries(
    entries: list[ListedDetainer],
    name: str,
    *,
    actor,
    reason: str,
    case: Case | None = None,
    decision: Decision | None = None,
    reasons: dict[int, str] | None = None,
) -> None:
    """Run one model transition on every entry, save and log each, in the caller's transaction: all or none."""
    # The entry transitions carry no conditions: whether one may run depends on the state alone.
    verdicts: dict[str, bool] = {}
    blocked = []
    for entry in entries:
        state = entry.state
        if state not in verdicts:
            verdicts[state] = can_proceed(getattr(entry, name))
        if not verdicts[state]:
            blocked.append(entry)
    if blocked:
        raise Conflict(
            f"cannot {name.replace('_', ' ')}; nothing was changed. Not in the right state: {describe(blocked)}"
        )
    if not entries:
        return
    by_source: dict[str, list[int]] = defaultdict(list)
    logs, moves = [], []
    for entry in entries:
        source, pk = entry.state, entry.pk
        getattr(entry, name)()
        by_source[source].append(pk)
        logs.append({"entry": pk, "from_state": source})
        moves.append((entry.report_id, source, entry.state))
    target = entries[0].state
    for source, ids in by_source.items():
        # The state filter makes a change made since the rows were read visible, as ConcurrentTransitionMixin does.
        if ListedDetainer.objects.filter(pk__in=among(ids), state=source).update(state=target) != len(ids):
            raise Conflict("entries changed while this request ran; reload and try again")
    record_moves(moves)  # the reports' counts of disputed, corrected and upheld entries
    # One log row per entry; what every row shares is written once.
    shared = {
        "case": case.pk if case else None,
        "decision": decision.pk if decision else None,
        "transition": name,
        "to_state": target,
        "actor": actor.pk,
        "actor_name": actor.get_username(),
        "at": timezone.now(),
    }
    if reasons:
        for log in logs:
            log["reason"] = reasons.get(log["entry"], reason)
    else:
        shared["reason"] = reason
    insert_rows(TransitionLog, logs, shared)
    public_changed()  # entry states show on public pages (marks, counts, "awaiting a decision")


def next_number(name: str) -> int:
    """The next value of a named counter; call inside a transaction."""
    Counter.objects.get_or_create(name=name)
    counter = Counter.objects.select_for_update().get(name=name)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


def entry_snapshot(entry: ListedDetainer) -> dict:
    """The published fields of an entry, as JSON."""
    return {
        "fips": entry.jurisdiction.fips,
        "jurisdiction": entry.jurisdiction.name,
        "state": entry.jurisdiction.state,
        "facility": entry.facility.name,
        "citizenship": entry.citizenship,
        "detainer_issued": entry.detainer_issued.isoformat(),
        "declined": entry.declined.isoformat(),
        "criminal_activity": entry.criminal_activity,
        "activity_basis": entry.activity_basis,
    }


def emails_of(*, jurisdiction_ids: Iterable[int] = (), reviewers: bool = False, seniors: bool = False) -> list[str]:
    """Addresses of the active accounts of some jurisdictions, of every reviewer, or of every senior reviewer."""
    users = get_user_model().objects.filter(is_active=True)
    if seniors:
        users = users.filter(account__role=Account.Role.SENIOR_REVIEWER)
    elif reviewers:
        users = users.filter(account__role__in=[Account.Role.REVIEWER, Account.Role.SENIOR_REVIEWER])
    else:
        users = users.filter(account__jurisdiction__in=list(jurisdiction_ids))
    return list(users.values_list("email", flat=True))


def queue_notification(key: str, template: str, recipients: list[str], context: dict) -> bool:
    """Queue one email after commit; the key makes queueing it twice a no-op. True if newly queued."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return False
    notification, created = Notification.objects.get_or_create(
        key=key, defaults={"template": template, "recipients": recipients, "context": context}
    )
    if created:
        from ..tasks import send_notification_task

        enqueue_on_commit(send_notification_task, notification.pk)
    return created
