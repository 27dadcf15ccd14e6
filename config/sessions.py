"""Session lifetime and caching of private responses."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

PRIVATE_PREFIXES = ("/portal/", "/review/", "/evidence/", "/admin/", "/accounts/", "/api/")
STARTED = "session_started"


class SessionLifetimeMiddleware:
    """End a signed-in session SESSION_ABSOLUTE_SECONDS after sign-in, however active (idle expiry is the cookie's)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            started = request.session.setdefault(STARTED, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class NoStoreMiddleware:
    """Private content is never cached: any response to a signed-in user, and every private path."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        authenticated = getattr(getattr(request, "user", None), "is_authenticated", False)
        # A public API read answered by config.http_cache to an anonymous request may be cached.
        private_path = request.path.startswith(PRIVATE_PREFIXES) and not getattr(response, "public", False)
        if authenticated or "HTTP_AUTHORIZATION" in request.META or private_path:
            add_never_cache_headers(response)
            response["Cache-Control"] = "private, no-store, max-age=0"
        return response
