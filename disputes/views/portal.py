"""The sheriff's-office portal: its own entries, disputes, evidence and submissions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from config.errors import InvalidInput, ServiceError
from jurisdictions.views.access import sheriff_required, staff_required
from reports.models import ListedDetainer
from reports.selectors import entries_for_jurisdiction

from .. import services
from ..forms import BulkDisputeForm, DisputeForm, EvidenceForm, SubmitForm
from ..models import Dispute, Evidence
from ..selectors import get_dispute_for, get_entry_for, get_evidence_for, timeline

PAGE_SIZE = 200


def _form_error(form) -> InvalidInput:
    """The first problem a form found, as the 400 the services would raise."""
    for field, errors in form.errors.items():
        if field not in form.fields:
            return InvalidInput(errors[0])
        label = form.fields[field].label or field.replace("_", " ").capitalize()
        return InvalidInput(f"{label}: {errors[0]}", field=field)
    return InvalidInput("the form is not valid")


def evidence_rows(evidence: list[Evidence], entry: ListedDetainer) -> list[dict]:
    """Each evidence file with how its camera date compares with the entry's listed declined date."""
    rows = []
    for item in evidence:
        if item.captured_on is None:
            check, days = "none", None
        else:
            days = (item.captured_on - entry.declined).days
            check = "match" if days == 0 else "differs"
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
    page = Paginator(entries_for_jurisdiction(jurisdiction, state=state or None), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "jurisdiction": jurisdiction,
        "state": state,
        "counts": counts,
        "total": sum(tally.values()),
        "listed_count": tally.get(ListedDetainer.State.LISTED, 0),
        "page": page,
        "form": form or BulkDisputeForm(),
        "selected": set(form.cleaned_data.get("entries", []))
        if form is not None and hasattr(form, "cleaned_data")
        else set(),
        "error": error,
    }
    return render(request, "portal/entries.html", context, status=error.status if error else 200)


@require_GET
@sheriff_required
def entry_list(request: HttpRequest) -> HttpResponse:
    """The jurisdiction's listed entries, filterable by state, with a count per state."""
    return _render_list(request)


@require_POST
@sheriff_required
def bulk_dispute(request: HttpRequest) -> HttpResponse:
    """Dispute several listed entries with one ground and explanation: all of them or none."""
    form = BulkDisputeForm(request.POST)
    if not form.is_valid():
        return _render_list(request, form=form, error=_form_error(form))
    ids = form.cleaned_data["entries"]
    rows = dict(
        entries_for_jurisdiction(request.account.jurisdiction).filter(pk__in=ids).values_list("pk", "row_number")
    )
    try:
        with transaction.atomic():
            for entry_id in ids:
                try:
                    services.file_dispute(
                        actor=request.user,
                        entry_id=entry_id,
                        ground=form.cleaned_data["ground"],
                        explanation=form.cleaned_data["explanation"],
                    )
                except ServiceError as exc:
                    # Name the row that failed; the whole batch rolls back with it.
                    where = f"row {rows[entry_id]}" if entry_id in rows else f"entry {entry_id}"
                    raise type(exc)(f"{where}: {exc.message}; nothing was disputed", field=exc.field) from exc
    except ServiceError as exc:
        return _render_list(request, form=form, error=exc)
    messages.success(
        request,
        f"Disputed {len(ids)} entr{'y' if len(ids) == 1 else 'ies'}. "
        "Attach evidence to each, then submit it for review.",
    )
    return redirect(f"{reverse('portal')}?state={ListedDetainer.State.DISPUTED}")


def _render_entry(
    request: HttpRequest,
    entry: ListedDetainer,
    *,
    dispute_form: DisputeForm | None = None,
    evidence_form: EvidenceForm | None = None,
    error: ServiceError | None = None,
) -> HttpResponse:
    dispute = _dispute_of(entry)
    context = {
        "entry": entry,
        "dispute": dispute,
        "decision": getattr(dispute, "decision", None) if dispute else None,
        "evidence": evidence_rows(list(dispute.evidence.all()), entry) if dispute else [],
        "timeline": timeline(entry),
        "dispute_form": dispute_form or DisputeForm(),
        "evidence_form": evidence_form or EvidenceForm(),
        "submit_form": SubmitForm(),
        "error": error,
    }
    correction = getattr(context["decision"], "correction", None) if context["decision"] else None
    context["correction"] = correction
    context["notice"] = getattr(correction, "notice", None) if correction else None
    return render(request, "portal/entry.html", context, status=error.status if error else 200)


@require_GET
@sheriff_required
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    """One entry: its dispute form, evidence, submission, decision and timeline as it stands."""
    entry = get_entry_for(request.user, entry_id)
    return _render_entry(request, entry)


@require_POST
@sheriff_required
def file_dispute(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Dispute one listed entry."""
    entry = get_entry_for(request.user, entry_id)
    form = DisputeForm(request.POST)
    if not form.is_valid():
        return _render_entry(request, entry, dispute_form=form, error=_form_error(form))
    try:
        services.file_dispute(actor=request.user, entry_id=entry.pk, **form.cleaned_data)
    except ServiceError as exc:
        return _render_entry(request, get_entry_for(request.user, entry_id), dispute_form=form, error=exc)
    messages.success(request, "Dispute filed. Attach your evidence, then submit it for review.")
    return redirect("portal-entry", entry_id=entry.pk)


def _dispute_entry(request: HttpRequest, dispute_id: int) -> ListedDetainer:
    return get_dispute_for(request.user, dispute_id).entry


@require_POST
@sheriff_required
def add_evidence(request: HttpRequest, dispute_id: int) -> HttpResponse:
    """Attach one evidence file to an open dispute."""
    entry = _dispute_entry(request, dispute_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_entry(request, entry, evidence_form=form, error=_form_error(form))
    upload = form.cleaned_data["file"]
    try:
        services.add_evidence(
            actor=request.user,
            dispute_id=dispute_id,
            data=upload.read(),
            filename=upload.name,
            description=form.cleaned_data["description"],
        )
    except ServiceError as exc:
        return _render_entry(request, entry, evidence_form=form, error=exc)
    messages.success(request, f"Attached {upload.name}.")
    return redirect("portal-entry", entry_id=entry.pk)


@require_POST
@sheriff_required
def submit_dispute(request: HttpRequest, dispute_id: int) -> HttpResponse:
    """Send the dispute and its evidence to the agency's reviewers."""
    entry = _dispute_entry(request, dispute_id)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return _render_entry(request, entry, error=_form_error(form))
    try:
        services.submit_dispute(actor=request.user, dispute_id=dispute_id, note=form.cleaned_data["note"])
    except ServiceError as exc:
        return _render_entry(request, get_entry_for(request.user, entry.pk), error=exc)
    messages.success(request, "Submitted for review. You will be told of the decision by email.")
    return redirect("portal-entry", entry_id=entry.pk)


@require_GET
@staff_required
def evidence_file(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """An evidence file, for the disputing jurisdiction's sheriff's office and for reviewers only."""
    evidence = get_evidence_for(request.user, evidence_id)
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=not evidence.is_image,
        filename=evidence.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response
