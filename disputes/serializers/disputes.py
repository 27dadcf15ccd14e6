"""API representations of entries, disputes, evidence, decisions and corrections, and the input a dispute accepts."""

from collections.abc import Mapping

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.models import ListedDetainer
from reports.serializers import JurisdictionRefSerializer, absolute_pdf_url

from .. import selectors
from ..deadlines import dispute_windows
from ..models import Correction, Decision, Dispute, Evidence, Ground, TransitionLog
from ..services import AMENDABLE
from .common import EntrySnapshotSerializer, ReportRefSerializer, choices_message

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
        choices=Ground.choices, error_messages={"invalid_choice": choices_message(Ground.values)}
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
        error_messages={"invalid_choice": choices_message(ListedDetainer.Basis.values) + " or empty"},
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
        choices=Decision.Outcome.choices, error_messages={"invalid_choice": choices_message(Decision.Outcome.values)}
    )
    rationale = serializers.CharField(allow_blank=True, max_length=5000, help_text="At least 10 characters; published")
    action = serializers.ChoiceField(
        choices=Correction.Action.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="For corrected: remove the entry, or amend it",
        error_messages={"invalid_choice": choices_message(Correction.Action.values)},
    )
    amendments = AmendmentsInput(required=False, help_text="For action amend: the fields to change")
