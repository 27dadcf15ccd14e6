"""The agency reviewer's pages: the queue of cases, and one decision per case, confirmed before it is recorded."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config.errors import ServiceError
from jurisdictions.views.access import reviewer_required

from .. import services
from ..forms import DecisionForm
from ..listing import case_listing
from ..models import Correction, Decision
from ..selectors import case_entries, cases_visible_to, get_case_for, get_dispute_for, review_queue
from .portal import _form_error, evidence_rows
from .public import notice_rows

RECENT = 20
EXCEPTION_CHOICES = [
    ("", "As decided above"),
    ("upheld", "Upheld"),
    ("remove", "Remove"),
    ("amend", "Amend (fields above)"),
]


@require_GET
@reviewer_required
def queue(request: HttpRequest) -> HttpResponse:
    """Cases awaiting a decision, earliest due first, and the latest decided ones."""
    decided = cases_visible_to(request.user).decided().order_by("-decision__decided_at")[:RECENT]
    waiting = review_queue()
    listing = case_listing(waiting, request.GET)
    context = {
        **listing,
        "waiting": listing["page"],
        "waiting_count": waiting.count(),
        "decided": decided,
        "review_days": settings.REVIEW_WORKING_DAYS,
    }
    return render(request, "review/queue.html", context)


@require_GET
@reviewer_required
def dispute_detail(request: HttpRequest, dispute_id: int) -> HttpResponse:
    """A dispute is decided as part of its case."""
    return redirect("review-case", case_id=get_dispute_for(request.user, dispute_id).case_id)


def exceptions_from(post, form: DecisionForm, entry_ids) -> list[dict]:
    """Per-entry exceptions chosen on the form, as the services take them."""
    exceptions = []
    for entry_id in entry_ids:
        choice = post.get(f"exception-{entry_id}", "")
        if choice == "upheld":
            exceptions.append({"entry": entry_id, "outcome": Decision.Outcome.UPHELD})
        elif choice in Correction.Action.values:
            amendments = form.amendments() if choice == Correction.Action.AMEND else None
            exceptions.append(
                {"entry": entry_id, "outcome": Decision.Outcome.CORRECTED, "action": choice, "amendments": amendments}
            )
    return exceptions


def decision_terms(post, form: DecisionForm, entry_ids) -> dict:
    """The decision a bound, valid form describes: the case-wide ruling and its exceptions."""
    data = form.cleaned_data
    corrected = data["outcome"] == Decision.Outcome.CORRECTED
    return {
        "outcome": data["outcome"],
        "rationale": data["rationale"],
        "action": data["action"] if corrected else "",
        # "Upheld" ignores the correction-only fields, whatever is still filled in.
        "amendments": form.amendments() if corrected and data["action"] == Correction.Action.AMEND else None,
        "exceptions": exceptions_from(post, form, entry_ids),
    }


def carried(post) -> list[tuple[str, str]]:
    """The submitted fields, to carry through the confirmation step unchanged."""
    return [(k, v) for k in post for v in post.getlist(k) if k not in ("csrfmiddlewaretoken", "step")]


def render_case(
    request: HttpRequest, case_id: int, *, form: DecisionForm | None = None, error: ServiceError | None = None
) -> HttpResponse:
    case = get_case_for(request.user, case_id)
    entries = list(case_entries(case))
    for entry in entries:  # the exception chosen for each entry, kept when the form comes back
        entry.exception = request.POST.get(f"exception-{entry.pk}", "")
    decision = getattr(case, "decision", None)
    form = form or DecisionForm(initial={"action": Correction.Action.REMOVE})
    context = {
        "case": case,
        "entries": entries,
        "choices": EXCEPTION_CHOICES,
        "evidence": evidence_rows(
            list(case.evidence.attached()), entries[0] if len(entries) == 1 else None, case.ground
        ),
        "decision": decision,
        "notice": notice_rows([decision.notice])[0] if decision and hasattr(decision, "notice") else None,
        "form": form,
        "amend_open": form.is_bound and any(form.data.get(name) for name in DecisionForm.AMENDMENT_FIELDS),
        "error": error,
    }
    return render(request, "review/case.html", context, status=error.status if error else 200)


def confirm_page(request: HttpRequest, *, preview: dict, title: str, back: str) -> HttpResponse:
    """The confirmation step: exactly what the decision would change, and the button that records it."""
    return render(
        request,
        "review/confirm.html",
        {"preview": preview, "carried": carried(request.POST), "title": title, "back": back},
    )


@require_http_methods(["GET", "POST"])
@reviewer_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """A case with its entries and evidence; a POST previews a decision, and a confirmed one records it."""
    if request.method == "GET":
        return render_case(request, case_id)
    form = DecisionForm(request.POST)
    step = request.POST.get("step", "preview")
    if step == "edit" or not form.is_valid():
        return render_case(request, case_id, form=form, error=None if step == "edit" else _form_error(form))
    case = get_case_for(request.user, case_id)
    terms = decision_terms(request.POST, form, [e.pk for e in case_entries(case)])
    try:
        if step != "confirm":
            preview = services.preview_case_decision(actor=request.user, case_id=case_id, **terms)
            return confirm_page(request, preview=preview, title=f"Confirm the decision on case {case_id}", back="")
        decision = services.decide_case(actor=request.user, case_id=case_id, **terms)
    except ServiceError as exc:
        return render_case(request, case_id, form=form, error=exc)
    notice = getattr(decision, "notice", None)
    if notice:
        messages.success(request, f"Decided. Notice {notice.number} is issued; the revised report is being published.")
    else:
        messages.success(request, "Upheld. The entries stay as published; the sheriff's office is told why.")
    return redirect("review-case", case_id=case_id)


@require_GET
@reviewer_required
def security_log(request: HttpRequest) -> HttpResponse:
    """The latest security events: failed and locked sign-ins, denied actions, evidence access, API tokens."""
    from jurisdictions.models import SecurityEvent
    from jurisdictions.selectors import security_events

    kind = request.GET.get("kind", "")
    context = {"events": security_events(kind, limit=200), "kinds": SecurityEvent.Kind.choices, "kind": kind}
    return render(request, "review/security.html", context)
