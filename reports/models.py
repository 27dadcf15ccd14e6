from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from jurisdictions.models import Facility, Jurisdiction


class ReportQuerySet(models.QuerySet):
    def published(self) -> "ReportQuerySet":
        """Reports a reviewer has published; drafts are seen by reviewers only."""
        return self.filter(status=Report.Status.PUBLISHED)

    def drafts(self) -> "ReportQuerySet":
        return self.filter(status=Report.Status.DRAFT)


class Report(models.Model):
    """One weekly Declined Detainer Outcome Report, e.g. 2017-01-28 to 2017-02-03."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # How many of its entries stand out of "listed", corrected and upheld now (reports.entry_counts keeps them).
    entries_disputed = models.IntegerField(default=0)
    entries_corrected = models.IntegerField(default=0)
    entries_upheld = models.IntegerField(default=0)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["period_start", "period_end"], name="uniq_report_period"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="report_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"DDOR {self.period_start:%Y-%m-%d} to {self.period_end:%Y-%m-%d}"

    @property
    def label(self) -> str:
        return f"{self.period_start:%b %-d, %Y} – {self.period_end:%b %-d, %Y}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class IssuedCount(models.Model):
    """Section I source row: detainers issued to a jurisdiction during the period, as published."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="issued_counts")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    detainers_issued = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "jurisdiction"], name="uniq_issued_count"),
        ]


class PolicyListing(models.Model):
    """Section III row: a jurisdiction with a policy limiting cooperation."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="policies")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    policy = models.TextField()

    class Meta:
        ordering = ["jurisdiction__state", "jurisdiction__name"]
        constraints = [
            models.UniqueConstraint(fields=["report", "jurisdiction"], name="uniq_policy_listing"),
        ]


class ReportRevision(models.Model):
    """An immutable published version of a report: its content is frozen when it is generated."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    generated_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    totals = models.JSONField(default=dict)
    # The headline totals again as columns, so lists read them without any JSON.
    declined = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    amended = models.PositiveIntegerField(default=0)
    jurisdictions_declining = models.PositiveIntegerField(default=0)
    issued_top = models.PositiveIntegerField(default=0)
    policies = models.PositiveIntegerField(default=0)
    # Sections I and III as frozen; Section II rows are RevisionRows, shared with the revisions around it.
    sections = models.JSONField(default=dict)
    # What Section II lists, frozen with it so a page of it never reads every row: {"choices": [[fips, name,
    # state, facility], ...] (each once, for the page's filter), "gaps": [row numbers it leaves out]}.
    section_ii_index = models.JSONField(default=dict)
    # What it changed from the revision before it (reports.selectors.revision_changes), frozen with it; None
    # when there is nothing to say (a report's first revision that drops no jurisdiction of the week before).
    changes = models.JSONField(null=True, blank=True)
    pdf = models.FileField(upload_to="revisions/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["report", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="uniq_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.report} rev. {self.number}"

    # Only the rendered PDF may be added after a revision is written.
    RENDER_FIELDS = frozenset({"pdf", "pdf_sha256"})

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if self.pk and not self._state.adding and (update_fields is None or set(update_fields) - self.RENDER_FIELDS):
            raise ValueError("a published report revision cannot be changed")
        super().save(*args, **kwargs)

    # The frozen JSON only a revision's own page reads; lists of revisions defer it.
    PAGE_FIELDS = ("sections", "section_ii_index", "changes")

    TOTAL_COLUMNS = ("declined", "removed", "amended", "jurisdictions_declining", "issued_top", "policies")

    @property
    def headline_totals(self) -> dict:
        """The totals a list shows, from the columns (no JSON read)."""
        return {name: getattr(self, name) for name in self.TOTAL_COLUMNS}

    @cached_property
    def content(self) -> dict:
        """Sections I–III exactly as frozen when the revision was generated."""
        from .frozen import frozen_content

        return frozen_content(self)


class RevisionRow(models.Model):
    """A Section II row as frozen in consecutive revisions of a report: those numbered `since` to before `until`.

    A correction changes a few rows, so each revision adds only the rows it changed; the others are shared.
    """

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="+")
    row = models.PositiveIntegerField()
    entry_id = models.BigIntegerField()
    since = models.PositiveIntegerField(help_text="First revision number showing the row so")
    until = models.PositiveIntegerField(null=True, blank=True, help_text="First revision no longer showing it")
    data = models.JSONField()

    class Meta:
        ordering = ["report", "row"]
        indexes = [models.Index(fields=["report", "row"], name="revision_row_order")]
        constraints = [
            models.UniqueConstraint(fields=["report", "entry_id", "since"], name="uniq_revision_row"),
        ]


class ListedDetainerQuerySet(models.QuerySet):
    def for_jurisdiction(self, jurisdiction: Jurisdiction | int) -> "ListedDetainerQuerySet":
        """Entries listed against a jurisdiction, and any it disputed that a correction moved elsewhere."""
        return self.filter(models.Q(jurisdiction=jurisdiction) | models.Q(dispute__jurisdiction=jurisdiction))

    def published(self) -> "ListedDetainerQuerySet":
        """Entries of published reports (a draft's entries are seen by reviewers only)."""
        return self.filter(report__status=Report.Status.PUBLISHED)


class ListedDetainer(ConcurrentTransitionMixin, models.Model):
    """One row of Section II (a declined detainer) and where its dispute stands."""

    class State(models.TextChoices):
        LISTED = "listed", "Listed"
        DISPUTED = "disputed", "Disputed"
        EVIDENCE_SUBMITTED = "evidence_submitted", "Evidence submitted"
        CORRECTED = "corrected", "Corrected"
        UPHELD = "upheld", "Upheld"
        APPEALED = "appealed", "Appealed"
        UPHELD_FINAL = "upheld_final", "Upheld on appeal"

    class Basis(models.TextChoices):
        CHARGE = "charge", "Charge"
        CONVICTION = "conviction", "Conviction"
        NONE = "", "None noted"

    # The unique (report, row_number) constraint's index serves lookups by report.
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="entries", db_index=False)
    row_number = models.PositiveIntegerField(help_text="Position in Section II as published")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="listed_detainers")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="listed_detainers")
    citizenship = models.CharField(max_length=100)
    detainer_issued = models.DateField()
    declined = models.DateField()
    criminal_activity = models.CharField("notable criminal activity", max_length=300, blank=True)
    activity_basis = models.CharField(max_length=12, choices=Basis.choices, blank=True, default="")
    # Not indexed: every read by state also names the report or comes from a dispute, and an unindexed
    # state lets PostgreSQL update it in place (a HOT update), with no index entry per transition.
    state = FSMField(default=State.LISTED, choices=State.choices, protected=True)

    objects = ListedDetainerQuerySet.as_manager()

    class Meta:
        ordering = ["report", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "row_number"], name="uniq_entry_row"),
        ]

    def __str__(self) -> str:
        return f"{self.report} §II row {self.row_number} ({self.jurisdiction})"

    @property
    def state_fields(self):
        # ConcurrentTransitionMixin looks the state field up among all fields on every instance
        # it builds; a 500-entry decision loads 500. The answer is the same for all of them.
        return (self._meta.get_field("state"),)

    @property
    def issued_before_period(self) -> bool:
        return self.detainer_issued < self.report.period_start

    # Transitions only check and set state; services save, log and start side effects.
    @transition(field=state, source=State.LISTED, target=State.DISPUTED)
    def open_dispute(self) -> None:
        """The jurisdiction says this entry is wrong."""

    @transition(field=state, source=State.DISPUTED, target=State.LISTED)
    def withdraw(self) -> None:
        """The office takes the entry out of its case before submitting it."""

    @transition(field=state, source=State.DISPUTED, target=State.EVIDENCE_SUBMITTED)
    def submit_evidence(self) -> None:
        """The jurisdiction has finished attaching evidence and asks for review."""

    @transition(field=state, source=State.EVIDENCE_SUBMITTED, target=State.CORRECTED)
    def correct(self) -> None:
        """A reviewer agrees and corrects the entry."""

    @transition(field=state, source=State.EVIDENCE_SUBMITTED, target=State.UPHELD)
    def uphold(self) -> None:
        """A reviewer keeps the entry as published."""

    @transition(field=state, source=State.UPHELD, target=State.APPEALED)
    def appeal(self) -> None:
        """The jurisdiction appeals the upheld decision to a senior reviewer."""

    @transition(field=state, source=State.APPEALED, target=State.CORRECTED)
    def correct_on_appeal(self) -> None:
        """A senior reviewer grants the appeal and corrects the entry."""

    @transition(field=state, source=State.APPEALED, target=State.UPHELD_FINAL)
    def uphold_on_appeal(self) -> None:
        """A senior reviewer keeps the entry as published; the decision is final."""

    @transition(field=state, source=[State.LISTED, State.UPHELD, State.UPHELD_FINAL], target=State.CORRECTED)
    def correct_by_agency(self) -> None:
        """The agency corrects an entry no one disputes now (say, a data processing error it found)."""


class Finding(models.Model):
    """A data-quality finding about a report, computed at import; publication needs it acknowledged."""

    class Kind(models.TextChoices):
        STALE_DETAINER = "stale_detainer", "Stale detainers"
        BATCH = "batch", "Batch re-processing"
        NAME_COLLISION = "name_collision", "Same name, different state"
        FACILITY_COLLISION = "facility_collision", "Facility of another jurisdiction"
        SECTION_MISMATCH = "section_mismatch", "Section I and II disagree"
        DUPLICATE = "duplicate", "Duplicate rows"
        OUTLIER = "outlier", "Week-over-week outlier"
        VANISHED = "vanished", "Vanished jurisdiction"

    class Severity(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    severity = models.CharField(max_length=6, choices=Severity.choices)
    section = models.CharField(max_length=3, help_text="I, II or III")
    rows = models.JSONField(default=list, help_text="Section II row numbers concerned")
    jurisdictions = models.JSONField(default=list, help_text="FIPS codes concerned")
    explanation = models.TextField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledgement = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_kind_display()}"


class ReportLog(models.Model):
    """A row per lifecycle step of a report: imported, replaced, finding acknowledged, published, discarded."""

    report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="log")
    period = models.CharField(max_length=40, help_text="The report period, kept when a draft is discarded")
    action = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class PublicState(models.Model):
    """One row, bumped after every commit that changes what the public sees: pages and caches key on it."""

    # Random per database, so a cache shared with another database (a restored or recreated one) never mixes them.
    epoch = models.CharField(max_length=32)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()
