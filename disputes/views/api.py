"""JSON API for entries, disputes, evidence, review decisions and public corrections.

Views check the role, validate input, call a service and serialize the result; the services
check who may act on which object and raise config.errors, which the API exception handler
turns into 400/403/404/409.
"""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.errors import InvalidInput
from disputes import selectors, services
from disputes.evidence import refuse_oversized
from disputes.models import Evidence
from disputes.serializers.common import validated
from disputes.serializers.disputes import (
    DecideInput,
    DecisionSerializer,
    DisputeDetailSerializer,
    DisputeSerializer,
    EntrySerializer,
    EvidenceSerializer,
    EvidenceUploadInput,
    FileDisputeInput,
    PublicCorrectionSerializer,
    SubmitInput,
)
from jurisdictions.audit import record_event
from jurisdictions.selectors import account_for
from reports.models import ListedDetainer
from reports.serializers import ApiErrorSerializer

# --- roles ---------------------------------------------------------------------------------------


class HasAccount(IsAuthenticated):
    """Signed in with a sheriff's office or agency reviewer account."""

    message = "this needs a sheriff's office or agency reviewer account"

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and account_for(request.user) is not None


class IsSheriff(IsAuthenticated):
    message = "only a sheriff's office account can do this"

    def has_permission(self, request, view) -> bool:
        account = account_for(request.user)
        return super().has_permission(request, view) and bool(account and account.is_sheriff)


class IsReviewer(IsAuthenticated):
    message = "only an agency reviewer can do this"

    def has_permission(self, request, view) -> bool:
        account = account_for(request.user)
        return super().has_permission(request, view) and bool(account and account.is_reviewer)


ERRORS = {
    400: OpenApiResponse(ApiErrorSerializer, description="Invalid input; `field` names the field at fault"),
    401: OpenApiResponse(ApiErrorSerializer, description="Not signed in"),
    403: OpenApiResponse(ApiErrorSerializer, description="The account's role may not do this"),
    404: OpenApiResponse(ApiErrorSerializer, description="No such object, or another jurisdiction's"),
    409: OpenApiResponse(ApiErrorSerializer, description="Not allowed from the current state"),
}


def errors(*codes: int) -> dict:
    return {code: ERRORS[code] for code in codes}


def _choice_param(request: Request, name: str, choices) -> str | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if value not in choices:
        raise InvalidInput(f"{name}: {value!r} is not one of: {', '.join(choices)}", field=name)
    return value


def _int_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except ValueError:
        raise InvalidInput(f"{name}: {value!r} is not a number", field=name) from None
    if not 0 <= number < 2**63:
        raise InvalidInput(f"{name}: {value} is out of range", field=name)
    return number


def _bool_param(request: Request, name: str) -> bool:
    value = (request.query_params.get(name) or "").lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise InvalidInput(f"{name}: {value!r} is not 1 or 0", field=name)


STATE_PARAM = OpenApiParameter("state", str, enum=ListedDetainer.State.values, description="Only entries in this state")

# --- entries -------------------------------------------------------------------------------------


@extend_schema(
    summary="Entries the account may see: a sheriff's own jurisdiction, a reviewer every one",
    parameters=[STATE_PARAM, OpenApiParameter("report", int, description="Only entries of this report")],
    responses={200: EntrySerializer(many=True), **errors(400, 401, 403)},
)
class EntryListView(generics.ListAPIView):
    permission_classes = [HasAccount]
    serializer_class = EntrySerializer

    def get_queryset(self):
        entries = selectors.entries_visible_to(self.request.user)
        state = _choice_param(self.request, "state", ListedDetainer.State.values)
        if state:
            entries = entries.filter(state=state)
        report = _int_param(self.request, "report")
        if report is not None:
            entries = entries.filter(report_id=report)
        return entries.order_by("-report__period_start", "row_number")


class EntryDetailView(APIView):
    permission_classes = [HasAccount]

    @extend_schema(
        summary="One entry with its dispute id and state", responses={200: EntrySerializer, **errors(401, 403, 404)}
    )
    def get(self, request: Request, entry_id: int) -> Response:
        entry = selectors.get_entry_for(request.user, entry_id)
        return Response(EntrySerializer(entry, context={"request": request}).data)


class FileDisputeView(APIView):
    permission_classes = [IsSheriff]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Dispute an entry of your own jurisdiction (listed → disputed)",
        request=FileDisputeInput,
        responses={201: DisputeDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, entry_id: int) -> Response:
        data = validated(FileDisputeInput, request.data)
        dispute = services.file_dispute(actor=request.user, entry_id=entry_id, **data)
        dispute = selectors.get_dispute_for(request.user, dispute.pk)
        return Response(
            DisputeDetailSerializer(dispute, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


# --- disputes ------------------------------------------------------------------------------------


@extend_schema(
    summary="Disputes the account may see; awaiting_review=1 gives the review queue, oldest submission first",
    parameters=[
        OpenApiParameter("awaiting_review", bool, description="Only disputes submitted and not yet decided"),
        STATE_PARAM,
    ],
    responses={200: DisputeSerializer(many=True), **errors(400, 401, 403)},
)
class DisputeListView(generics.ListAPIView):
    permission_classes = [HasAccount]
    serializer_class = DisputeSerializer

    def get_queryset(self):
        disputes = selectors.disputes_visible_to(self.request.user)
        state = _choice_param(self.request, "state", ListedDetainer.State.values)
        if state:
            disputes = disputes.filter(entry__state=state)
        if _bool_param(self.request, "awaiting_review"):
            return disputes.awaiting_review().order_by("case__submitted_at", "pk")
        return disputes.order_by("-filed_at", "-pk")


class DisputeDetailView(APIView):
    permission_classes = [HasAccount]

    @extend_schema(
        summary="A dispute with its evidence, transition log and decision",
        responses={200: DisputeDetailSerializer, **errors(401, 403, 404)},
    )
    def get(self, request: Request, dispute_id: int) -> Response:
        dispute = selectors.get_dispute_for(request.user, dispute_id)
        return Response(DisputeDetailSerializer(dispute, context={"request": request}).data)


class EvidenceUploadView(APIView):
    permission_classes = [IsSheriff]
    throttle_scope = "uploads"
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Attach a JPEG, PNG or PDF to a dispute not yet submitted",
        request={"multipart/form-data": EvidenceUploadInput},
        responses={201: EvidenceSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, dispute_id: int) -> Response:
        return upload_evidence(request, case_id=services.dispute_case_id(actor=request.user, dispute_id=dispute_id))


def upload_evidence(request: Request, *, case_id: int) -> Response:
    """Attach the uploaded file to an open case: 201 with the evidence."""
    data = validated(EvidenceUploadInput, request.data)
    upload = data["file"]
    refuse_oversized([upload])
    evidence = services.add_case_evidence(
        actor=request.user,
        case_id=case_id,
        data=upload.read(),
        filename=upload.name,
        description=data["description"],
    )
    record_event(request, "evidence_uploaded", detail=f"case {case_id}: {upload.name}")
    return Response(EvidenceSerializer(evidence, context={"request": request}).data, status=status.HTTP_201_CREATED)


class AnyAccept(BaseContentNegotiation):
    """Serve the file whatever the client accepts; errors still render as JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class EvidenceFileView(APIView):
    permission_classes = [HasAccount]
    content_negotiation_class = AnyAccept

    @extend_schema(
        summary="Download an evidence file (only the disputing jurisdiction and reviewers)",
        responses={
            **{(200, kind): OpenApiResponse(OpenApiTypes.BINARY) for kind in Evidence.Kind.values},
            **errors(401, 403, 404),
        },
    )
    def get(self, request: Request, evidence_id: int) -> FileResponse:
        evidence = selectors.get_evidence_for(request.user, evidence_id)
        record_event(request, "evidence_downloaded", detail=f"case {evidence.case_id}: evidence {evidence.pk}")
        response = FileResponse(
            evidence.file.open("rb"),
            content_type=evidence.content_type,
            as_attachment=True,
            filename=evidence.original_name,
        )
        response["Cache-Control"] = "private, no-store"
        return response


class SubmitDisputeView(APIView):
    permission_classes = [IsSheriff]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Send the dispute and its evidence for review (disputed → evidence_submitted)",
        request=SubmitInput,
        responses={200: DisputeDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, dispute_id: int) -> Response:
        data = validated(SubmitInput, request.data)
        services.submit_dispute(actor=request.user, dispute_id=dispute_id, note=data["note"])
        dispute = selectors.get_dispute_for(request.user, dispute_id)
        return Response(DisputeDetailSerializer(dispute, context={"request": request}).data)


class DecideDisputeView(APIView):
    permission_classes = [IsReviewer]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Correct (remove or amend) or uphold a submitted entry",
        request=DecideInput,
        responses={200: DecisionSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, dispute_id: int) -> Response:
        data = validated(DecideInput, request.data)
        decision = services.decide_dispute(
            actor=request.user,
            dispute_id=dispute_id,
            outcome=data["outcome"],
            rationale=data["rationale"],
            action=data["action"],
            amendments=data.get("amendments"),
        )
        return Response(DecisionSerializer(decision, context={"request": request}).data)


# --- public --------------------------------------------------------------------------------------


class CorrectionListView(generics.ListAPIView):
    """Every correction with its notice, newest first."""

    permission_classes = [AllowAny]
    serializer_class = PublicCorrectionSerializer

    def get_queryset(self):
        return selectors.public_corrections()
