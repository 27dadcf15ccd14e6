"""JSON API for reports: published reports and revisions (public), drafts and their findings (reviewers)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.errors import NotFound
from disputes.serializers.common import validated
from disputes.views.api import IsReviewer, errors
from reports import selectors, services
from reports.opendata import correction_rows
from reports.serializers import (
    AcknowledgeInput,
    ApiErrorSerializer,
    FindingSerializer,
    JurisdictionSeriesSerializer,
    PublishInput,
    ReportDetailSerializer,
    ReportSerializer,
    RevisionContentSerializer,
    RevisionSerializer,
)
from reports.series import get_jurisdiction, jurisdiction_corrections, jurisdiction_series


class ReportListView(generics.ListAPIView):
    """Published reports with their current revision number and totals, newest first (reviewers: drafts too)."""

    permission_classes = [AllowAny]
    serializer_class = ReportSerializer

    def get_queryset(self):
        return selectors.public_reports(self.request.user)


class ReportDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: ReportDetailSerializer, 404: OpenApiResponse(ApiErrorSerializer, description="No such report")},
        summary="A report with every revision (a draft: reviewers only)",
    )
    def get(self, request: Request, report_id: int) -> Response:
        report = selectors.get_report(report_id, request.user)
        return Response(ReportDetailSerializer(report, context={"request": request}).data)


class RevisionDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: RevisionContentSerializer,
            404: OpenApiResponse(ApiErrorSerializer, description="No such report or revision"),
        },
        summary="The frozen content of one revision",
    )
    def get(self, request: Request, report_id: int, number: int) -> Response:
        revision = selectors.get_revision(report_id, number)
        data = RevisionContentSerializer(revision, context={"request": request}).data
        if selectors.is_current(revision):
            marks = selectors.public_entry_marks(report_id)
            for row in data["section_ii"]:
                row["dispute_status"] = marks.get(row["entry_id"])
        return Response(data)


class FindingListView(APIView):
    permission_classes = [IsReviewer]

    @extend_schema(
        summary="A report's data-quality findings, most severe first",
        responses={200: FindingSerializer(many=True), **errors(401, 403, 404)},
    )
    def get(self, request: Request, report_id: int) -> Response:
        report = selectors.get_report(report_id, request.user)
        return Response(FindingSerializer(selectors.findings_of(report), many=True).data)


class AcknowledgeFindingView(APIView):
    permission_classes = [IsReviewer]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Acknowledge a finding of a draft, with a note (logged)",
        request=AcknowledgeInput,
        responses={200: FindingSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, report_id: int, finding_id: int) -> Response:
        data = validated(AcknowledgeInput, request.data)
        report = selectors.get_report(report_id, request.user)
        if not report.findings.filter(pk=finding_id).exists():
            raise NotFound("no such finding")
        finding = services.acknowledge_finding(actor=request.user, finding_id=finding_id, note=data["note"])
        return Response(FindingSerializer(finding).data)


class PublishReportView(APIView):
    permission_classes = [IsReviewer]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Publish a draft as revision 1 (every finding acknowledged); emails the jurisdictions it names",
        request=PublishInput,
        responses={200: RevisionSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, report_id: int) -> Response:
        data = validated(PublishInput, request.data or {})
        notes = {a["finding"]: a["note"] for a in data.get("acknowledgements", [])}
        kinds = {a["kind"]: a["note"] for a in data.get("kind_acknowledgements", [])}
        revision = services.publish_report(
            actor=request.user, report_id=report_id, acknowledgements=notes, kind_acknowledgements=kinds
        )
        return Response(RevisionSerializer(revision, context={"request": request}).data)


class DiscardReportView(APIView):
    permission_classes = [IsReviewer]

    @extend_schema(
        summary="Discard a draft; a published report cannot be deleted (409)",
        request=None,
        responses={204: OpenApiResponse(description="Discarded"), **errors(401, 403, 404, 409)},
    )
    def post(self, request: Request, report_id: int) -> Response:
        services.discard_report(actor=request.user, report_id=report_id)
        return Response(status=204)


class JurisdictionDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="One jurisdiction across the published series: counts, Section I/II/III per week, corrections",
        responses={200: JurisdictionSeriesSerializer, **errors(404)},
    )
    def get(self, request: Request, fips: str) -> Response:
        series = jurisdiction_series(get_jurisdiction(fips))
        corrections = correction_rows(jurisdiction_corrections(series["jurisdiction"]))
        return Response(JurisdictionSeriesSerializer({**series, "corrections": corrections}).data)
