"""Limits on what a request may cost: body size before it is read, upload spooling, sign-in lockouts."""

from collections.abc import Callable

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload, TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def _too_large(request: HttpRequest, size: int | None) -> HttpResponse:
    limit = settings.REQUEST_MAX_BYTES
    detail = f"the request body is {size:,} bytes; the limit is {limit:,}" if size else f"the limit is {limit:,} bytes"
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail}, status=413)
    return render(request, "public/error.html", {"status": 413, "message": detail}, status=413)


class RequestBodyLimitMiddleware:
    """Refuse a body larger than REQUEST_MAX_BYTES from its Content-Length, before anything reads or spools it."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _too_large(request, None) if request.path.startswith("/api/") else HttpResponse(status=400)
        if size > settings.REQUEST_MAX_BYTES:
            return _too_large(request, size)
        return self.get_response(request)


class _Capped:
    """Stop reading an upload once it passes the cap (a body sent without a Content-Length, say)."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.REQUEST_MAX_BYTES:
            raise StopUpload(connection_reset=True)
        return super().receive_data_chunk(raw_data, start)


class CappedMemoryFileUploadHandler(_Capped, MemoryFileUploadHandler):
    pass


class CappedTemporaryFileUploadHandler(_Capped, TemporaryFileUploadHandler):
    pass


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """The answer to a locked-out sign-in: JSON for the API, a page for people."""
    hours = settings.AXES_COOLOFF_TIME
    detail = f"too many failed sign-ins: this account or address is locked for {round(hours * 60)} minutes"
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail}, status=429)
    return render(request, "public/error.html", {"status": 429, "message": detail}, status=429)
