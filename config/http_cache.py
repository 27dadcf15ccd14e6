"""HTTP caching of public pages, downloads and API reads.

- `public_page`: pages that change when something is published (the series, a report, corrections, the
  feed, a jurisdiction, the public API). They carry an ETag and Last-Modified from the public version
  (reports.cache), read in one query; a conditional GET that matches is answered 304 before the view runs,
  and a full answer is kept in Django's cache under that version, so it is rendered once per change.
- `immutable`: a published file that never changes (a revision's or a notice's PDF): its SHA-256 is a
  strong ETag and it may be cached for a year.

Only anonymous requests are cached: one carrying a session, a messages cookie or an Authorization header
goes straight to the view, and config.sessions.NoStoreMiddleware marks its answer `private, no-store`.
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from reports.cache import public_state

log = logging.getLogger(__name__)
SAFE = ("GET", "HEAD")
REVALIDATE = "public, max-age=0, must-revalidate"
IMMUTABLE = "public, max-age=31536000, immutable"
# Headers a stored answer is served with again; the middleware adds the rest on every request.
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def is_anonymous(request: HttpRequest) -> bool:
    """A request no answer could be personal to: no session, no pending messages, no credentials."""
    cookies = request.COOKIES
    return (
        "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def _throttled(request: HttpRequest) -> bool:
    """Whether the API's rate limits refuse this request; counted once (the view does not count it again)."""
    from config.throttles import count_once

    return not count_once(request)


def _stored(key: str) -> HttpResponse | None:
    try:
        kept = caches["public"].get(key)
    except Exception:  # noqa: BLE001  (a cache outage costs a render, never an error)
        log.warning("public cache unreachable; rendering", exc_info=True)
        return None
    if kept is None:
        return None
    status, content, headers = kept
    return HttpResponse(content, status=status, headers=headers)


def _store(key: str, response: HttpResponse) -> None:
    if response.status_code != 200 or response.streaming or len(response.content) > settings.PUBLIC_CACHE_MAX_BYTES:
        return
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    try:
        caches["public"].set(key, (response.status_code, response.content, headers), settings.PUBLIC_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        log.warning("public cache unreachable; not stored", exc_info=True)


def _validators(response: HttpResponse, etag: str, last_modified, cache_control: str) -> HttpResponse:
    response.headers.setdefault("ETag", etag)
    if last_modified is not None:
        response.headers.setdefault("Last-Modified", http_date(last_modified.timestamp()))
    response["Cache-Control"] = cache_control
    response.public = True  # NoStoreMiddleware leaves it cacheable for the anonymous request it answers
    return response


def public_page(view: Callable | None = None, *, store: bool = True) -> Callable:
    """ETag/Last-Modified from the public version, 304 for a matching conditional GET, and (with `store`) the
    rendered answer kept in the cache until the next public change."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in SAFE or not is_anonymous(request):
                return view(request, *args, **kwargs)
            if request.path.startswith("/api/") and _throttled(request):
                return view(request, *args, **kwargs)
            state = public_state()
            etag, modified = f'"{state.tag}"', state.last_modified
            # Whole seconds, as the header has them; a client sending both validators is judged by the ETag.
            response = get_conditional_response(request, etag=etag, last_modified=int(modified.timestamp()))
            if response is not None:
                return _validators(response, etag, modified, REVALIDATE)
            key = f"public-page:{state.tag}:{request.get_full_path()}"
            response = _stored(key) if store else None
            if response is None:
                response = view(request, *args, **kwargs)
                if callable(getattr(response, "render", None)) and not response.is_rendered:
                    response.render()
                if response.status_code != 200:
                    return response
                if store:
                    _store(key, response)
            return _validators(response, etag, modified, REVALIDATE)

        return wrapped

    return decorate(view) if view is not None else decorate


def immutable(sha_of: Callable[..., str | None]) -> Callable:
    """For a published file that never changes: `sha_of(**url kwargs)` gives its SHA-256, or None while it is
    not there yet (the view then answers as it does)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            sha = sha_of(**kwargs) if request.method in SAFE else None
            if not sha:
                return view(request, *args, **kwargs)
            etag = f'"{sha}"'
            response = get_conditional_response(request, etag=etag)
            if response is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200:
                    return response
            if not is_anonymous(request):
                response.headers.setdefault("ETag", etag)
                return response
            return _validators(response, etag, None, IMMUTABLE)

        return wrapped

    return decorate
