"""API representations of entries, disputes, evidence and corrections, and the input they accept."""

from collections.abc import Mapping

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from config.errors import InvalidInput
from reports.models import ListedDetainer, Report
from reports.serializers import EntryFieldsSerializer, JurisdictionRefSerializer, absolute_pdf_url

from . import selectors
from .models import Correction, Decision, Dispute, Evidence, Ground, TransitionLog
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
            for problem in _flatten(value, field if key == api_settings.NON_FIELD_ERRORS_KEY else key)
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
    dispute = serializers.SerializerMethodField(help_text="Id of the entry's dispute, if one was filed")

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
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_dispute(self, entry: ListedDetainer) -> int | None:
        dispute = getattr(entry, "dispute", None)
        return dispute.pk if dispute else None


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
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = TransitionLog
        fields = ["transition", "from_state", "to_state", "actor", "at", "reason"]


class CorrectionSerializer(serializers.ModelSerializer):
    before = EntrySnapshotSerializer(read_only=True)
    after = EntrySnapshotSerializer(read_only=True)
    notice_number = serializers.CharField(source="notice.number", read_only=True)
    revision = serializers.SerializerMethodField(help_text="Report revision that published it; null until then")

    class Meta:
        model = Correction
        fields = ["action", "before", "after", "notice_number", "revision"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_revision(self, correction: Correction) -> int | None:
        return correction.revision.number if correction.revision_id else None


class DecisionSerializer(serializers.ModelSerializer):
    dispute = serializers.IntegerField(source="dispute_id", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True)
    correction = serializers.SerializerMethodField()
    notice_number = serializers.SerializerMethodField(help_text="Number of the correction notice, when corrected")

    class Meta:
        model = Decision
        fields = ["dispute", "outcome", "rationale", "decided_by", "decided_at", "correction", "notice_number"]

    @extend_schema_field(CorrectionSerializer(allow_null=True))
    def get_correction(self, decision: Decision) -> dict | None:
        correction = getattr(decision, "correction", None)
        return CorrectionSerializer(correction, context=self.context).data if correction else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_notice_number(self, decision: Decision) -> str | None:
        correction = getattr(decision, "correction", None)
        notice = getattr(correction, "notice", None) if correction else None
        return notice.number if notice else None


class DisputeSerializer(serializers.ModelSerializer):
    entry = serializers.IntegerField(source="entry_id", read_only=True)
    report = ReportRefSerializer(source="entry.report", read_only=True)
    row_number = serializers.IntegerField(source="entry.row_number", read_only=True)
    jurisdiction = JurisdictionRefSerializer(source="entry.jurisdiction", read_only=True)
    state = serializers.ChoiceField(source="entry.state", choices=ListedDetainer.State.choices, read_only=True)
    ground_label = serializers.CharField(source="get_ground_display", read_only=True)
    filed_by = serializers.CharField(source="filed_by.username", read_only=True)
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = Dispute
        fields = [
            "id",
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
            "outcome",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=Decision.Outcome.choices, allow_null=True))
    def get_outcome(self, dispute: Dispute) -> str | None:
        decision = getattr(dispute, "decision", None)
        return decision.outcome if decision else None


class DisputeDetailSerializer(DisputeSerializer):
    """A dispute with its entry, evidence, transition log and decision."""

    entry_detail = EntrySerializer(source="entry", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
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
    notice_number = serializers.CharField(source="notice.number", read_only=True)
    report = ReportRefSerializer(source="entry.report", read_only=True)
    jurisdiction = serializers.SerializerMethodField(help_text="The jurisdiction the entry named as published")
    before = EntrySnapshotSerializer(read_only=True)
    after = EntrySnapshotSerializer(read_only=True)
    rationale = serializers.CharField(source="decision.rationale", read_only=True)
    ground = serializers.ChoiceField(source="decision.dispute.ground", choices=Ground.choices, read_only=True)
    ground_label = serializers.CharField(source="decision.dispute.get_ground_display", read_only=True)
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
        notice = getattr(correction, "notice", None)
        return (
            absolute_pdf_url(self.context.get("request"), notice.pdf, "notice-pdf", notice.number) if notice else None
        )


# --- input ---------------------------------------------------------------------------------------


class FileDisputeInput(serializers.Serializer):
    ground = serializers.ChoiceField(
        choices=Ground.choices, error_messages={"invalid_choice": _choices_message(Ground.values)}
    )
    explanation = serializers.CharField(allow_blank=True, help_text="At least 10 characters")


class EvidenceUploadInput(serializers.Serializer):
    file = serializers.FileField(help_text="A JPEG, PNG or PDF (judged by its content, not its name)")
    description = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class SubmitInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="Logged with the transition")


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
    rationale = serializers.CharField(allow_blank=True, help_text="At least 10 characters; published")
    action = serializers.ChoiceField(
        choices=Correction.Action.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="For corrected: remove the entry, or amend it",
        error_messages={"invalid_choice": _choices_message(Correction.Action.values)},
    )
    amendments = AmendmentsInput(required=False, help_text="For action amend: the fields to change")
