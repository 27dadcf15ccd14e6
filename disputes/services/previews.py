"""What a decision would change, shown to the reviewer before it is recorded: recorded, described, rolled back."""

from django.db import transaction

from reports.models import ListedDetainer, Report, ReportRevision
from reports.services import compute_content

from ..models import Decision, TransitionLog
from .common import entry_snapshot
from .decisions import CORRECTED, UPHELD, correct_by_agency, decide_case


def describe_decision(decision: Decision) -> dict:
    """What a decision changes: every entry's ruling, before and after, and each report's totals before and after."""
    corrections = {c.entry_id: c for c in decision.corrections.all()}
    ids = TransitionLog.objects.filter(decision=decision).values_list("entry_id", flat=True)
    entries = list(
        ListedDetainer.objects.filter(pk__in=ids)
        .select_related("report", "jurisdiction", "facility")
        .order_by("report__period_start", "row_number")
    )
    rows = []
    for entry in entries:
        correction = corrections.get(entry.pk)
        rows.append(
            {
                "entry": entry.pk,
                "report": entry.report_id,
                "row": entry.row_number,
                "outcome": CORRECTED if correction else UPHELD,
                "action": correction.action if correction else "",
                "before": correction.before if correction else entry_snapshot(entry),
                "after": correction.after if correction and correction.action == "amend" else None,
            }
        )
    reports = []
    for report in Report.objects.filter(pk__in={e.report_id for e in entries}).order_by("period_start"):
        current = ReportRevision.objects.filter(report=report).order_by("-number").only("totals", "number").first()
        _, after = compute_content(report)
        reports.append(
            {
                "report": report.pk,
                "label": report.label,
                "revision": current.number if current else None,
                "totals_before": current.totals if current else {},
                "totals_after": after,
            }
        )
    return {
        "corrected": sum(1 for r in rows if r["outcome"] == CORRECTED),
        "upheld": sum(1 for r in rows if r["outcome"] == UPHELD),
        "entries": rows,
        "reports": reports,
    }


def _preview(record, **kwargs) -> dict:
    """Record a decision, describe it, and roll it all back: exactly what confirming would change."""
    with transaction.atomic():
        decision = record(**kwargs)
        preview = describe_decision(decision)
        transaction.set_rollback(True)
    return preview


def preview_case_decision(**kwargs) -> dict:
    """What `decide_case` with these arguments would change, recording nothing."""
    return _preview(decide_case, **kwargs)


def preview_agency_correction(**kwargs) -> dict:
    """What `correct_by_agency` with these arguments would change, recording nothing."""
    return _preview(correct_by_agency, **kwargs)


