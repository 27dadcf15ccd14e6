"""The sheriff's-office portal's case page: its entries and notes, shared evidence, submission and decision."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from config.errors import ServiceError
from jurisdictions.audit import record_event
from jurisdictions.views.access import sheriff_required

from .. import services
from ..forms import EvidenceForm, SubmitForm
from ..models import Evidence
from ..selectors import case_entries, get_case_for
from .portal import _form_error, evidence_rows


def _render_case(
    request: HttpRequest, case_id: int, *, evidence_form: EvidenceForm | None = None, error: ServiceError | None = None
) -> HttpResponse:
    case = get_case_for(request.user, case_id)
    entries = list(case_entries(case))
    first = min(entries, key=lambda e: e.declined) if entries else None
    decision = getattr(case, "decision", None)
    context = {
        "case": case,
        "entries": entries,
        "evidence": evidence_rows(list(case.evidence.attached()), first if len(entries) == 1 else None, case.ground),
        "deleted": list(case.evidence.filter(deleted_at__isnull=False).select_related("deleted_by")),
        "evidence_form": evidence_form or EvidenceForm(),
        "submit_form": SubmitForm(),
        "decision": decision,
        "notice": getattr(decision, "notice", None) if decision else None,
        "max_files": services.MAX_FILES,
        "error": error,
    }
    return render(request, "portal/case.html", context, status=error.status if error else 200)


@require_GET
@sheriff_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """One case: its entries, evidence and where it stands."""
    return _render_case(request, case_id)


def _act(request: HttpRequest, case_id: int, action, success: str) -> HttpResponse:
    """Run one case service; on success say so and show the case again, else show why."""
    try:
        action()
    except ServiceError as exc:
        return _render_case(request, case_id, error=exc)
    messages.success(request, success)
    return redirect("portal-case", case_id=case_id)


@require_POST
@sheriff_required
def case_evidence(request: HttpRequest, case_id: int) -> HttpResponse:
    """Attach one file to the case; it supports every entry in it."""
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_case(request, case_id, evidence_form=form, error=_form_error(form))
    upload = form.cleaned_data["file"]
    try:
        services.add_case_evidence(
            actor=request.user,
            case_id=case_id,
            data=upload.read(),
            filename=upload.name,
            description=form.cleaned_data["description"],
        )
    except ServiceError as exc:
        return _render_case(request, case_id, evidence_form=form, error=exc)
    record_event(request, "evidence_uploaded", detail=f"case {case_id}: {upload.name}")
    messages.success(request, f"Attached {upload.name}.")
    return redirect("portal-case", case_id=case_id)


@require_POST
@sheriff_required
def case_evidence_delete(request: HttpRequest, case_id: int, evidence_id: int) -> HttpResponse:
    """Detach a file from the case; it is kept for the record."""
    name = Evidence.objects.filter(pk=evidence_id).values_list("original_name", flat=True).first() or "the file"

    def delete() -> None:
        services.delete_evidence(actor=request.user, evidence_id=evidence_id)
        record_event(request, "evidence_deleted", detail=f"case {case_id}: evidence {evidence_id} ({name})")

    return _act(request, case_id, delete, f"Deleted {name} from the case (it is kept for the record).")


@require_POST
@sheriff_required
def case_entry_remove(request: HttpRequest, case_id: int, entry_id: int) -> HttpResponse:
    """Take one entry out of the case; it is listed again and can be disputed later."""
    return _act(
        request,
        case_id,
        lambda: services.remove_entry(actor=request.user, case_id=case_id, entry_id=entry_id),
        "Removed the entry from the case; it is listed as published again.",
    )


@require_POST
@sheriff_required
def case_entry_note(request: HttpRequest, case_id: int, entry_id: int) -> HttpResponse:
    """Save the office's note on one entry of the case."""
    return _act(
        request,
        case_id,
        lambda: services.set_note(
            actor=request.user, case_id=case_id, entry_id=entry_id, note=request.POST.get("note", "")
        ),
        "Saved the note.",
    )


@require_POST
@sheriff_required
def case_submit(request: HttpRequest, case_id: int) -> HttpResponse:
    """Submit the case, with every entry in it, for review."""
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case_id, error=_form_error(form))
    return _act(
        request,
        case_id,
        lambda: services.submit_case(actor=request.user, case_id=case_id, note=form.cleaned_data["note"]),
        "Submitted for review. You will be told of the decision by email.",
    )
