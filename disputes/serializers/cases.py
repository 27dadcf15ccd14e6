"""API representations of cases (several entries disputed together), appeals and statements, and their input."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.serializers import JurisdictionRefSerializer, TotalsSerializer

from .. import selectors
from ..models import Appeal, Case, Correction, Decision, Ground, StandingStatement
from .common import EntrySnapshotSerializer, choices_message
from .disputes import AmendmentsInput, DecideInput, DecisionSerializer, EntrySerializer, EvidenceSerializer

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
        choices=Ground.choices, error_messages={"invalid_choice": choices_message(Ground.values)}
    )
    explanation = serializers.CharField(allow_blank=True, max_length=5000, help_text="At least 10 characters")


class NoteInput(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, max_length=1000)


class ExceptionInput(serializers.Serializer):
    entry = serializers.IntegerField(min_value=1, max_value=2**62)
    outcome = serializers.ChoiceField(
        choices=Decision.Outcome.choices, error_messages={"invalid_choice": choices_message(Decision.Outcome.values)}
    )
    action = serializers.ChoiceField(
        choices=Correction.Action.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": choices_message(Correction.Action.values)},
    )
    amendments = AmendmentsInput(required=False)


class DecideCaseInput(DecideInput):
    exceptions = ExceptionInput(many=True, required=False, help_text="Entries decided otherwise than the case")


class AgencyCorrectionInput(serializers.Serializer):
    entries = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**62), allow_empty=False)
    ground = serializers.ChoiceField(
        choices=Ground.choices, error_messages={"invalid_choice": choices_message(Ground.values)}
    )
    rationale = serializers.CharField(allow_blank=True, max_length=5000, help_text="At least 10 characters; published")
    action = serializers.ChoiceField(
        choices=Correction.Action.choices, error_messages={"invalid_choice": choices_message(Correction.Action.values)}
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
