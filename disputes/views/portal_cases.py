"""The sheriff's-office portal's case page: its entries and notes, shared evidence, submission and decision."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from config.errors import ServiceError
from jurisdictions.audit import record_event
from jurisdictions.views.access import form_target, sheriff_required

from .. import services
from ..forms import EvidenceForm, SubmitForm
from ..models import Evidence
from ..selectors import case_entries, get_case_for
from .portal import _form_error, evidence_rows


def render_case(
    request: HttpRequest,
    case_id: int,
    *,
    evidence_form: EvidenceForm | None = None,
    submit_form: SubmitForm | None = None,
    error: ServiceError | None = None,
) -> HttpResponse:
    case = get_case_for(request.user, case_id)
    if error is not None and error.field == "evidence":
        # "Attach evidence first" is answered at the page's file field.
        error = type(error)(error.message, field="file")
    entries = list(case_entries(case))
    first = min(entries, key=lambda e: e.declined) if entries else None
    decision = getattr(case, "decision", None)
    context = {
        "case": case,
        "entries": entries,
        "evidence": evidence_rows(list(case.evidence.attached()), first if len(entries) == 1 else None, case.ground),
        "deleted": list(case.evidence.filter(deleted_at__isnull=False).select_related("deleted_by")),
        "evidence_form": evidence_form or EvidenceForm(),
        "submit_form": submit_form or SubmitForm(),
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
    return render_case(request, case_id)


def _act(request: HttpRequest, case_id: int, action, success: str) -> HttpResponse:
    """Run one case service; on success say so and show the case again, else show why."""
    try:
        action()
    except ServiceError as exc:
        return render_case(request, case_id, error=exc)
    messages.success(request, success)
    return redirect("portal-case", case_id=case_id)


@form_target("portal-case", "case_id")
@sheriff_required
def case_evidence(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case page's form: attach a file (it supports every entry), and with "Submit" submit the case too.

    A file chosen before pressing "Submit" is attached first; if it cannot be, nothing is submitted.
    """
    submitting = request.POST.get("then") == "submit"
    form = EvidenceForm(request.POST, request.FILES, file_required=not submitting)
    submit_form = SubmitForm(request.POST)
    if not (form.is_valid() and submit_form.is_valid()):
        bad = form if form.errors else submit_form
        return render_case(request, case_id, evidence_form=form, submit_form=submit_form, error=_form_error(bad))
    upload = form.cleaned_data["file"]
    try:
        if upload:
            services.add_case_evidence(
                actor=request.user,
                case_id=case_id,
                data=upload.read(),
                filename=upload.name,
                description=form.cleaned_data["description"],
            )
            record_event(request, "evidence_uploaded", detail=f"case {case_id}: {upload.name}")
            messages.success(request, f"Attached {upload.name}.")
        if submitting:
            services.submit_case(actor=request.user, case_id=case_id, note=submit_form.cleaned_data["note"])
            messages.success(request, "Submitted for review. You will be told of the decision by email.")
    except ServiceError as exc:
        return render_case(request, case_id, evidence_form=form, submit_form=submit_form, error=exc)
    return redirect("portal-case", case_id=case_id)


@form_target("portal-case", "case_id")
@sheriff_required
def case_evidence_delete(request: HttpRequest, case_id: int, evidence_id: int) -> HttpResponse:
    """Detach a file from the case; it is kept for the record."""
    name = Evidence.objects.filter(pk=evidence_id).values_list("original_name", flat=True).first() or "the file"

    def delete() -> None:
        services.delete_evidence(actor=request.user, evidence_id=evidence_id)
        record_event(request, "evidence_deleted", detail=f"case {case_id}: evidence {evidence_id} ({name})")

    return _act(request, case_id, delete, f"Deleted {name} from the case (it is kept for the record).")


@form_target("portal-case", "case_id")
@sheriff_required
def case_entry_remove(request: HttpRequest, case_id: int, entry_id: int) -> HttpResponse:
    """Take one entry out of the case; it is listed again and can be disputed later."""
    return _act(
        request,
        case_id,
        lambda: services.remove_entry(actor=request.user, case_id=case_id, entry_id=entry_id),
        "Removed the entry from the case; it is listed as published again.",
    )


@form_target("portal-case", "case_id")
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


@form_target("portal-case", "case_id")
@sheriff_required
def case_submit(request: HttpRequest, case_id: int) -> HttpResponse:
    """Submit the case, with every entry in it, for review."""
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return render_case(request, case_id, error=_form_error(form))
    return _act(
        request,
        case_id,
        lambda: services.submit_case(actor=request.user, case_id=case_id, note=form.cleaned_data["note"]),
        "Submitted for review. You will be told of the decision by email.",
    )
