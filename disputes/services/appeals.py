"""After an upheld decision: the jurisdiction's one appeal to a senior reviewer, and its standing statement."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from config.errors import Conflict, InvalidInput, NotAllowed, NotFound
from config.queue import enqueue_on_commit
from jurisdictions.selectors import account_for
from reports.cache import public_changed
from reports.models import ListedDetainer, Report
from reports.services import create_revision

from ..deadlines import appeal_closes
from ..models import Appeal, Case, Decision, StandingStatement
from .cases import MAX_FILES, entry_rows, store_evidence
from .common import (
    emails_of,
    locked_entries,
    queue_notification,
    require_text,
    reviewer_account,
    sheriff_account,
    transition_entries,
)
from .decisions import _record, notify_decided, plan_rulings

MAX_STATEMENT = 600
State = ListedDetainer.State


def _own_decided_case(actor, case_id: int) -> Case:
    account = sheriff_account(actor)
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("decision")
        .filter(pk=case_id, jurisdiction=account.jurisdiction_id)
        .first()
    )
    if case is None:
        raise NotFound("no such case")
    if not hasattr(case, "decision"):
        raise Conflict("the case has not been decided yet")
    return case


def _entries_in(case: Case, *states: str) -> list[ListedDetainer]:
    return [e for e in locked_entries(case.disputes.values("entry_id")) if e.state in states]


@transaction.atomic
def file_appeal(*, actor, case_id: int, statement: str, files: list[tuple[str, bytes]]) -> Appeal:
    """Appeal a case's upheld entries once, within APPEAL_WINDOW_DAYS, with a statement and new evidence."""
    case = _own_decided_case(actor, case_id)
    if Appeal.objects.filter(case=case).exists():
        raise Conflict("this case has already been appealed; a case can be appealed once")
    closes = appeal_closes(case.decision.decided_at)
    if timezone.localdate() > closes:
        raise Conflict(f"the appeal window closed on {closes:%b %-d, %Y}")
    entries = _entries_in(case, State.UPHELD)
    if not entries:
        raise Conflict("no entry of this case was upheld; there is nothing to appeal")
    statement = require_text(statement, "statement", "the statement of appeal")
    if not files:
        raise InvalidInput("attach at least one new evidence file to the appeal", field="file")
    if len(files) > MAX_FILES:
        raise InvalidInput(f"an appeal can have at most {MAX_FILES} evidence files", field="file")
    appeal = Appeal.objects.create(case=case, statement=statement, filed_by=actor)
    for name, data in files:
        store_evidence(case, actor=actor, data=data, filename=name, description="Filed with the appeal", appeal=appeal)
    transition_entries(entries, "appeal", actor=actor, case=case, reason=statement)
    queue_notification(
        f"appeal-filed:{case.pk}",
        "appeal_filed",
        emails_of(seniors=True),
        {"case_id": case.pk, "jurisdiction": str(case.jurisdiction), "rows": entry_rows(entries)},
    )
    return appeal


@transaction.atomic
def decide_appeal(
    *,
    actor,
    case_id: int,
    outcome: str,
    rationale: str,
    action: str = "",
    amendments: dict | None = None,
    exceptions: list | None = None,
) -> Decision:
    """A senior reviewer other than the first decision's reviewer decides an appeal: corrected or upheld for good."""
    account = reviewer_account(actor)
    appeal = (
        Appeal.objects.select_for_update(of=("self",)).select_related("case__decision").filter(case_id=case_id).first()
    )
    if appeal is None:
        raise NotFound("this case has no appeal")
    if not account.is_senior:
        raise NotAllowed("only a senior reviewer can decide an appeal")
    case = appeal.case
    if case.decision.decided_by_id == actor.pk:
        raise NotAllowed("the reviewer who made the first decision cannot decide its appeal")
    if appeal.decision_id:
        raise Conflict("the appeal has already been decided")
    rationale = require_text(rationale, "rationale", "the rationale")
    entries = _entries_in(case, State.APPEALED)
    rulings = plan_rulings(entries, outcome=outcome, action=action, amendments=amendments, exceptions=exceptions)
    decision = _record(
        rulings, actor=actor, case=case, outcome=outcome, ground=case.ground, rationale=rationale, on_appeal=True
    )
    appeal.decision = decision
    appeal.save(update_fields=["decision"])
    notify_decided(f"appeal-decided:{case.pk}", case, decision, rulings, appeal.filed_by.email)
    return decision


def statement_allowed(case: Case) -> bool:
    """Whether the case has entries upheld for good: on appeal, or upheld with the appeal window closed."""
    states = set(case.disputes.values_list("entry__state", flat=True))
    if State.UPHELD_FINAL in states:
        return True
    decision = getattr(case, "decision", None)
    return (
        State.UPHELD in states
        and decision is not None
        and not hasattr(case, "appeal")
        and timezone.localdate() > appeal_closes(decision.decided_at)
    )


@transaction.atomic
def file_statement(*, actor, case_id: int, text: str) -> StandingStatement:
    """The jurisdiction's short statement on entries upheld for good; a rejected one can be rewritten."""
    case = _own_decided_case(actor, case_id)
    if not statement_allowed(case):
        raise Conflict("a standing statement can be filed once the case's entries are upheld for good")
    text = require_text(text, "text", "the statement", maximum=MAX_STATEMENT)
    statement = StandingStatement.objects.select_for_update().filter(case=case).first()
    if statement is not None and statement.status != StandingStatement.Status.REJECTED:
        raise Conflict("this case already has a standing statement")
    statement = statement or StandingStatement(case=case)
    statement.text, statement.status, statement.filed_by, statement.filed_at = (
        text,
        StandingStatement.Status.PENDING,
        actor,
        timezone.now(),
    )
    statement.reviewed_by, statement.reviewed_at, statement.review_note = None, None, ""
    statement.save()
    queue_notification(
        f"statement-filed:{statement.pk}:{statement.filed_at:%Y%m%d%H%M%S}",
        "statement_filed",
        emails_of(reviewers=True) + list(settings.REVIEWER_NOTIFY_EMAILS),
        {"case_id": case.pk, "jurisdiction": str(case.jurisdiction)},
    )
    return statement


@transaction.atomic
def review_statement(*, actor, case_id: int, approve: bool, note: str = "") -> StandingStatement:
    """A reviewer approves a standing statement (it becomes public) or rejects it, saying why (personal data)."""
    reviewer_account(actor)
    statement = StandingStatement.objects.select_for_update().filter(case_id=case_id).first()
    if statement is None:
        raise NotFound("this case has no standing statement")
    if statement.status != StandingStatement.Status.PENDING:
        raise Conflict(f"the statement has already been reviewed ({statement.get_status_display().lower()})")
    if not approve:
        note = require_text(note, "note", "the reason for rejecting it", minimum=5, maximum=1000)
    statement.status = StandingStatement.Status.APPROVED if approve else StandingStatement.Status.REJECTED
    statement.reviewed_by, statement.reviewed_at, statement.review_note = actor, timezone.now(), note.strip()
    statement.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    if approve:
        public_changed()  # the report page shows an approved statement at once
        from ..tasks import publish_statement_task

        enqueue_on_commit(publish_statement_task, statement.pk)
    return statement


def publish_statement(*, statement_id: int) -> list:
    """Publish a revision of each report an approved statement stands beside, once; a second call does nothing."""
    with transaction.atomic():
        statement = (
            StandingStatement.objects.select_for_update().select_related("case__jurisdiction").get(pk=statement_id)
        )
        if statement.published_at or statement.status != StandingStatement.Status.APPROVED:
            return []
        report_ids = sorted(
            set(
                statement.case.disputes.filter(entry__state__in=[State.UPHELD, State.UPHELD_FINAL]).values_list(
                    "entry__report_id", flat=True
                )
            )
        )
        revisions = [
            create_revision(
                report=Report.objects.select_for_update().get(pk=report_id),
                reason=f"Standing statement of {statement.case.jurisdiction} (case {statement.case_id})",
            )
            for report_id in report_ids
        ]
        statement.published_at = timezone.now()
        statement.save(update_fields=["published_at"])
    return revisions


def may_decide_appeal(user, case: Case) -> bool:
    """Whether a user is a senior reviewer other than the one who made the case's first decision."""
    account = account_for(user)
    decision = getattr(case, "decision", None)
    return bool(account and account.is_senior and decision and decision.decided_by_id != user.pk)
