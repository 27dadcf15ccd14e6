"""In front of Django (config/wsgi.py): anonymous reads of public pages answered from the public cache.

An answer that config.http_cache marked public (`Cache-Control: public, max-age=0, must-revalidate` with an
ETag of the public version it was rendered under) is kept whole, headers and body, in the "public" cache.
The next anonymous GET of the same URL under the same public version gets it back, or a 304 when its
validators match, before any middleware or view runs. A request with a session, pending messages or
credentials, a PDF, anything else, or any failure goes to Django as usual.

The version comes from config.public_watch when this process is listening for changes (PostgreSQL), else
from one query. Answers are kept twice: in this process's memory for the current version only (`Local`,
bounded in bytes), and in the shared cache, so that a page is rendered once per change for all processes.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
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
# A 304 repeats the headers RFC 9110 (15.4.5) asks for, and Last-Modified, as Django's own 304s do; a
# browser keeps the rest (the security headers among them) from the answer it stored.
NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "date", "etag", "expires", "last-modified", "vary"}


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


class Stored:
    """An answer as kept in this process: its parts, its validators, and the headers a 304 of it repeats."""

    __slots__ = ("status", "headers", "body", "etag", "modified", "unchanged")

    def __init__(self, status: str, headers: list, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body
        found = dict(headers)
        self.etag = found.get("ETag")
        self.modified = parse_http_date_safe(found.get("Last-Modified", ""))
        self.unchanged = [(k, v) for k, v in headers if k.lower() in NOT_MODIFIED_HEADERS]

    def not_modified(self, environ: dict) -> bool:
        if "HTTP_IF_NONE_MATCH" in environ:
            sent = environ["HTTP_IF_NONE_MATCH"]
            if sent == self.etag:
                return True
            wanted = parse_etags(sent)
            return "*" in wanted or self.etag in wanted
        if "HTTP_IF_MODIFIED_SINCE" not in environ:
            return False
        since = parse_http_date_safe(environ["HTTP_IF_MODIFIED_SINCE"])
        return since is not None and self.modified is not None and self.modified <= since


class Local:
    """This process's copy of the current version's answers, at most `limit` bytes of bodies (oldest dropped first)."""

    def __init__(self, limit: int) -> None:
        self.limit, self.tag, self.answers, self.size = limit, None, {}, 0

    def get(self, tag: str, url: str) -> Stored | None:
        return self.answers.get(url) if tag == self.tag else None

    def put(self, tag: str, url: str, answer: tuple) -> Stored:
        stored = Stored(*answer)
        if tag != self.tag:
            self.tag, self.answers, self.size = tag, {}, 0
        if url in self.answers or len(stored.body) > self.limit:
            return stored
        while self.answers and self.size + len(stored.body) > self.limit:
            self.size -= len(self.answers.pop(next(iter(self.answers))).body)
        self.answers[url] = stored
        self.size += len(stored.body)
        return stored


class PublicFront:
    """WSGI middleware: serve stored public answers, and store the ones Django marks public."""

    def __init__(self, app, watch=None) -> None:
        self.app, self.watch = app, watch
        self.local = Local(settings.PUBLIC_LOCAL_MAX_BYTES)

    def __call__(self, environ: dict, start_response):
        if not eligible(environ):
            return self.app(environ, start_response)
        answer = self._stored(environ)
        if answer is None:
            return self._through(environ, start_response)
        if answer.not_modified(environ):
            start_response("304 Not Modified", answer.unchanged)
            return []
        start_response(answer.status, answer.headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [answer.body]

    def _stored(self, environ: dict) -> Stored | None:
        state = None
        if self.watch is not None:
            self.watch.ensure_started()
            state = self.watch.state()
        tag = state.tag if state is not None else self._asked()
        if tag is None:
            return None
        url = _url(environ)
        if environ.get("PATH_INFO", "").startswith("/api/") and not _counted(environ):
            return None
        answer = self.local.get(tag, url)
        if answer is not None:
            return answer
        try:
            answer = caches["public"].get(f"front:{tag}:{url}")
        except Exception:  # noqa: BLE001  (a cache outage costs a render, never an error)
            log.warning("public cache unreachable; rendering", exc_info=True)
            return None
        return None if answer is None else self.local.put(tag, url, answer)

    def _asked(self) -> str | None:
        """The version's tag from the database, or None when it cannot be read (Django then answers)."""
        # Django's request signals are not sent here: they would check the connection with an extra query
        # on every request. A connection past its age is closed (never inside a transaction, as in a test),
        # and a failing one is left to Django.
        expired = connection.close_at is not None and time.monotonic() >= connection.close_at
        if expired and not connection.in_atomic_block:
            connection.close()
        try:
            return public_tag()
        except DatabaseError:
            if not connection.in_atomic_block:
                connection.close()
            return None  # Django answers: a 503 while the database is down

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
        tag, url, answer = etag.strip(chr(34)), _url(environ), (seen["status"], seen["headers"], body)
        self.local.put(tag, url, answer)
        try:
            caches["public"].set(f"front:{tag}:{url}", answer, settings.PUBLIC_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            log.warning("public cache unreachable; not stored", exc_info=True)
        return [body]


def _counted(environ: dict) -> bool:
    """The API's rate limits apply to answers from the cache too."""
    from config.throttles import count_anonymous

    return count_anonymous(environ)
