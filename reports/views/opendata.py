"""Open-data downloads: each revision as CSV and JSON, the corrections, and the whole series as a zip.

They are served at public paths (not under /api/v1/) and described in the API schema.
"""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from disputes.models import Correction
from disputes.selectors import public_corrections
from disputes.views.api import AnyAccept, errors

from .. import opendata
from ..selectors import get_revision
from ..serializers import ApiErrorSerializer
from ..stored_files import series_zip_file, stored_file

CSV = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV with a header row")}
JSON = {(200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT)}
JSON_ROWS = {
    (200, "application/json"): OpenApiResponse(
        {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        description="One object per correction, with the CSV's field names",
    )
}


LONG_REVISION = (
    "A revision listing more Section II rows than REVISION_DOWNLOAD_MAX_ROWS (5,000 by default) is written once "
    "for each public version, by a worker: just after a change the first downloads may wait up to 10 s, and "
    "then get 503 with Retry-After until it is ready."
)

MANY_CORRECTIONS = (
    "Once there are more corrections than CORRECTIONS_DOWNLOAD_MAX_ROWS (2,000 by default), written once for each "
    "public version, by a worker: just after a change the first downloads may wait up to 10 s, and then get 503 "
    "with Retry-After until it is ready."
)


class _Download(APIView):
    permission_classes = [AllowAny]
    content_negotiation_class = AnyAccept


BEING_BUILT = {
    503: OpenApiResponse(
        ApiErrorSerializer, description="Being built by a worker; try again after Retry-After seconds"
    )
}


def _published_revision(report_id: int, number: int):
    return get_revision(report_id, number, published_only=True)  # a draft is not found


def _stored(revision, kind: str) -> FileResponse | None:
    """A long revision's file as a worker stored it for the current public version (reports/stored_files.py);
    None for a revision short enough to write in the request."""
    if revision.declined <= settings.REVISION_DOWNLOAD_MAX_ROWS:
        return None
    path = stored_file(kind, (revision.report_id, revision.number))
    return _send(path, f"ddor-{revision.report.period_start:%Y-%m-%d}-rev{revision.number}.{kind}")


def _stored_corrections(kind: str) -> FileResponse | None:
    """The corrections' file as a worker stored it for the current public version, once there are more than
    CORRECTIONS_DOWNLOAD_MAX_ROWS; None while they are few enough to write in the request."""
    if not Correction.objects.all()[settings.CORRECTIONS_DOWNLOAD_MAX_ROWS :].exists():
        return None
    return _send(stored_file(f"corrections-{kind}"), f"ddor-corrections.{kind}")


def _send(path, name: str) -> FileResponse:
    csv = name.endswith(".csv")
    content_type = "text/csv; charset=utf-8" if csv else "application/json"
    return FileResponse(path.open("rb"), content_type=content_type, as_attachment=csv, filename=name)


class RevisionCsvView(_Download):
    @extend_schema(
        summary="One revision's Sections I–III as CSV (columns: README, Open data)",
        tags=["open data"],
        description=LONG_REVISION,
        responses={**CSV, **errors(404), **BEING_BUILT},
    )
    def get(self, request: Request, report_id: int, number: int) -> HttpResponse:
        revision = _published_revision(report_id, number)
        if stored := _stored(revision, "csv"):
            return stored
        name = f"ddor-{revision.report.period_start:%Y-%m-%d}-rev{revision.number}.csv"
        return opendata.csv_response(name, opendata.REVISION_COLUMNS, opendata.revision_rows(revision))


class RevisionJsonView(_Download):
    @extend_schema(
        summary="One revision's Sections I–III as JSON, with the CSV's field names",
        tags=["open data"],
        description=LONG_REVISION,
        responses={**JSON, **errors(404), **BEING_BUILT},
    )
    def get(self, request: Request, report_id: int, number: int) -> HttpResponse:
        revision = _published_revision(report_id, number)
        if stored := _stored(revision, "json"):
            return stored
        name = f"ddor-{revision.report.period_start:%Y-%m-%d}-rev{revision.number}.json"
        return opendata.json_response(name, opendata.revision_json(revision))


class CorrectionsCsvView(_Download):
    @extend_schema(
        summary="Every correction as CSV (columns: README, Open data)",
        description=MANY_CORRECTIONS,
        tags=["open data"],
        responses={**CSV, **BEING_BUILT},
    )
    def get(self, request: Request) -> HttpResponse:
        if stored := _stored_corrections("csv"):
            return stored
        rows = opendata.correction_rows(public_corrections())
        return opendata.csv_response("ddor-corrections.csv", opendata.CORRECTION_COLUMNS, rows)


class CorrectionsJsonView(_Download):
    @extend_schema(
        summary="Every correction as JSON, with the CSV's field names",
        description=MANY_CORRECTIONS,
        tags=["open data"],
        responses={**JSON_ROWS, **BEING_BUILT},
    )
    def get(self, request: Request) -> HttpResponse:
        if stored := _stored_corrections("json"):
            return stored
        return opendata.json_response("ddor-corrections.json", opendata.correction_rows(public_corrections()))


class SeriesZipView(_Download):
    @extend_schema(
        summary="Every revision of every published report and the corrections, CSV and JSON, in one zip",
        description="Built once for each public version. Just after a change the first downloads may wait up to "
        "10 s while a worker builds it, and then get 503 with Retry-After until it is ready.",
        tags=["open data"],
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY), **BEING_BUILT},
    )
    def get(self, request: Request) -> HttpResponse:
        path = series_zip_file()  # built once per public version, by a worker (reports/stored_files.py)
        return FileResponse(
            path.open("rb"), content_type="application/zip", as_attachment=True, filename="ddor-series.zip"
        )
