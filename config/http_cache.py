"""HTTP caching of public pages, downloads and API reads.

- `public_page`: pages that change when something is published (the series, a report, corrections, the
  feed, a jurisdiction, the public API). They carry an ETag and Last-Modified from the public version
  (reports.cache), read in one query, and a conditional GET that matches is answered 304 before the view
  runs. config.public_front keeps the full answer in the cache under that version, so it is rendered once
  per change.
- `immutable`: a published file that never changes (a revision's or a notice's PDF): its SHA-256 is a
  strong ETag and it may be cached for a year.

Only anonymous requests are cached: one carrying a session, a messages cookie or an Authorization header
goes straight to the view, and config.sessions.NoStoreMiddleware marks its answer `private, no-store`.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from reports.cache import public_state

SAFE = ("GET", "HEAD")
REVALIDATE = "public, max-age=0, must-revalidate"
IMMUTABLE = "public, max-age=31536000, immutable"


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


def _validators(response: HttpResponse, etag: str, last_modified, cache_control: str) -> HttpResponse:
    # Always the validators the conditional GET is judged by: a view's own (the feed's Last-Modified is its
    # newest entry) would be sent back and compared with these, and miss.
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = cache_control
    response.public = True  # NoStoreMiddleware leaves it cacheable for the anonymous request it answers
    return response


def public_page(view: Callable) -> Callable:
    """ETag and Last-Modified from the public version, and 304 for a matching conditional GET."""

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
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
        return _validators(response, etag, modified, REVALIDATE)

    return wrapped


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
