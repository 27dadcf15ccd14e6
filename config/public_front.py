"""In front of Django (config/wsgi.py): anonymous reads of public pages answered from the public cache.

An answer that config.http_cache marked public (`Cache-Control: public, max-age=0, must-revalidate` with an
ETag of the public version it was rendered under) is kept whole, headers and body, in the "public" cache.
The next anonymous GET of the same URL under the same public version gets it back, or a 304 when its
validators match, after one query for the version and before any middleware or view runs. A request with
a session, pending messages or credentials, a PDF, anything else, or any failure goes to Django as usual.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError, connection
from django.utils.http import parse_etags, parse_http_date_safe

from config.http_cache import REVALIDATE
from reports.cache import public_tag

log = logging.getLogger(__name__)

PUBLIC_PREFIXES = (
    "/reports/",
    "/corrections/",
    "/jurisdictions/",
    "/data/",
    "/api/v1/reports/",
    "/api/v1/corrections/",
    "/api/v1/jurisdictions/",
)
# A 304 repeats the headers a 200 would have had, less those describing a body.
BODY_HEADERS = {"content-type", "content-length", "content-disposition"}


def eligible(environ: dict) -> bool:
    """An anonymous GET or HEAD of a public page: one nobody's answer could be personal to."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
        return False
    cookie = environ.get("HTTP_COOKIE", "")
    if f"{settings.SESSION_COOKIE_NAME}=" in cookie or "messages=" in cookie:
        return False
    path = environ.get("PATH_INFO", "")
    return (path == "/" or path.startswith(PUBLIC_PREFIXES)) and not path.endswith(("pdf", ".zip"))


def _url(environ: dict) -> str:
    query = environ.get("QUERY_STRING", "")
    return environ.get("PATH_INFO", "") + (f"?{query}" if query else "")


def _not_modified(environ: dict, headers: list[tuple[str, str]]) -> bool:
    found = dict(headers)
    if "HTTP_IF_NONE_MATCH" in environ:
        wanted = parse_etags(environ["HTTP_IF_NONE_MATCH"])
        return "*" in wanted or found.get("ETag") in wanted
    since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
    modified = parse_http_date_safe(found.get("Last-Modified", ""))
    return since is not None and modified is not None and modified <= since


class PublicFront:
    """WSGI middleware: serve stored public answers, and store the ones Django marks public."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response):
        if not eligible(environ):
            return self.app(environ, start_response)
        answer = self._stored(environ)
        if answer is None:
            return self._through(environ, start_response)
        status, headers, body = answer
        if _not_modified(environ, headers):
            start_response("304 Not Modified", [(k, v) for k, v in headers if k.lower() not in BODY_HEADERS])
            return []
        start_response(status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _stored(self, environ: dict) -> tuple | None:
        # Django's request signals are not sent here: they would check the connection with an extra query
        # on every request. A connection past its age is closed (never inside a transaction, as in a test),
        # and a failing one is left to Django.
        expired = connection.close_at is not None and time.monotonic() >= connection.close_at
        if expired and not connection.in_atomic_block:
            connection.close()
        try:
            tag = public_tag()
            if environ.get("PATH_INFO", "").startswith("/api/") and not _counted(environ):
                return None
            return caches["public"].get(f"front:{tag}:{_url(environ)}")
        except DatabaseError:
            if not connection.in_atomic_block:
                connection.close()
            return None  # Django answers: a 503 while the database is down
        except Exception:  # noqa: BLE001  (a cache outage costs a render, never an error)
            log.warning("public cache unreachable; rendering", exc_info=True)
            return None

    def _through(self, environ: dict, start_response):
        """Let Django answer, and keep the answer when it is public, whole and small enough."""
        seen: dict = {}

        def remember(status: str, headers: list, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        result = self.app(environ, remember)
        headers = dict(seen.get("headers", []))
        etag = headers.get("ETag", "")
        if (
            environ["REQUEST_METHOD"] != "GET"
            or not seen.get("status", "").startswith("200")
            or headers.get("Cache-Control") != REVALIDATE
            or not etag.startswith('"')
            or "Set-Cookie" in headers
            or int(headers.get("Content-Length", settings.PUBLIC_CACHE_MAX_BYTES + 1)) > settings.PUBLIC_CACHE_MAX_BYTES
        ):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        try:
            caches["public"].set(
                f"front:{etag.strip(chr(34))}:{_url(environ)}",
                (seen["status"], seen["headers"], body),
                settings.PUBLIC_CACHE_SECONDS,
            )
        except Exception:  # noqa: BLE001
            log.warning("public cache unreachable; not stored", exc_info=True)
        return [body]


def _counted(environ: dict) -> bool:
    """The API's rate limits apply to answers from the cache too."""
    from config.throttles import count_once

    return count_once(WSGIRequest(environ))
