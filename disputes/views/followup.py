"""Pages for what follows a decision and for reviewers' workload: appeals, standing statements, claim/assign."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config.errors import ServiceError
from jurisdictions.views.access import form_target, reviewer_required, sheriff_required

from .. import services
from ..evidence import refuse_oversized
from ..selectors import case_entries, case_followup, get_case_for, review_queue, workload


def _review_page(request: HttpRequest, case_id: int, error: ServiceError) -> HttpResponse:
    """The reviewer's case page again, saying what went wrong, with what was typed kept."""
    from .review import render_case

    return render_case(request, case_id, error=error)


@require_GET
@reviewer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The reviewers' workload: open, due this week, overdue, median time to a decision; my cases."""
    mine = [c for c in review_queue() if c.assigned_to_id == request.user.pk]
    return render(request, "review/workload.html", {"load": workload(), "mine": mine})


@form_target("review-case", "case_id")
@reviewer_required
def claim(request: HttpRequest, case_id: int) -> HttpResponse:
    """Take a case awaiting review."""
    try:
        services.claim_case(actor=request.user, case_id=case_id)
    except ServiceError as exc:
        return _review_page(request, case_id, exc)
    messages.success(request, f"Case {case_id} is yours.")
    if request.POST.get("next") == "queue":
        return redirect("review")
    return redirect("review-case", case_id=case_id)


@form_target("review-case", "case_id")
@reviewer_required
def assign(request: HttpRequest, case_id: int) -> HttpResponse:
    """A senior reviewer gives a case to a reviewer."""
    try:
        case = services.assign_case(actor=request.user, case_id=case_id, username=request.POST.get("reviewer", ""))
    except ServiceError as exc:
        return _review_page(request, case_id, exc)
    messages.success(request, f"Case {case_id} is assigned to {case.assigned_to.get_username()}.")
    return redirect("review-case", case_id=case_id)


@form_target("review-case", "case_id")
@reviewer_required
def decide_appeal(request: HttpRequest, case_id: int) -> HttpResponse:
    """A senior reviewer decides an appeal: every appealed entry removed, or upheld for good."""
    outcome = request.POST.get("outcome", "")
    try:
        decision = services.decide_appeal(
            actor=request.user,
            case_id=case_id,
            outcome=outcome,
            action="remove" if outcome == "corrected" else "",
            rationale=request.POST.get("rationale", ""),
        )
    except ServiceError as exc:
        return _review_page(request, case_id, exc)
    notice = getattr(decision, "notice", None)
    messages.success(
        request, f"Appeal decided. Notice {notice.number} is issued." if notice else "Appeal decided: upheld on appeal."
    )
    return redirect("review-case", case_id=case_id)


@form_target("review-case", "case_id")
@reviewer_required
def review_statement(request: HttpRequest, case_id: int) -> HttpResponse:
    """Approve a standing statement (it becomes public) or reject it with a note."""
    approve = request.POST.get("verdict") == "approve"
    try:
        services.review_statement(
            actor=request.user, case_id=case_id, approve=approve, note=request.POST.get("note", "")
        )
    except ServiceError as exc:
        return _review_page(request, case_id, exc)
    messages.success(request, "Statement approved: it is now public." if approve else "Statement rejected.")
    return redirect("review-case", case_id=case_id)


@require_http_methods(["GET", "POST"])
@sheriff_required
def appeal(request: HttpRequest, case_id: int) -> HttpResponse:
    """The appeal form: a statement and new evidence, once, within the appeal window."""
    case = get_case_for(request.user, case_id)
    error = None
    if request.method == "POST":
        uploads = request.FILES.getlist("file")
        try:
            refuse_oversized(uploads)
            services.file_appeal(
                actor=request.user,
                case_id=case_id,
                statement=request.POST.get("statement", ""),
                files=[(u.name, u.read()) for u in uploads],
            )
        except ServiceError as exc:
            error = exc
        else:
            messages.success(request, "Appeal filed. A senior reviewer who did not make the first decision decides it.")
            return redirect("portal-case", case_id=case_id)
    context = {
        "case": case,
        "entries": [e for e in case_entries(case) if e.state == "upheld"],
        "statement": request.POST.get("statement", ""),
        "error": error,
        **case_followup(case),
    }
    return render(request, "portal/appeal.html", context, status=error.status if error else 200)


@form_target("portal-case", "case_id")
@sheriff_required
def statement(request: HttpRequest, case_id: int) -> HttpResponse:
    """File a standing statement; a reviewer checks it before it is public."""
    try:
        services.file_statement(actor=request.user, case_id=case_id, text=request.POST.get("text", ""))
    except ServiceError as exc:
        from .portal_cases import render_case

        return render_case(request, case_id, error=exc)
    messages.success(request, "Statement filed. It is public once a reviewer has checked it for personal data.")
    return redirect("portal-case", case_id=case_id)
