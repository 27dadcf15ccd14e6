"""JSON API for cases: open, change, attach evidence, submit; preview and decide; agency corrections."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from disputes import selectors, services
from disputes.models import Case
from disputes.serializers.cases import (
    AgencyCorrectionInput,
    CaseDetailSerializer,
    CaseSerializer,
    DecideCaseInput,
    EntryIdsInput,
    NoteInput,
    OpenCaseInput,
    PreviewSerializer,
)
from disputes.serializers.common import validated
from disputes.serializers.disputes import DecisionSerializer, EvidenceSerializer, EvidenceUploadInput, SubmitInput
from jurisdictions.audit import record_event

from .api import HasAccount, IsReviewer, IsSheriff, _choice_param, errors, upload_evidence


def _case(request: Request, case_id: int, code: int = status.HTTP_200_OK) -> Response:
    case = selectors.get_case_for(request.user, case_id)
    return Response(CaseDetailSerializer(case, context={"request": request}).data, status=code)


def _decision_terms(data: dict) -> dict:
    return {
        "outcome": data["outcome"],
        "rationale": data["rationale"],
        "action": data["action"],
        "amendments": data.get("amendments"),
        "exceptions": [dict(item) for item in data.get("exceptions", [])],
    }


def _agency_terms(data: dict) -> dict:
    return {
        "entries": data["entries"],
        "ground": data["ground"],
        "rationale": data["rationale"],
        "action": data["action"],
        "amendments": data.get("amendments"),
        "exceptions": [dict(item) for item in data.get("exceptions", [])],
    }


@extend_schema(
    summary="Cases the account may see; status=awaiting_review gives the review queue, earliest due first",
    parameters=[
        OpenApiParameter("status", str, enum=Case.Status.values, description="Only cases in it")
    ],
    responses={200: CaseSerializer(many=True), **errors(400, 401, 403)},
)
class CaseListView(generics.ListCreateAPIView):
    permission_classes = [HasAccount]
    serializer_class = CaseSerializer
    parser_classes = [JSONParser]

    def get_queryset(self):
        cases = selectors.cases_visible_to(self.request.user)
        wanted = _choice_param(self.request, "status", Case.Status.values)
        if wanted == "awaiting_review":
            return cases.awaiting_review().order_by("due_on", "submitted_at", "pk")
        if wanted:
            cases = getattr(cases, wanted)()
        return cases.order_by("-filed_at", "-pk")

    def get_permissions(self):
        return [IsSheriff()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(
        summary="Open a case on one or more of your jurisdiction's listed entries (each listed → disputed)",
        request=OpenCaseInput,
        responses={201: CaseDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        data = validated(OpenCaseInput, request.data)
        case = services.open_case(actor=request.user, **data)
        return _case(request, case.pk, status.HTTP_201_CREATED)


class CaseDetailView(APIView):
    permission_classes = [HasAccount]

    @extend_schema(
        summary="A case with its entries, evidence and decision",
        responses={200: CaseDetailSerializer, **errors(401, 403, 404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        return _case(request, case_id)


class CaseEntriesView(APIView):
    permission_classes = [IsSheriff]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Add listed entries to an open case",
        request=EntryIdsInput,
        responses={200: CaseDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        data = validated(EntryIdsInput, request.data)
        services.add_entries(actor=request.user, case_id=case_id, entries=data["entries"], notes=data["notes"])
        return _case(request, case_id)


class CaseEntryView(APIView):
    permission_classes = [IsSheriff]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Remove an entry from an open case (disputed → listed)",
        request=None,
        responses={200: CaseDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def delete(self, request: Request, case_id: int, entry_id: int) -> Response:
        services.remove_entry(actor=request.user, case_id=case_id, entry_id=entry_id)
        return _case(request, case_id)

    @extend_schema(
        summary="Set the note on one entry of an open case",
        request=NoteInput,
        responses={200: CaseDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def put(self, request: Request, case_id: int, entry_id: int) -> Response:
        data = validated(NoteInput, request.data)
        services.set_note(actor=request.user, case_id=case_id, entry_id=entry_id, note=data["note"])
        return _case(request, case_id)


class CaseEvidenceView(APIView):
    permission_classes = [IsSheriff]
    throttle_scope = "uploads"
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary=f"Attach a JPEG, PNG or PDF to an open case (at most {services.MAX_FILES} files)",
        request={"multipart/form-data": EvidenceUploadInput},
        responses={201: EvidenceSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        return upload_evidence(request, case_id=case_id)


class EvidenceDeleteView(APIView):
    permission_classes = [IsSheriff]

    @extend_schema(
        summary="Detach an evidence file from an open case (kept for the record, logged)",
        request=None,
        responses={204: None, **errors(401, 403, 404, 409)},
    )
    def delete(self, request: Request, evidence_id: int) -> Response:
        evidence = services.delete_evidence(actor=request.user, evidence_id=evidence_id)
        record_event(request, "evidence_deleted", detail=f"case {evidence.case_id}: evidence {evidence.pk}")
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaseSubmitView(APIView):
    permission_classes = [IsSheriff]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Submit the case with every entry in it for review (each disputed → evidence_submitted)",
        request=SubmitInput,
        responses={200: CaseDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        data = validated(SubmitInput, request.data)
        services.submit_case(actor=request.user, case_id=case_id, note=data["note"])
        return _case(request, case_id)


class CasePreviewView(APIView):
    permission_classes = [IsReviewer]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="What deciding the case this way would change in the public report; records nothing",
        request=DecideCaseInput,
        responses={200: PreviewSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        data = validated(DecideCaseInput, request.data)
        preview = services.preview_case_decision(actor=request.user, case_id=case_id, **_decision_terms(data))
        return Response(PreviewSerializer(preview).data)


class CaseDecideView(APIView):
    permission_classes = [IsReviewer]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Decide a submitted case: corrected or upheld for all, with per-entry exceptions",
        request=DecideCaseInput,
        responses={200: DecisionSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        data = validated(DecideCaseInput, request.data)
        decision = services.decide_case(actor=request.user, case_id=case_id, **_decision_terms(data))
        return Response(DecisionSerializer(decision, context={"request": request}).data)


class AgencyPreviewView(APIView):
    permission_classes = [IsReviewer]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="What an agency-initiated correction would change; records nothing",
        request=AgencyCorrectionInput,
        responses={200: PreviewSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        data = validated(AgencyCorrectionInput, request.data)
        preview = services.preview_agency_correction(actor=request.user, **_agency_terms(data))
        return Response(PreviewSerializer(preview).data)


class AgencyCorrectionView(APIView):
    permission_classes = [IsReviewer]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Correct entries across jurisdictions and reports with no dispute; each jurisdiction is emailed",
        request=AgencyCorrectionInput,
        responses={201: DecisionSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        data = validated(AgencyCorrectionInput, request.data)
        decision = services.correct_by_agency(actor=request.user, **_agency_terms(data))
        return Response(DecisionSerializer(decision, context={"request": request}).data, status=status.HTTP_201_CREATED)
