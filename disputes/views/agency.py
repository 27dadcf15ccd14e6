"""Agency-initiated corrections: a reviewer finds entries across jurisdictions and reports and corrects them."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from config.errors import ServiceError
from jurisdictions.views.access import reviewer_required
from reports.models import ListedDetainer

from .. import services
from ..forms import AgencyCorrectionForm, AgencyFilterForm
from ..models import Correction
from ..selectors import agency_matches
from .portal import _form_error
from .review import confirm_page, exceptions_from

LIMIT = 500  # entries a search shows at most
CORRECTABLE = [ListedDetainer.State.LISTED, ListedDetainer.State.UPHELD]


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
    entries = list(agency_matches(**filters.cleaned_data, limit=LIMIT)) if filters.is_valid() else []
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
