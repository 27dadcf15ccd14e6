"""The agency reviewer's pages: the queue of submitted disputes and the decision on each."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config.errors import ServiceError
from jurisdictions.views.access import reviewer_required

from .. import services
from ..forms import DecisionForm
from ..models import Correction, Decision, Dispute
from ..selectors import disputes_visible_to, get_dispute_for, review_queue, timeline
from .portal import _form_error, evidence_rows
from .public import changes

RECENT = 20


@require_GET
@reviewer_required
def queue(request: HttpRequest) -> HttpResponse:
    """Disputes awaiting a decision, oldest first, and the latest decided ones."""
    waiting = list(review_queue().prefetch_related("evidence"))
    decided = (
        disputes_visible_to(request.user)
        .decided()
        .select_related("decision__correction__notice")
        .order_by("-decision__decided_at")[:RECENT]
    )
    return render(request, "review/queue.html", {"waiting": waiting, "decided": decided})


def _render_dispute(
    request: HttpRequest, dispute: Dispute, *, form: DecisionForm | None = None, error: ServiceError | None = None
) -> HttpResponse:
    decision = getattr(dispute, "decision", None)
    correction = getattr(decision, "correction", None) if decision else None
    form = form or DecisionForm(initial={"action": Correction.Action.REMOVE})
    context = {
        "dispute": dispute,
        "entry": dispute.entry,
        "evidence": evidence_rows(list(dispute.evidence.all()), dispute.entry),
        "timeline": timeline(dispute.entry),
        "decision": decision,
        "correction": correction,
        "notice": getattr(correction, "notice", None) if correction else None,
        "form": form,
        "amend_open": form.is_bound and any(form.data.get(name) for name in DecisionForm.AMENDMENT_FIELDS),
        "changes": changes(correction) if correction else [],
        "error": error,
    }
    return render(request, "review/dispute.html", context, status=error.status if error else 200)


@require_http_methods(["GET", "POST"])
@reviewer_required
def dispute_detail(request: HttpRequest, dispute_id: int) -> HttpResponse:
    """A dispute with its evidence and timeline; a POST decides it."""
    dispute = get_dispute_for(request.user, dispute_id)
    if request.method == "GET":
        return _render_dispute(request, dispute)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_dispute(request, dispute, form=form, error=_form_error(form))
    data = form.cleaned_data
    try:
        decision = services.decide_dispute(
            actor=request.user,
            dispute_id=dispute.pk,
            outcome=data["outcome"],
            rationale=data["rationale"],
            action=data["action"] if data["outcome"] == Decision.Outcome.CORRECTED else "",
            amendments=form.amendments(),
        )
    except ServiceError as exc:
        return _render_dispute(request, get_dispute_for(request.user, dispute_id), form=form, error=exc)
    if decision.outcome == Decision.Outcome.CORRECTED:
        messages.success(
            request,
            f"Corrected. Notice {decision.correction.notice.number} is issued; the revised report is being published.",
        )
    else:
        messages.success(request, "Upheld. The entry stays as published; the sheriff's office is told why.")
    return redirect("review-dispute", dispute_id=dispute.pk)
