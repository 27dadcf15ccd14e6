"""JSON API for what follows a decision and for reviewers' workload: appeals, standing statements, claim/assign."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from disputes import selectors, services
from disputes.evidence import refuse_oversized
from disputes.serializers.cases import (
    AppealInput,
    AssignInput,
    CaseDetailSerializer,
    DecideCaseInput,
    StatementInput,
    StatementReviewInput,
    WorkloadSerializer,
)
from disputes.serializers.common import validated
from disputes.serializers.disputes import DecisionSerializer

from .api import IsReviewer, IsSheriff, errors
from .api_cases import _case, _decision_terms


class CaseAppealView(APIView):
    permission_classes = [IsSheriff]
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary=f"Appeal a case's upheld entries, once, within {settings.APPEAL_WINDOW_DAYS} days of the decision, "
        "with a statement and new evidence (each upheld → appealed)",
        request={"multipart/form-data": AppealInput},
        responses={201: CaseDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        data = validated(AppealInput, request.data)
        refuse_oversized(data["file"])
        files = [(upload.name, upload.read()) for upload in data["file"]]
        services.file_appeal(actor=request.user, case_id=case_id, statement=data["statement"], files=files)
        return _case(request, case_id, status.HTTP_201_CREATED)


class AppealDecideView(APIView):
    permission_classes = [IsReviewer]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Decide an appeal (senior reviewers other than the first decision's reviewer): "
        "each appealed → corrected or upheld_final",
        request=DecideCaseInput,
        responses={200: DecisionSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        data = validated(DecideCaseInput, request.data)
        decision = services.decide_appeal(actor=request.user, case_id=case_id, **_decision_terms(data))
        return Response(DecisionSerializer(decision, context={"request": request}).data)


class StatementView(APIView):
    permission_classes = [IsSheriff]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="File a standing statement on a case's entries upheld for good; public once a reviewer approves it",
        request=StatementInput,
        responses={201: CaseDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        data = validated(StatementInput, request.data)
        services.file_statement(actor=request.user, case_id=case_id, text=data["text"])
        return _case(request, case_id, status.HTTP_201_CREATED)


class StatementReviewView(APIView):
    permission_classes = [IsReviewer]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Approve a standing statement (it becomes public) or reject it with a note, after checking it for "
        "personal data",
        request=StatementReviewInput,
        responses={200: CaseDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        data = validated(StatementReviewInput, request.data)
        services.review_statement(actor=request.user, case_id=case_id, approve=data["approve"], note=data["note"])
        return _case(request, case_id)


class CaseClaimView(APIView):
    permission_classes = [IsReviewer]

    @extend_schema(
        summary="Take a case awaiting review as your own",
        request=None,
        responses={200: CaseDetailSerializer, **errors(401, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        services.claim_case(actor=request.user, case_id=case_id)
        return _case(request, case_id)


class CaseAssignView(APIView):
    permission_classes = [IsReviewer]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Assign a case awaiting review to a reviewer (senior reviewers)",
        request=AssignInput,
        responses={200: CaseDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        data = validated(AssignInput, request.data)
        services.assign_case(actor=request.user, case_id=case_id, username=data["reviewer"])
        return _case(request, case_id)


class WorkloadView(APIView):
    permission_classes = [IsReviewer]

    @extend_schema(
        summary="Reviewers' workload: open, due this week, overdue, median days to a decision over 90 days",
        responses={200: WorkloadSerializer, **errors(401, 403)},
    )
    def get(self, request: Request) -> Response:
        return Response(WorkloadSerializer(selectors.workload()).data)
