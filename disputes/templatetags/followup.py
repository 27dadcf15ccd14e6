"""Template helpers for what follows a decision: appeal and statement panels, dictionary lookups."""

from django import template

from jurisdictions.models import Account
from jurisdictions.selectors import account_for

from ..deadlines import dispute_window_closes
from ..selectors import case_followup

register = template.Library()


@register.filter
def get_item(mapping: dict | None, key):
    """mapping[key], or None."""
    return (mapping or {}).get(key)


@register.filter
def dispute_by(report):
    """The last day entries of a report can be disputed, or None before it is published."""
    return dispute_window_closes(report)


@register.inclusion_tag("review/_followup.html", takes_context=True)
def review_followup(context, case) -> dict:
    """The reviewer's panels on a case: assignment, the appeal and its decision, the standing statement."""
    user = context["request"].user
    account = account_for(user)
    decision = getattr(case, "decision", None)
    reviewers = []
    if account and account.is_senior:
        reviewers = list(
            Account.objects.filter(
                role__in=[Account.Role.REVIEWER, Account.Role.SENIOR_REVIEWER], user__is_active=True
            ).values_list("user__username", flat=True)
        )
    return {
        **case_followup(case),
        "case": case,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "is_senior": bool(account and account.is_senior),
        "first_reviewer": decision is not None and decision.decided_by_id == user.pk,
        "reviewers": sorted(reviewers),
        **_typed(context),
    }


@register.inclusion_tag("portal/_followup.html", takes_context=True)
def portal_followup(context, case) -> dict:
    """The office's panels on a decided case: its appeal and its standing statement."""
    return {**case_followup(case), "case": case, "csrf_token": context.get("csrf_token"), **_typed(context)}


def _typed(context) -> dict:
    """What the user sent with a follow-up form that failed, and why, to show it again."""
    request = context["request"]
    return {"posted": request.POST if request.method == "POST" else {}, "error": context.get("error")}
