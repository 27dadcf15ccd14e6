import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils import timezone

from disputes.models import Correction, CorrectionNotice, Notification
from reports.models import ReportRevision

from .models import FailedTask

LABELS = {
    "publish": "Corrections to publish in a revision",
    "revision_pdf": "Revision PDFs",
    "notice_pdf": "Correction notice PDFs",
    "email": "Emails",
}


@dataclass(frozen=True)
class Pending:
    kind: str
    count: int
    oldest: dt.datetime | None

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def oldest_age(self) -> float:
        """Seconds since the oldest undone item was created (0 when there is none)."""
        return max(0.0, (timezone.now() - self.oldest).total_seconds()) if self.oldest else 0.0


def pending_work() -> list[Pending]:
    """Side effects not yet done, by kind, with the creation time of the oldest."""
    kinds = [
        ("publish", Correction.objects.filter(revision__isnull=True), "created_at"),
        ("revision_pdf", ReportRevision.objects.filter(pdf=""), "generated_at"),
        (
            "notice_pdf",
            CorrectionNotice.objects.filter(pdf="").exclude(decision__corrections__revision__isnull=True),
            "issued_at",
        ),
        ("email", Notification.objects.filter(sent_at__isnull=True), "created_at"),
    ]
    result = []
    for kind, queryset, created in kinds:
        row = queryset.aggregate(count=Count("pk"), oldest=Min(created))
        result.append(Pending(kind=kind, count=row["count"], oldest=row["oldest"]))
    return result


def unresolved_failures():
    """Tasks that failed after every retry and are still waiting for an operator."""
    return FailedTask.objects.unresolved()
