"""The reviewer's pages for drafts: the drafts waiting, one draft with its findings, publish or discard."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config.errors import InvalidInput, NotFound, ServiceError
from jurisdictions.views.access import reviewer_required

from .. import services
from ..models import Report
from ..opendata import csv_response, findings_table
from ..selectors import FINDINGS_SHOWN_PER_KIND, draft_reports, findings_by_kind, findings_of

ROWS_SHOWN = 40


@require_GET
@reviewer_required
def draft_list(request: HttpRequest) -> HttpResponse:
    """Drafts waiting for publication, with how many findings are still open."""
    return render(request, "review/drafts.html", {"drafts": draft_reports()})


def _draft(report_id: int) -> Report:
    report = Report.objects.drafts().filter(pk=report_id).first()
    if report is None:
        raise NotFound("no such draft (it may have been published or discarded)")
    return report


def _finding_groups(request: HttpRequest, findings: list) -> list[dict]:
    """The findings by kind, most severe kind first: each kind's open count, note, and the findings listed.

    Only FINDINGS_SHOWN_PER_KIND of a kind are listed, each with its own note; the kind's one note covers the rest
    (the findings CSV lists them). So the page, and the form it posts, stay the same size whether a kind has 3
    findings or 3,000: Django refuses a form of more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields.
    """
    posted = request.POST if request.method == "POST" else {}
    return [
        {
            "kind": kind,
            "label": items[0].get_kind_display(),
            "count": len(items),
            "open": sum(1 for f in items if not f.acknowledged_at),
            "note": posted.get(f"ack-kind-{kind}", ""),
            "shown": items[:FINDINGS_SHOWN_PER_KIND],
            "more": max(0, len(items) - FINDINGS_SHOWN_PER_KIND),
        }
        for kind, items in findings_by_kind(findings).items()
    ]


def _render_draft(request: HttpRequest, report: Report, *, error: ServiceError | None = None) -> HttpResponse:
    findings = list(findings_of(report))
    groups = _finding_groups(request, findings)
    shown = [f for group in groups for f in group["shown"]]
    wanted = {r for f in shown for r in f.rows[:ROWS_SHOWN]}
    rows = {
        e.row_number: e for e in report.entries.filter(row_number__in=wanted).select_related("jurisdiction", "facility")
    }
    for finding in shown:
        finding.entries = [rows[r] for r in finding.rows[:ROWS_SHOWN] if r in rows]
        finding.more = max(0, len(finding.rows) - ROWS_SHOWN)
        finding.note = request.POST.get(f"ack-{finding.pk}", "") if request.method == "POST" else ""
    context = {
        "report": report,
        "findings": findings,
        "groups": groups,
        "open": sum(1 for f in findings if not f.acknowledged_at),
        "counts": {
            "section_i": report.issued_counts.count(),
            "section_ii": report.entries.count(),
            "section_iii": report.policies.count(),
        },
        "section_i": report.issued_counts.select_related("jurisdiction").order_by(
            "-detainers_issued", "jurisdiction__state", "jurisdiction__name"
        )[: services.SECTION_I_SIZE],
        "log": report.log.select_related("actor"),
        "error": error,
    }
    return render(request, "review/draft.html", context, status=error.status if error else 200)


@require_http_methods(["GET", "POST"])
@reviewer_required
def draft_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """A draft with its findings; a POST acknowledges findings, publishes or discards it."""
    report = _draft(report_id)
    if request.method == "GET":
        return _render_draft(request, report)
    action = request.POST.get("action")
    # Notes typed for open findings, one by one (ack-<id>) and for every open finding of a kind (ack-kind-<kind>).
    posted = {name: value.strip() for name, value in request.POST.items() if value.strip()}
    open_findings = list(report.findings.filter(acknowledged_at__isnull=True).values_list("pk", "kind"))
    notes = {pk: posted[f"ack-{pk}"] for pk, _ in open_findings if f"ack-{pk}" in posted}
    kinds = {kind: posted[f"ack-kind-{kind}"] for _, kind in open_findings if f"ack-kind-{kind}" in posted}
    try:
        if action == "publish":
            revision = services.publish_report(
                actor=request.user, report_id=report.pk, acknowledgements=notes, kind_acknowledgements=kinds
            )
            messages.success(request, f"Published as revision {revision.number}; the named jurisdictions are told.")
            return redirect("report", report_id=report.pk)
        if action == "discard":
            services.discard_report(actor=request.user, report_id=report.pk)
            messages.success(request, f"The draft of {report.label} was discarded.")
            return redirect("drafts")
        if action != "acknowledge":
            raise InvalidInput("choose acknowledge, publish or discard")
        done = services.acknowledge_findings(actor=request.user, report_id=report.pk, notes=notes, kinds=kinds)
    except ServiceError as exc:
        return _render_draft(request, _draft(report_id), error=exc)
    messages.success(request, f"{done} finding{'' if done == 1 else 's'} acknowledged.")
    return redirect("draft", report_id=report.pk)


@require_GET
@reviewer_required
def findings_csv(request: HttpRequest, report_id: int) -> HttpResponse:
    """A report's findings as CSV (drafts and published reports alike)."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        raise NotFound("no such report")
    header, rows = findings_table(findings_of(report))
    return csv_response(f"ddor-{report.period_start:%Y-%m-%d}-findings.csv", header, rows)
