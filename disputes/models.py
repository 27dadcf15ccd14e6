from django.conf import settings
from django.db import models

from reports.models import ListedDetainer


class Ground(models.TextChoices):
    """Why a jurisdiction says an entry is wrong, drawn from errors seen in published reports."""

    HANDED_TO_ICE = "handed_to_ice", "Handed to ICE at release (detainer honored)"
    TRANSFERRED = "transferred", "Transferred and released elsewhere"
    NOT_RECEIVED = "not_received", "Detainer never received / issued to the wrong place"
    SIMILAR_NAME = "similar_name", "Confused with a similarly named jurisdiction"
    BEFORE_PERIOD = "before_period", "Declined before the reporting period / batch re-processing"
    DUPLICATE = "duplicate", "Duplicate of another entry"
    OTHER = "other", "Other"


class DisputeQuerySet(models.QuerySet):
    def awaiting_review(self) -> "DisputeQuerySet":
        return self.filter(entry__state=ListedDetainer.State.EVIDENCE_SUBMITTED)

    def decided(self) -> "DisputeQuerySet":
        return self.filter(entry__state__in=[ListedDetainer.State.CORRECTED, ListedDetainer.State.UPHELD])

    def for_jurisdiction(self, jurisdiction) -> "DisputeQuerySet":
        """Disputes a jurisdiction filed (an amendment may since have moved the entry elsewhere)."""
        return self.filter(jurisdiction=jurisdiction)


class Dispute(models.Model):
    """A jurisdiction's challenge to one listed declined detainer."""

    entry = models.OneToOneField(ListedDetainer, on_delete=models.PROTECT, related_name="dispute")
    # The filing jurisdiction: it keeps the dispute even if a correction moves the entry.
    jurisdiction = models.ForeignKey("jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="disputes")
    ground = models.CharField(max_length=20, choices=Ground.choices)
    explanation = models.TextField()
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"Dispute #{self.pk} on {self.entry}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    # Name by content hash so the stored name says nothing about the person in it.
    ext = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}[instance.content_type]
    return f"evidence/{instance.dispute_id}/{instance.sha256}.{ext}"


def private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class Evidence(models.Model):
    """A file the jurisdiction attached to its dispute, stored privately."""

    class Kind(models.TextChoices):
        JPEG = "image/jpeg", "JPEG photo"
        PNG = "image/png", "PNG image"
        PDF = "application/pdf", "PDF document"

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, storage=private_storage)
    original_name = models.CharField(max_length=255)
    description = models.CharField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=40, choices=Kind.choices)
    # The camera's own clock, as recorded in EXIF (wall time, with its offset when the camera wrote one).
    captured_at = models.CharField(max_length=40, blank=True)
    captured_on = models.DateField(null=True, blank=True)
    camera = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(fields=["dispute", "sha256"], name="uniq_evidence_per_dispute"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Decision(models.Model):
    """A reviewer's ruling on a dispute."""

    class Outcome(models.TextChoices):
        CORRECTED = "corrected", "Corrected"
        UPHELD = "upheld", "Upheld"

    dispute = models.OneToOneField(Dispute, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    rationale = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)


class Correction(models.Model):
    """What a corrected decision changed: the entry removed, or amended (before and after kept)."""

    class Action(models.TextChoices):
        REMOVE = "remove", "Removed from the report"
        AMEND = "amend", "Amended"

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="correction")
    entry = models.OneToOneField(ListedDetainer, on_delete=models.PROTECT, related_name="correction")
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    # The report revision that first published this correction; set by the revision task.
    revision = models.ForeignKey(
        "reports.ReportRevision", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Correction of {self.entry}"


class CorrectionNotice(models.Model):
    """The numbered public notice of a correction; its PDF is rendered by a task."""

    correction = models.OneToOneField(Correction, on_delete=models.PROTECT, related_name="notice")
    number = models.CharField(max_length=20, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    pdf = models.FileField(upload_to="notices/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return self.number


class Counter(models.Model):
    """A named sequence, incremented under a row lock so numbers never repeat or skip."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.PositiveIntegerField(default=0)


TRANSITION_LABELS = {
    "open_dispute": "Dispute filed",
    "submit_evidence": "Evidence submitted for review",
    "correct": "Corrected",
    "uphold": "Upheld",
}


class TransitionLog(models.Model):
    """One row per state change of a listed detainer: who, when, from, to, why."""

    entry = models.ForeignKey(ListedDetainer, on_delete=models.PROTECT, related_name="transitions")
    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, null=True, blank=True, related_name="transitions")
    transition = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=ListedDetainer.State.choices)
    to_state = models.CharField(max_length=20, choices=ListedDetainer.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "pk"]

    @property
    def label(self) -> str:
        return TRANSITION_LABELS.get(self.transition, self.transition)


class Notification(models.Model):
    """An email to send once; the key makes queueing it twice a no-op."""

    key = models.CharField(max_length=100, unique=True)
    template = models.CharField(max_length=100)
    recipients = models.JSONField(default=list)
    context = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
