"""Every API answer that is an error is JSON `{detail, field}`: service errors, DRF's own, and Django's 404/400/500."""

from django.http import JsonResponse
from django.views import defaults
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ServiceError

MAX_INT = 2**63 - 1


def _first_problem(data, field=None) -> tuple[str | None, str]:
    if isinstance(data, dict):
        for key, value in data.items():
            return _first_problem(value, field if key in ("non_field_errors", "detail") else key)
    if isinstance(data, list) and data:
        return _first_problem(data[0], field)
    return field, str(data)


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        from jurisdictions.views.access import record_denial

        record_denial(context["request"], exc)
        body = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        retry_after = getattr(exc, "retry_after", None)
        return Response(body, status=exc.status, headers={"Retry-After": str(retry_after)} if retry_after else None)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        field, message = _first_problem(response.data)
        response.data = {"detail": f"{field}: {message}" if field else message, **({"field": field} if field else {})}
    return response


class Pagination(LimitOffsetPagination):
    """Limit/offset pages of at most 1,000; a number too large for the database is a 400, not a 500."""

    max_limit = 1000

    def get_offset(self, request):
        offset = super().get_offset(request)
        if offset > MAX_INT:
            raise ServiceError("offset is too large", field="offset")
        return offset


def _api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "no such endpoint or object"}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "bad request"}, status=400)
    return defaults.bad_request(request, exception)


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": "the server could not answer; try again later"}, status=500)
    return defaults.server_error(request)
