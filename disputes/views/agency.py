"""Agency-initiated corrections: a reviewer finds entries across jurisdictions and reports and corrects them."""

from django.contrib import messages
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from config.errors import ServiceError
from jurisdictions.views.access import reviewer_required
from reports.models import ListedDetainer

from .. import services
from ..forms import AgencyCorrectionForm, AgencyFilterForm
from ..models import Correction
from .portal import _form_error
from .review import confirm_page, exceptions_from

LIMIT = 500
CORRECTABLE = [ListedDetainer.State.LISTED, ListedDetainer.State.UPHELD]


def matching_entries(filters: AgencyFilterForm):
    """Entries the filters select, by report and row; the first LIMIT of them."""
    entries = ListedDetainer.objects.select_related("report", "jurisdiction", "facility").order_by(
        "-report__period_start", "row_number"
    )
    if not filters.is_valid():
        return entries.none()
    data = filters.cleaned_data
    if data["report"]:
        entries = entries.filter(report=data["report"])
    if data["jurisdiction"]:
        term = data["jurisdiction"].strip()
        entries = entries.filter(Q(jurisdiction__fips=term) | Q(jurisdiction__name__icontains=term))
    if data["state"]:
        entries = entries.filter(jurisdiction__state__iexact=data["state"].strip())
    if data["declined_from"]:
        entries = entries.filter(declined__gte=data["declined_from"])
    if data["declined_to"]:
        entries = entries.filter(declined__lte=data["declined_to"])
    if data["before_period"]:
        entries = entries.filter(detainer_issued__lt=F("report__period_start"))
    return entries[:LIMIT]


@require_http_methods(["GET", "POST"])
@reviewer_required
def agency_correction(request: HttpRequest) -> HttpResponse:
    """Find entries with filters, select them, and correct them without a dispute (previewed, then confirmed)."""
    filters = AgencyFilterForm(request.GET or None)
    form = AgencyCorrectionForm(request.POST or None, initial={"action": Correction.Action.REMOVE})
    error = None
    step = request.POST.get("step", "preview")
    if request.method == "POST" and step != "edit":
        if not form.is_valid():
            error = _form_error(form)
        else:
            data = form.cleaned_data
            terms = {
                "entries": data["entries"],
                "ground": data["ground"],
                "rationale": data["rationale"],
                "action": data["action"],
                "amendments": form.amendments() if data["action"] == Correction.Action.AMEND else None,
                "exceptions": exceptions_from(request.POST, form, data["entries"]),
            }
            try:
                if step != "confirm":
                    preview = services.preview_agency_correction(actor=request.user, **terms)
                    return confirm_page(
                        request, preview=preview, title="Confirm the agency correction", back=request.get_full_path()
                    )
                decision = services.correct_by_agency(actor=request.user, **terms)
            except ServiceError as exc:
                error = exc
            else:
                messages.success(
                    request,
                    f"Corrected {len(data['entries'])} entries. Notice {decision.notice.number} is issued; "
                    "each affected jurisdiction is emailed.",
                )
                return redirect("review")
    entries = list(matching_entries(filters))
    selected = {int(v) for v in request.POST.getlist("entries") if v.isdigit()}
    context = {
        "filters": filters,
        "form": form,
        "entries": entries,
        "limit": LIMIT,
        "correctable": CORRECTABLE,
        "selected": selected,
        "error": error,
    }
    return render(request, "review/agency.html", context, status=error.status if error else 200)
