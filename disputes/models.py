from django.conf import settings
from django.db import models
from django.utils import timezone

from reports.models import ListedDetainer


class Ground(models.TextChoices):
    """Why a jurisdiction says an entry is wrong, drawn from errors seen in published reports."""

    HANDED_TO_ICE = "handed_to_ice", "Handed to ICE at release (detainer honored)"
    TRANSFERRED = "transferred", "Transferred and released elsewhere"
    NOT_RECEIVED = "not_received", "Detainer never received / issued to the wrong place"
    SIMILAR_NAME = "similar_name", "Confused with a similarly named jurisdiction"
    BEFORE_PERIOD = "before_period", "Declined before the reporting period / batch re-processing"
    DUPLICATE = "duplicate", "Duplicate of another entry"
    DATA_ERROR = "data_error", "Data processing error"
    WRONG_JURISDICTION = "wrong_jurisdiction", "Listed against the wrong jurisdiction"
    OTHER = "other", "Other"


class CaseQuerySet(models.QuerySet):
    def open(self) -> "CaseQuerySet":
        """Cases the office is still putting together (not yet submitted)."""
        return self.filter(submitted_at__isnull=True)

    def awaiting_review(self) -> "CaseQuerySet":
        return self.filter(submitted_at__isnull=False, decision__isnull=True)

    def decided(self) -> "CaseQuerySet":
        return self.filter(decision__isnull=False)

    def for_jurisdiction(self, jurisdiction) -> "CaseQuerySet":
        """Cases a jurisdiction filed (an amendment may since have moved some entries elsewhere)."""
        return self.filter(jurisdiction=jurisdiction)


class Case(models.Model):
    """A sheriff's office's dispute of one or more entries of its own jurisdiction, with shared evidence."""

    class Status(models.TextChoices):
        OPEN = "open", "Open: not yet submitted"
        AWAITING_REVIEW = "awaiting_review", "Awaiting review"
        DECIDED = "decided", "Decided"

    jurisdiction = models.ForeignKey("jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="cases")
    ground = models.CharField(max_length=20, choices=Ground.choices)
    explanation = models.TextField()
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The last working day for a decision, fixed when the case is submitted (see disputes.deadlines).
    due_on = models.DateField(null=True, blank=True, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_cases"
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at", "-pk"]

    def __str__(self) -> str:
        return f"Case {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None

    @property
    def status(self) -> str:
        if self.submitted_at is None:
            return self.Status.OPEN
        return self.Status.DECIDED if hasattr(self, "decision") else self.Status.AWAITING_REVIEW

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label

    @property
    def is_overdue(self) -> bool:
        """Awaiting review past its due date."""
        late = self.due_on is not None and self.due_on < timezone.localdate()
        return late and self.status == self.Status.AWAITING_REVIEW


class DisputeQuerySet(models.QuerySet):
    def awaiting_review(self) -> "DisputeQuerySet":
        return self.filter(entry__state=ListedDetainer.State.EVIDENCE_SUBMITTED)

    def decided(self) -> "DisputeQuerySet":
        return self.filter(entry__state__in=[ListedDetainer.State.CORRECTED, ListedDetainer.State.UPHELD])

    def for_jurisdiction(self, jurisdiction) -> "DisputeQuerySet":
        """Disputes a jurisdiction filed (an amendment may since have moved the entry elsewhere)."""
        return self.filter(jurisdiction=jurisdiction)


class Dispute(models.Model):
    """One entry's place in a case: the ground, explanation and evidence are the case's; the note is its own."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disputes")
    entry = models.OneToOneField(ListedDetainer, on_delete=models.PROTECT, related_name="dispute")
    # The filing jurisdiction: it keeps the dispute even if a correction moves the entry.
    jurisdiction = models.ForeignKey("jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="disputes")
    note = models.TextField(blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at", "-pk"]

    def __str__(self) -> str:
        return f"Dispute #{self.pk} on {self.entry}"

    @property
    def ground(self) -> str:
        return self.case.ground

    def get_ground_display(self) -> str:
        return self.case.get_ground_display()

    @property
    def explanation(self) -> str:
        return self.case.explanation

    @property
    def submitted_at(self):
        return self.case.submitted_at

    @property
    def decision(self) -> "Decision":
        return self.case.decision

    @property
    def evidence(self):
        return self.case.evidence.attached()


def evidence_path(instance: "Evidence", filename: str) -> str:
    # Name by content hash so the stored name says nothing about the person in it.
    ext = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}[instance.content_type]
    return f"evidence/case-{instance.case_id}/{instance.sha256}.{ext}"


def private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class EvidenceQuerySet(models.QuerySet):
    def attached(self) -> "EvidenceQuerySet":
        """Files still supporting their case (a deleted one is kept for the record, detached)."""
        return self.filter(deleted_at__isnull=True)


class Evidence(models.Model):
    """A file the jurisdiction attached to its case, stored privately; one file can support every entry."""

    class Kind(models.TextChoices):
        JPEG = "image/jpeg", "JPEG photo"
        PNG = "image/png", "PNG image"
        PDF = "application/pdf", "PDF document"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    # Set for the new evidence filed with the case's appeal.
    appeal = models.ForeignKey("Appeal", on_delete=models.PROTECT, null=True, blank=True, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=255)
    description = models.CharField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=40, choices=Kind.choices)
    # The camera's own clock, as recorded in EXIF (wall time, with its offset when the camera wrote one).
    captured_at = models.CharField(max_length=40, blank=True)
    captured_on = models.DateField(null=True, blank=True)
    camera = models.CharField(max_length=200, blank=True)
    # What the file's metadata carries, shown to reviewers; the location itself is never read out or published.
    software = models.CharField(max_length=200, blank=True)
    gps_present = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "sha256"], condition=models.Q(deleted_at__isnull=True), name="uniq_evidence_per_case"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Decision(models.Model):
    """A reviewer's ruling: on a whole case, or an agency-initiated correction with no case."""

    class Outcome(models.TextChoices):
        CORRECTED = "corrected", "Corrected"
        UPHELD = "upheld", "Upheld"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="decision")
    # The outcome chosen for the case as a whole; per-entry exceptions show in each entry's state.
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    ground = models.CharField(max_length=20, choices=Ground.choices)
    rationale = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"Decision {self.pk}"

    @property
    def agency_initiated(self) -> bool:
        return self.case_id is None and not hasattr(self, "appeal")


class Correction(models.Model):
    """What a decision changed in one entry: removed, or amended (before and after kept)."""

    class Action(models.TextChoices):
        REMOVE = "remove", "Removed from the report"
        AMEND = "amend", "Amended"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="corrections")
    entry = models.OneToOneField(ListedDetainer, on_delete=models.PROTECT, related_name="correction")
    action = models.CharField(max_length=10, choices=Action.choices)
    ground = models.CharField(max_length=20, choices=Ground.choices)
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

    @property
    def notice(self) -> "CorrectionNotice":
        return self.decision.notice


class CorrectionNotice(models.Model):
    """The numbered public notice of a decision that corrected entries; its PDF is rendered by a task."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="notice")
    number = models.CharField(max_length=20, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    pdf = models.FileField(upload_to="notices/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    # Frozen once every correction of the decision is published (disputes.selectors.summary_facts): what a list
    # of notices says of it (count, jurisdictions, reports, revisions), read without its corrections.
    summary = models.JSONField(null=True, blank=True, editable=False)
    # The reports whose entries it corrected, written with it: a report page finds its notices here, not by
    # reading every correction of the report.
    reports = models.ManyToManyField("reports.Report", related_name="notices", blank=True, editable=False)

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
    "withdraw": "Withdrawn from the case",
    "submit_evidence": "Evidence submitted for review",
    "correct": "Corrected",
    "uphold": "Upheld",
    "correct_by_agency": "Corrected by the agency",
    "appeal": "Appealed",
    "correct_on_appeal": "Corrected on appeal",
    "uphold_on_appeal": "Upheld on appeal",
}


class TransitionLog(models.Model):
    """One row per state change of a listed detainer: who, when, from, to, why."""

    entry = models.ForeignKey(ListedDetainer, on_delete=models.PROTECT, related_name="transitions")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="transitions")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    transition = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=ListedDetainer.State.choices)
    to_state = models.CharField(max_length=20, choices=ListedDetainer.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The actor's username as it was: renaming the account later does not rewrite history.
    actor_name = models.CharField(max_length=150, blank=True)
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


class Appeal(models.Model):
    """A jurisdiction's one appeal of a case's upheld entries, decided by a senior reviewer."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="appeal")
    statement = models.TextField()
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)
    # The senior reviewer's decision; it names no case (the case keeps its first decision).
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="appeal"
    )

    def __str__(self) -> str:
        return f"Appeal of case {self.case_id}"


class StandingStatement(models.Model):
    """A jurisdiction's short public statement on entries upheld for good; public once a reviewer approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting a reviewer's check"
        APPROVED = "approved", "Approved: public"
        REJECTED = "rejected", "Rejected"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="statement")
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    # Set once the reports it stands beside have a revision carrying it (and so a PDF).
    published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Statement on case {self.case_id}"
