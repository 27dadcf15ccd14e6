from django.db.models import QuerySet

from config.errors import NotFound
from jurisdictions.selectors import account_for
from reports.models import ListedDetainer

from .models import Correction, Dispute, Evidence


def public_corrections() -> QuerySet[Correction]:
    """Every correction with what the public may see of it: notice, decision, revision, report."""
    return Correction.objects.select_related(
        "notice",
        "decision",
        "revision",
        "entry__report",
        "entry__jurisdiction",
        "entry__facility",
        "decision__dispute",
    ).order_by("-created_at", "-pk")


def entries_visible_to(user) -> QuerySet[ListedDetainer]:
    """Entries with dispute detail a user may see: a sheriff their own jurisdiction's, a reviewer all."""
    account = account_for(user)
    qs = ListedDetainer.objects.select_related("report", "jurisdiction", "facility", "dispute")
    if account is None:
        return qs.none()
    if account.is_sheriff:
        return qs.for_jurisdiction(account.jurisdiction_id)
    return qs


def disputes_visible_to(user) -> QuerySet[Dispute]:
    """Disputes a user may see: a sheriff their own jurisdiction's, a reviewer all, anyone else none."""
    account = account_for(user)
    qs = Dispute.objects.select_related(
        "entry__report", "entry__jurisdiction", "entry__facility", "filed_by", "decision", "decision__correction"
    )
    if account is None:
        return qs.none()
    if account.is_sheriff:
        return qs.for_jurisdiction(account.jurisdiction_id)
    return qs


def review_queue() -> QuerySet[Dispute]:
    """Disputes awaiting a reviewer's decision, oldest submission first."""
    return (
        Dispute.objects.awaiting_review()
        .select_related("entry__report", "entry__jurisdiction", "entry__facility")
        .order_by("submitted_at", "pk")
    )


def get_entry_for(user, entry_id: int) -> ListedDetainer:
    """An entry the user may see, or NotFound (other jurisdictions' entries look absent)."""
    entry = entries_visible_to(user).filter(pk=entry_id).first()
    if entry is None:
        raise NotFound("no such entry")
    return entry


def get_dispute_for(user, dispute_id: int) -> Dispute:
    """A dispute the user may see, or NotFound."""
    dispute = disputes_visible_to(user).filter(pk=dispute_id).first()
    if dispute is None:
        raise NotFound("no such dispute")
    return dispute


def get_evidence_for(user, evidence_id: int) -> Evidence:
    """An evidence file the user may download, or NotFound."""
    evidence = Evidence.objects.select_related("dispute").filter(pk=evidence_id).first()
    if evidence is None or not disputes_visible_to(user).filter(pk=evidence.dispute_id).exists():
        raise NotFound("no such evidence")
    return evidence


def timeline(entry: ListedDetainer) -> QuerySet:
    """The transition log of an entry, oldest first."""
    return entry.transitions.select_related("actor").order_by("at", "pk")
