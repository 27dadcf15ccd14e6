from django.db.models import Prefetch, QuerySet

from config.errors import NotFound

from .models import ListedDetainer, Report, ReportRevision


def public_reports() -> QuerySet[Report]:
    """Every imported report with its revisions, newest period first."""
    return Report.objects.prefetch_related(
        Prefetch("revisions", queryset=ReportRevision.objects.order_by("-number"))
    ).order_by("-period_start")


def get_report(report_id: int) -> Report:
    """One report with its revisions, or NotFound."""
    report = public_reports().filter(pk=report_id).first()
    if report is None:
        raise NotFound("no such report")
    return report


def get_revision(report_id: int, number: int | None = None) -> ReportRevision:
    """A revision of a report by number (latest when number is None), or NotFound."""
    revisions = ReportRevision.objects.select_related("report").filter(report_id=report_id)
    revision = revisions.order_by("-number").first() if number is None else revisions.filter(number=number).first()
    if revision is None:
        raise NotFound("no such revision")
    return revision


def entries_for_jurisdiction(jurisdiction, *, state: str | None = None) -> QuerySet[ListedDetainer]:
    """A jurisdiction's listed entries across reports, with their dispute if any."""
    qs = ListedDetainer.objects.for_jurisdiction(jurisdiction).select_related(
        "report", "facility", "jurisdiction", "dispute"
    )
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-report__period_start", "row_number")


def revision_changes(revision: ReportRevision) -> dict | None:
    """What a revision changed from the one before it; None for a report's first revision."""
    from .diff import diff_content

    previous = (
        ReportRevision.objects.filter(report_id=revision.report_id, number__lt=revision.number)
        .order_by("-number")
        .only("content", "number")
        .first()
    )
    if previous is None:
        return None
    return {"since": previous.number, **diff_content(previous.content, revision.content)}
