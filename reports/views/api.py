"""Public JSON API for reports and their published revisions."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reports import selectors
from reports.serializers import ReportDetailSerializer, ReportSerializer, RevisionContentSerializer


class ReportListView(generics.ListAPIView):
    """Every report with its current revision number and totals, newest period first."""

    permission_classes = [AllowAny]
    serializer_class = ReportSerializer

    def get_queryset(self):
        return selectors.public_reports()


class ReportDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ReportDetailSerializer, summary="A report with every revision")
    def get(self, request: Request, report_id: int) -> Response:
        report = selectors.get_report(report_id)
        return Response(ReportDetailSerializer(report, context={"request": request}).data)


class RevisionDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=RevisionContentSerializer, summary="The frozen content of one revision")
    def get(self, request: Request, report_id: int, number: int) -> Response:
        revision = selectors.get_revision(report_id, number)
        return Response(RevisionContentSerializer(revision, context={"request": request}).data)
