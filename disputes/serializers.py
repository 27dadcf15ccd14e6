"""API representations of entries, disputes, evidence and corrections, and the input they accept."""

from collections.abc import Mapping

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from config.errors import InvalidInput
from reports.models import ListedDetainer, Report
from reports.serializers import EntryFieldsSerializer, JurisdictionRefSerializer, TotalsSerializer, absolute_pdf_url

from . import selectors
from .deadlines import dispute_windows
from .models import Appeal, Case, Correction, Decision, Dispute, Evidence, Ground, StandingStatement, TransitionLog
from .services import AMENDABLE


def validated(serializer_class: type[serializers.Serializer], data) -> dict:
    """Validated input, or InvalidInput naming every problem (so the API answers 400 {detail, field})."""
    serializer = serializer_class(data=data)
    if serializer.is_valid():
        return serializer.validated_data
    problems = _flatten(serializer.errors)
    detail = "; ".join(f"{field}: {message}" if field else message for field, message in problems)
    raise InvalidInput(detail, field=problems[0][0])


def _flatten(errors, field: str | None = None) -> list[tuple[str | None, str]]:
    # Nested errors are named by their leaf field, as the services name amendment fields.
    if isinstance(errors, Mapping):
        return [
            problem
            for key, value in errors.items()
            # A list item's error (keyed by its index) is named by the list's field.
            for problem in _flatten(
                value, field if key == api_settings.NON_FIELD_ERRORS_KEY or not isinstance(key, str) else key
            )
        ]
    if isinstance(errors, list):
        return [problem for item in errors for problem in _flatten(item, field)]
    return [(field, str(errors))]


def _choices_message(values) -> str:
    return "{input!r} is not one of: " + ", ".join(v for v in values if v)


# --- references ----------------------------------------------------------------------------------


class ReportRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "period_start", "period_end"]


class EntrySnapshotSerializer(EntryFieldsSerializer):
    """An entry's published fields at one moment (the before and after of a correction)."""

    fips = serializers.CharField(read_only=True)
    jurisdiction = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)


# --- entries -------------------------------------------------------------------------------------


class EntrySerializer(serializers.ModelSerializer):
    report = ReportRefSerializer(read_only=True)
    jurisdiction = JurisdictionRefSerializer(read_only=True)
    facility = serializers.CharField(source="facility.name", read_only=True)
    state = serializers.ChoiceField(choices=ListedDetainer.State.choices, read_only=True)
    dispute = serializers.SerializerMethodField(help_text="Id of the entry's dispute, if your jurisdiction filed one")
    case = serializers.SerializerMethodField(
        help_text="Id of the case disputing the entry, if your jurisdiction filed it"
    )
    dispute_by = serializers.SerializerMethodField(
        help_text="Last day the entry can be put in a case (DISPUTE_WINDOW_DAYS after its report was published); "
        "null before publication"
    )

    class Meta:
        model = ListedDetainer
        fields = [
            "id",
            "report",
            "row_number",
            "jurisdiction",
            "facility",
            "citizenship",
            "detainer_issued",
            "declined",
            "criminal_activity",
            "activity_basis",
            "state",
            "dispute",
            "case",
            "dispute_by",
        ]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_dispute_by(self, entry: ListedDetainer):
        # One query per report a page names, shared by its entries.
        windows = self.context.setdefault("dispute_windows", {})
        if entry.report_id not in windows:
            windows[entry.report_id] = dispute_windows([entry.report_id]).get(entry.report_id)
        return windows[entry.report_id]

    def _dispute(self, entry: ListedDetainer):
        request = self.context.get("request")
        return entry.dispute if request is not None and selectors.may_see_dispute(request.user, entry) else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_dispute(self, entry: ListedDetainer) -> int | None:
        dispute = self._dispute(entry)
        return dispute.pk if dispute else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_case(self, entry: ListedDetainer) -> int | None:
        dispute = self._dispute(entry)
        return dispute.case_id if dispute else None


# --- disputes ------------------------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "original_name",
            "description",
            "size",
            "sha256",
            "content_type",
            "captured_at",
            "captured_on",
            "camera",
            "software",
            "gps_present",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        extra_kwargs = {
            "captured_at": {"help_text": "The camera's clock from EXIF, with its UTC offset when recorded"},
        }

    @extend_schema_field(serializers.URLField())
    def get_download_url(self, evidence: Evidence) -> str:
        url = reverse("api-evidence-file", args=[evidence.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class TransitionSerializer(serializers.ModelSerializer):
    # Plain strings: the state enum is documented once, as the `state` of entries and disputes.
    from_state = serializers.CharField(read_only=True, help_text="An entry state (see EntrySerializer.state)")
    to_state = serializers.CharField(read_only=True, help_text="An entry state (see EntrySerializer.state)")
    actor = serializers.CharField(source="actor_name", read_only=True, help_text="The username as it was then")

    class Meta:
        model = TransitionLog
        fields = ["transition", "from_state", "to_state", "actor", "at", "reason", "case"]


class CorrectionSerializer(serializers.ModelSerializer):
    before = EntrySnapshotSerializer(read_only=True)
    after = EntrySnapshotSerializer(read_only=True)
    notice_number = serializers.CharField(source="decision.notice.number", read_only=True)
    revision = serializers.SerializerMethodField(help_text="Report revision that published it; null until then")

    class Meta:
        model = Correction
        fields = ["action", "before", "after", "notice_number", "revision"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_revision(self, correction: Correction) -> int | None:
        return correction.revision.number if correction.revision_id else None


class DecisionSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True, allow_null=True)
    agency_initiated = serializers.BooleanField(read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True)
    corrections = serializers.SerializerMethodField(help_text="One per entry the decision corrected")
    correction = serializers.SerializerMethodField(help_text="The correction, when the decision covers one entry")
    notice_number = serializers.SerializerMethodField(help_text="Number of the correction notice, when corrected")

    class Meta:
        model = Decision
        fields = [
            "id",
            "case",
            "agency_initiated",
            "outcome",
            "ground",
            "rationale",
            "decided_by",
            "decided_at",
            "corrections",
            "correction",
            "notice_number",
        ]

    def _corrections(self, decision: Decision) -> list[Correction]:
        return list(decision.corrections.select_related("revision").order_by("entry_id"))

    @extend_schema_field(CorrectionSerializer(many=True))
    def get_corrections(self, decision: Decision) -> list:
        return [
            {"entry": c.entry_id, **CorrectionSerializer(c, context=self.context).data}
            for c in self._corrections(decision)
        ]

    @extend_schema_field(CorrectionSerializer(allow_null=True))
    def get_correction(self, decision: Decision) -> dict | None:
        corrections = self._corrections(decision)
        return CorrectionSerializer(corrections[0], context=self.context).data if len(corrections) == 1 else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_notice_number(self, decision: Decision) -> str | None:
        notice = getattr(decision, "notice", None)
        return notice.number if notice else None


class DisputeSerializer(serializers.ModelSerializer):
    entry = serializers.IntegerField(source="entry_id", read_only=True)
    report = ReportRefSerializer(source="entry.report", read_only=True)
    row_number = serializers.IntegerField(source="entry.row_number", read_only=True)
    jurisdiction = JurisdictionRefSerializer(source="entry.jurisdiction", read_only=True)
    state = serializers.ChoiceField(source="entry.state", choices=ListedDetainer.State.choices, read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    ground = serializers.ChoiceField(source="case.ground", choices=Ground.choices, read_only=True)
    ground_label = serializers.CharField(source="case.get_ground_display", read_only=True)
    explanation = serializers.CharField(source="case.explanation", read_only=True)
    submitted_at = serializers.DateTimeField(source="case.submitted_at", read_only=True, allow_null=True)
    filed_by = serializers.CharField(source="filed_by.username", read_only=True)
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = Dispute
        fields = [
            "id",
            "case",
            "entry",
            "report",
            "row_number",
            "jurisdiction",
            "state",
            "ground",
            "ground_label",
            "explanation",
            "filed_by",
            "filed_at",
            "submitted_at",
            "note",
            "outcome",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=Decision.Outcome.choices, allow_null=True))
    def get_outcome(self, dispute: Dispute) -> str | None:
        """The entry's own outcome (a case decision may hold exceptions)."""
        state = dispute.entry.state
        return state if state in (ListedDetainer.State.CORRECTED, ListedDetainer.State.UPHELD) else None


class DisputeDetailSerializer(DisputeSerializer):
    """A dispute with its entry, evidence, transition log and decision."""

    entry_detail = EntrySerializer(source="entry", read_only=True)
    evidence = EvidenceSerializer(source="case.evidence.attached", many=True, read_only=True)
    transitions = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    class Meta(DisputeSerializer.Meta):
        fields = [*DisputeSerializer.Meta.fields, "entry_detail", "evidence", "transitions", "decision"]

    @extend_schema_field(TransitionSerializer(many=True))
    def get_transitions(self, dispute: Dispute) -> list:
        return TransitionSerializer(selectors.timeline(dispute.entry), many=True).data

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, dispute: Dispute) -> dict | None:
        decision = getattr(dispute, "decision", None)
        return DecisionSerializer(decision, context=self.context).data if decision else None


# --- public corrections --------------------------------------------------------------------------


class PublicCorrectionSerializer(serializers.ModelSerializer):
    notice_number = serializers.CharField(source="decision.notice.number", read_only=True)
    report = ReportRefSerializer(source="entry.report", read_only=True)
    jurisdiction = serializers.SerializerMethodField(help_text="The jurisdiction the entry named as published")
    before = EntrySnapshotSerializer(read_only=True)
    after = EntrySnapshotSerializer(read_only=True)
    rationale = serializers.CharField(source="decision.rationale", read_only=True)
    ground = serializers.ChoiceField(choices=Ground.choices, read_only=True)
    ground_label = serializers.CharField(source="get_ground_display", read_only=True)
    agency_initiated = serializers.BooleanField(source="decision.agency_initiated", read_only=True)
    decided_at = serializers.DateTimeField(source="decision.decided_at", read_only=True)
    revision = serializers.SerializerMethodField(help_text="Report revision that published it; null until then")
    notice_pdf_url = serializers.SerializerMethodField(help_text="Null until the notice PDF is rendered")

    class Meta:
        model = Correction
        fields = [
            "notice_number",
            "report",
            "jurisdiction",
            "action",
            "before",
            "after",
            "rationale",
            "ground",
            "ground_label",
            "agency_initiated",
            "decided_at",
            "revision",
            "notice_pdf_url",
        ]

    @extend_schema_field(JurisdictionRefSerializer)
    def get_jurisdiction(self, correction: Correction) -> dict:
        # An amendment may move the entry to another jurisdiction; the notice concerns the one first named.
        before = correction.before or {}
        if "fips" in before:
            return {"fips": before["fips"], "name": before.get("jurisdiction", ""), "state": before.get("state", "")}
        return JurisdictionRefSerializer(correction.entry.jurisdiction).data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_revision(self, correction: Correction) -> int | None:
        return correction.revision.number if correction.revision_id else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_notice_pdf_url(self, correction: Correction) -> str | None:
        notice = getattr(correction.decision, "notice", None)
        return (
            absolute_pdf_url(self.context.get("request"), notice.pdf, "notice-pdf", notice.number) if notice else None
        )


# --- input ---------------------------------------------------------------------------------------


class FileDisputeInput(serializers.Serializer):
    ground = serializers.ChoiceField(
        choices=Ground.choices, error_messages={"invalid_choice": _choices_message(Ground.values)}
    )
    explanation = serializers.CharField(allow_blank=True, max_length=5000, help_text="At least 10 characters")


class EvidenceUploadInput(serializers.Serializer):
    file = serializers.FileField(help_text="A JPEG, PNG or PDF (judged by its content, not its name)")
    description = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class SubmitInput(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=1000, help_text="Logged with the transition"
    )


class AmendmentsInput(serializers.Serializer):
    fips = serializers.CharField(required=False, help_text="FIPS code of the jurisdiction the entry belongs to")
    facility = serializers.CharField(required=False)
    citizenship = serializers.CharField(required=False)
    detainer_issued = serializers.DateField(required=False)
    declined = serializers.DateField(required=False)
    criminal_activity = serializers.CharField(required=False, allow_blank=True)
    activity_basis = serializers.ChoiceField(
        choices=ListedDetainer.Basis.choices,
        required=False,
        allow_blank=True,
        error_messages={"invalid_choice": _choices_message(ListedDetainer.Basis.values) + " or empty"},
    )

    def to_internal_value(self, data):
        # A misspelt field must not be dropped silently: the reviewer would amend less than they meant.
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    f"cannot amend {', '.join(unknown)}; amendable: {', '.join(AMENDABLE)}"
                )
        return super().to_internal_value(data)


class DecideInput(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=Decision.Outcome.choices, error_messages={"invalid_choice": _choices_message(Decision.Outcome.values)}
    )
    rationale = serializers.CharField(allow_blank=True, max_length=5000, help_text="At least 10 characters; published")
    action = serializers.ChoiceField(
        choices=Correction.Action.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="For corrected: remove the entry, or amend it",
        error_messages={"invalid_choice": _choices_message(Correction.Action.values)},
    )
    amendments = AmendmentsInput(required=False, help_text="For action amend: the fields to change")


# --- cases ---------------------------------------------------------------------------------------


class CaseEntrySerializer(EntrySerializer):
    """An entry of a case, with the office's note on it."""

    note = serializers.CharField(source="dispute.note", read_only=True)

    class Meta(EntrySerializer.Meta):
        fields = [*EntrySerializer.Meta.fields, "note"]


class AppealSerializer(serializers.ModelSerializer):
    filed_by = serializers.CharField(source="filed_by.username", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    decision = DecisionSerializer(read_only=True, allow_null=True, help_text="The senior reviewer's decision")

    class Meta:
        model = Appeal
        fields = ["statement", "filed_by", "filed_at", "evidence", "decision"]


class StandingStatementSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=StandingStatement.Status.choices, read_only=True)
    filed_by = serializers.CharField(source="filed_by.username", read_only=True)
    reviewed_by = serializers.CharField(source="reviewed_by.username", read_only=True, allow_null=True)

    class Meta:
        model = StandingStatement
        fields = ["text", "status", "filed_by", "filed_at", "reviewed_by", "reviewed_at", "review_note"]


class CaseSerializer(serializers.ModelSerializer):
    jurisdiction = JurisdictionRefSerializer(read_only=True)
    ground_label = serializers.CharField(source="get_ground_display", read_only=True)
    filed_by = serializers.CharField(source="filed_by.username", read_only=True)
    status = serializers.ChoiceField(choices=Case.Status.choices, read_only=True)
    entry_count = serializers.IntegerField(read_only=True)
    due_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="Last working day for a decision; set on submission"
    )
    is_overdue = serializers.BooleanField(read_only=True, help_text="Awaiting review past its due date")
    assigned_to = serializers.CharField(source="assigned_to.username", read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "jurisdiction",
            "ground",
            "ground_label",
            "explanation",
            "status",
            "entry_count",
            "filed_by",
            "filed_at",
            "submitted_at",
            "due_on",
            "is_overdue",
            "assigned_to",
        ]


class CaseDetailSerializer(CaseSerializer):
    """A case with its entries, its evidence, its decision, its appeal and its standing statement."""

    entries = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(source="evidence.attached", many=True, read_only=True)
    decision = serializers.SerializerMethodField()
    appeal = serializers.SerializerMethodField()
    statement = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "entries", "evidence", "decision", "appeal", "statement"]

    @extend_schema_field(AppealSerializer(allow_null=True))
    def get_appeal(self, case: Case) -> dict | None:
        appeal = Appeal.objects.filter(case=case).first()
        return AppealSerializer(appeal, context=self.context).data if appeal else None

    @extend_schema_field(StandingStatementSerializer(allow_null=True))
    def get_statement(self, case: Case) -> dict | None:
        statement = StandingStatement.objects.filter(case=case).first()
        return StandingStatementSerializer(statement, context=self.context).data if statement else None

    @extend_schema_field(CaseEntrySerializer(many=True))
    def get_entries(self, case: Case) -> list:
        return CaseEntrySerializer(selectors.case_entries(case), many=True, context=self.context).data

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, case: Case) -> dict | None:
        decision = getattr(case, "decision", None)
        return DecisionSerializer(decision, context=self.context).data if decision else None


class ChangeSerializer(serializers.Serializer):
    entry = serializers.IntegerField(read_only=True)
    report = serializers.IntegerField(read_only=True)
    row = serializers.IntegerField(read_only=True)
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices, read_only=True)
    action = serializers.CharField(read_only=True, help_text="remove, amend, or empty when upheld")
    before = EntrySnapshotSerializer(read_only=True)
    after = EntrySnapshotSerializer(read_only=True, allow_null=True)


class ReportChangeSerializer(serializers.Serializer):
    report = serializers.IntegerField(read_only=True)
    label = serializers.CharField(read_only=True)
    revision = serializers.IntegerField(read_only=True, allow_null=True, help_text="The revision public now")
    totals_before = TotalsSerializer(read_only=True)
    totals_after = TotalsSerializer(read_only=True)


class PreviewSerializer(serializers.Serializer):
    """What a decision would change in the public reports; nothing is recorded."""

    corrected = serializers.IntegerField(read_only=True)
    upheld = serializers.IntegerField(read_only=True)
    entries = ChangeSerializer(many=True, read_only=True)
    reports = ReportChangeSerializer(many=True, read_only=True)


class EntryIdsInput(serializers.Serializer):
    entries = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**62), allow_empty=False)
    notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=1000),
        required=False,
        default=dict,
        help_text="Optional note per entry id",
    )


class OpenCaseInput(EntryIdsInput):
    ground = serializers.ChoiceField(
        choices=Ground.choices, error_messages={"invalid_choice": _choices_message(Ground.values)}
    )
    explanation = serializers.CharField(allow_blank=True, max_length=5000, help_text="At least 10 characters")


class NoteInput(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, max_length=1000)


class ExceptionInput(serializers.Serializer):
    entry = serializers.IntegerField(min_value=1, max_value=2**62)
    outcome = serializers.ChoiceField(
        choices=Decision.Outcome.choices, error_messages={"invalid_choice": _choices_message(Decision.Outcome.values)}
    )
    action = serializers.ChoiceField(
        choices=Correction.Action.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": _choices_message(Correction.Action.values)},
    )
    amendments = AmendmentsInput(required=False)


class DecideCaseInput(DecideInput):
    exceptions = ExceptionInput(many=True, required=False, help_text="Entries decided otherwise than the case")


class AgencyCorrectionInput(serializers.Serializer):
    entries = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**62), allow_empty=False)
    ground = serializers.ChoiceField(
        choices=Ground.choices, error_messages={"invalid_choice": _choices_message(Ground.values)}
    )
    rationale = serializers.CharField(allow_blank=True, max_length=5000, help_text="At least 10 characters; published")
    action = serializers.ChoiceField(
        choices=Correction.Action.choices, error_messages={"invalid_choice": _choices_message(Correction.Action.values)}
    )
    amendments = AmendmentsInput(required=False, help_text="For action amend: the fields to change")
    exceptions = ExceptionInput(many=True, required=False, help_text="Entries removed or amended otherwise")


class AppealInput(serializers.Serializer):
    statement = serializers.CharField(allow_blank=True, max_length=5000, help_text="At least 10 characters")
    file = serializers.ListField(
        child=serializers.FileField(), allow_empty=False, help_text="New evidence: one or more JPEG, PNG or PDF files"
    )


class StatementInput(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True, max_length=600, help_text="10 to 600 characters; public once approved"
    )


class StatementReviewInput(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true: the statement becomes public; false: rejected, with a note")
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=1000)


class AssignInput(serializers.Serializer):
    reviewer = serializers.CharField(max_length=150, help_text="Username of an active reviewer")


class ReviewerLoadSerializer(serializers.Serializer):
    reviewer = serializers.CharField(read_only=True)
    cases = serializers.IntegerField(read_only=True)


class WorkloadSerializer(serializers.Serializer):
    today = serializers.DateField(read_only=True)
    open = serializers.IntegerField(read_only=True, help_text="Cases awaiting a decision")
    unassigned = serializers.IntegerField(read_only=True)
    due_this_week = serializers.IntegerField(read_only=True, help_text="Due from today to Sunday")
    overdue = serializers.IntegerField(read_only=True)
    decided_90_days = serializers.IntegerField(read_only=True, help_text="Cases decided in the last 90 days")
    median_days_to_decision = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Median days from submission to decision over the last 90 days"
    )
    appeals_waiting = serializers.IntegerField(read_only=True)
    statements_to_check = serializers.IntegerField(read_only=True)
    by_reviewer = ReviewerLoadSerializer(many=True, read_only=True)
