"""The sheriff's-office portal: its own entries, disputes, evidence and submissions."""

from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from config.errors import InvalidInput, ServiceError
from jurisdictions.audit import record_event
from jurisdictions.views.access import form_target, sheriff_required, staff_required
from reports.models import ListedDetainer
from reports.selectors import entries_for_jurisdiction

from .. import services
from ..deadlines import dispute_windows
from ..forms import BulkDisputeForm, DisputeForm, EvidenceForm, SubmitForm
from ..listing import entry_listing
from ..models import Dispute, Evidence, Ground
from ..selectors import (
    cases_visible_to,
    get_dispute_for,
    get_entry_for,
    get_evidence_for,
    may_see_dispute,
    open_cases,
    timeline,
)


def _form_error(form) -> InvalidInput:
    """The first problem a form found, as the 400 the services would raise."""
    for field, errors in form.errors.items():
        if field not in form.fields:
            return InvalidInput(errors[0])
        label = form.fields[field].label or field.replace("_", " ").capitalize()
        return InvalidInput(f"{label}: {errors[0]}", field=field)
    return InvalidInput("the form is not valid")


def evidence_rows(evidence: list[Evidence], entry: ListedDetainer | None, ground: str = "") -> list[dict]:
    """Each evidence file with how its camera date compares with the entry's listed declined date."""
    rows = []
    for item in evidence:
        if item.captured_on is None or entry is None:
            check, days = "none", None
        else:
            days = (item.captured_on - entry.declined).days
            check = "match" if days == 0 else "differs"
            # For "declined before the period", a date before the listed decline supports the dispute.
            if ground == Ground.BEFORE_PERIOD and days < 0:
                check = "supports"
        rows.append({"item": item, "check": check, "days": days, "abs_days": abs(days) if days else 0})
    return rows


def _dispute_of(entry: ListedDetainer) -> Dispute | None:
    try:
        return entry.dispute
    except Dispute.DoesNotExist:
        return None


def _render_list(request: HttpRequest, *, form: BulkDisputeForm | None = None, error=None) -> HttpResponse:
    jurisdiction = request.account.jurisdiction
    state = request.GET.get("state", "")
    if state not in ListedDetainer.State.values:
        state = ""
    tally = dict(entries_for_jurisdiction(jurisdiction).order_by().values_list("state").annotate(n=Count("pk")))
    counts = [
        {"state": value, "label": label, "count": tally.get(value, 0)} for value, label in ListedDetainer.State.choices
    ]
    listing = entry_listing(entries_for_jurisdiction(jurisdiction, state=state or None), request.GET)
    page = listing["page"]
    context = {
        "jurisdiction": jurisdiction,
        "state": state,
        "counts": counts,
        "total": sum(tally.values()),
        "listed_count": tally.get(ListedDetainer.State.LISTED, 0),
        **listing,
        "keep": [("state", state)] if state else [],
        "form": form or BulkDisputeForm(),
        "selected": set(form.cleaned_data.get("entries", []))
        if form is not None and hasattr(form, "cleaned_data")
        else set(),
        "open_cases": open_cases(jurisdiction),
        "windows": dispute_windows({e.report_id for e in page}),
        "today": timezone.localdate(),
        "cases": cases_visible_to(request.user).order_by("-filed_at")[:20],
        "error": error,
    }
    return render(request, "portal/entries.html", context, status=error.status if error else 200)


@require_GET
@sheriff_required
def entry_list(request: HttpRequest) -> HttpResponse:
    """The jurisdiction's listed entries, filterable by state, with a count per state."""
    return _render_list(request)


@form_target("portal")
@sheriff_required
def bulk_dispute(request: HttpRequest) -> HttpResponse:
    """Open one case on the selected entries, or add them to an open case: all of them or none."""
    form = BulkDisputeForm(request.POST)
    if not form.is_valid():
        return _render_list(request, form=form, error=_form_error(form))
    data = form.cleaned_data
    try:
        if data["add_to"]:
            case = services.add_entries(actor=request.user, case_id=data["add_to"], entries=data["entries"])
            verb = "Added"
        else:
            case = services.open_case(
                actor=request.user, entries=data["entries"], ground=data["ground"], explanation=data["explanation"]
            )
            verb = f"Opened case {case.pk} with"
    except ServiceError as exc:
        return _render_list(request, form=form, error=exc)
    n = len(data["entries"])
    messages.success(
        request,
        f"{verb} {n} entr{'y' if n == 1 else 'ies'}. "
        "Attach evidence once for the whole case, then submit it for review.",
    )
    return redirect("portal-case", case_id=case.pk)


def _render_entry(
    request: HttpRequest,
    entry: ListedDetainer,
    *,
    dispute_form: DisputeForm | None = None,
    evidence_form: EvidenceForm | None = None,
    error: ServiceError | None = None,
) -> HttpResponse:
    dispute = _dispute_of(entry) if may_see_dispute(request.user, entry) else None
    context = {
        "entry": entry,
        "dispute": dispute,
        "decision": getattr(dispute, "decision", None) if dispute else None,
        "case": dispute.case if dispute else None,
        "evidence": evidence_rows(list(dispute.case.evidence.attached()), entry, dispute.case.ground)
        if dispute
        else [],
        "timeline": timeline(entry) if dispute else [],
        "open_cases": open_cases(request.account.jurisdiction) if entry.state == ListedDetainer.State.LISTED else [],
        "dispute_form": dispute_form or DisputeForm(),
        "evidence_form": evidence_form or EvidenceForm(),
        "submit_form": SubmitForm(),
        "error": error,
    }
    correction = getattr(entry, "correction", None) if context["decision"] else None
    context["correction"] = correction
    context["notice"] = getattr(context["decision"], "notice", None) if correction else None
    return render(request, "portal/entry.html", context, status=error.status if error else 200)


@require_GET
@sheriff_required
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    """One entry: its dispute form, evidence, submission, decision and timeline as it stands."""
    entry = get_entry_for(request.user, entry_id)
    return _render_entry(request, entry)


@form_target("portal-entry", "entry_id")
@sheriff_required
def file_dispute(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Dispute one listed entry."""
    entry = get_entry_for(request.user, entry_id)
    form = DisputeForm(request.POST)
    if not form.is_valid():
        return _render_entry(request, entry, dispute_form=form, error=_form_error(form))
    try:
        data = form.cleaned_data
        if data["add_to"]:
            case = services.add_entries(actor=request.user, case_id=data["add_to"], entries=[entry.pk])
        else:
            case = services.open_case(
                actor=request.user, entries=[entry.pk], ground=data["ground"], explanation=data["explanation"]
            )
    except ServiceError as exc:
        return _render_entry(request, get_entry_for(request.user, entry_id), dispute_form=form, error=exc)
    messages.success(request, f"Row {entry.row_number} is disputed in case {case.pk}. Attach your evidence there.")
    return redirect("portal-case", case_id=case.pk)


@form_target("portal")
@sheriff_required
def add_evidence(request: HttpRequest, dispute_id: int) -> HttpResponse:
    """Attach one evidence file to the case of a dispute."""
    from .portal_cases import case_evidence

    return case_evidence(request, get_dispute_for(request.user, dispute_id).case_id)


@form_target("portal")
@sheriff_required
def submit_dispute(request: HttpRequest, dispute_id: int) -> HttpResponse:
    """Submit the case of a dispute for review."""
    from .portal_cases import case_submit

    return case_submit(request, get_dispute_for(request.user, dispute_id).case_id)


@require_GET
@staff_required
def evidence_file(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """An evidence file, for the disputing jurisdiction's sheriff's office and for reviewers only."""
    evidence = get_evidence_for(request.user, evidence_id)
    record_event(request, "evidence_downloaded", detail=f"case {evidence.case_id}: evidence {evidence.pk}")
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=not evidence.is_image,
        filename=evidence.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response
