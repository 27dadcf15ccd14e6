"""Reviewers' workload: claiming and assigning cases, and the reminders and escalations the beat schedule sends."""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from config.errors import Conflict, InvalidInput, NotAllowed, NotFound
from jurisdictions.selectors import account_for

from ..deadlines import add_working_days
from ..models import Case, Notification
from .common import emails_of, queue_notification, reviewer_account

log = logging.getLogger(__name__)
DUE_SOON_WORKING_DAYS = 3


def _awaiting_case(case_id: int) -> Case:
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotFound("no such case")
    if case.status != Case.Status.AWAITING_REVIEW:
        raise Conflict("only a case awaiting review can be claimed or assigned")
    return case


@transaction.atomic
def claim_case(*, actor, case_id: int) -> Case:
    """A reviewer takes a case awaiting review (taking it over from whoever had it)."""
    reviewer_account(actor)
    case = _awaiting_case(case_id)
    case.assigned_to = actor
    case.save(update_fields=["assigned_to"])
    log.info("case %s claimed by %s", case.pk, actor)
    return case


@transaction.atomic
def assign_case(*, actor, case_id: int, username: str) -> Case:
    """A senior reviewer gives a case awaiting review to a reviewer."""
    account = reviewer_account(actor)
    if not account.is_senior:
        raise NotAllowed("only a senior reviewer can assign cases to others")
    assignee = get_user_model().objects.filter(username=username, is_active=True).first()
    target = account_for(assignee) if assignee else None
    if target is None or not target.is_reviewer:
        raise InvalidInput(f"{username!r} is not an active reviewer", field="reviewer")
    case = _awaiting_case(case_id)
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to"])
    log.info("case %s assigned to %s by %s", case.pk, assignee, actor)
    if assignee.email:
        queue_notification(
            f"assigned:{case.pk}:{assignee.pk}",
            "case_assigned",
            [assignee.email],
            {"case_id": case.pk, "jurisdiction": str(case.jurisdiction), "due_on": case.due_on.isoformat()},
        )
    return case


def _review_stage(case: Case, today: dt.date) -> str | None:
    """The latest reminder a case awaiting review has reached today."""
    if today > case.due_on:
        return "escalation"
    if today == case.due_on:
        return "due-today"
    if today >= add_working_days(case.due_on, -DUE_SOON_WORKING_DAYS):
        return "due-soon"
    return None


@transaction.atomic
def send_reminders(*, today: dt.date | None = None) -> list[str]:
    """Queue each reminder and escalation reached today, once (keyed); returns the keys queued now."""
    today = today or timezone.localdate()
    waiting = Case.objects.awaiting_review().filter(due_on__isnull=False).select_related("jurisdiction", "assigned_to")
    opened_by = today - dt.timedelta(days=settings.DRAFT_REMINDER_DAYS)
    drafts = Case.objects.open().filter(filed_at__date__lte=opened_by).select_related("jurisdiction", "filed_by")
    reached = [(f"{stage}:{case.pk}", stage, case) for case in waiting if (stage := _review_stage(case, today))]
    reached += [(f"draft:{case.pk}", "draft", case) for case in drafts]
    # Most sweeps find every reminder already queued: read the keys once rather than try each.
    done = set(Notification.objects.filter(key__in=[key for key, _, _ in reached]).values_list("key", flat=True))
    todo = [(key, stage, case) for key, stage, case in reached if key not in done]
    if not todo:
        return []
    reviewers = emails_of(reviewers=True) + list(settings.REVIEWER_NOTIFY_EMAILS)
    seniors = emails_of(seniors=True)
    sent = []
    for key, stage, case in todo:
        context = {"case_id": case.pk, "jurisdiction": str(case.jurisdiction)}
        if stage == "draft":
            recipients = emails_of(jurisdiction_ids=[case.jurisdiction_id]) + [case.filed_by.email]
            context["days"] = settings.DRAFT_REMINDER_DAYS
        else:
            assigned = [case.assigned_to.email] if case.assigned_to_id and case.assigned_to.email else []
            recipients = (assigned or reviewers) + (seniors if stage == "escalation" else [])
            context.update(
                due_on=case.due_on.isoformat(),
                stage=stage,
                assigned_to=case.assigned_to.username if case.assigned_to_id else "",
            )
        if queue_notification(key, f"reminder_{stage.replace('-', '_')}", recipients, context):
            log.info("reminder queued: %s", key)
            sent.append(key)
    return sent
