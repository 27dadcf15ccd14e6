"""Role checks and error pages shared by the server-rendered views."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from config.errors import NotAllowed, ServiceError

from ..selectors import account_for


def error_page(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    """A page stating a service error's message, with its HTTP status."""
    return render(request, "public/error.html", {"status": exc.status, "message": exc.message}, status=exc.status)


def _role_required(role: str, label: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            account = account_for(request.user)
            if account is None or not getattr(account, f"is_{role}"):
                return error_page(request, NotAllowed(f"this page is for {label} accounts only"))
            request.account = account
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


sheriff_required = _role_required("sheriff", "sheriff's office")
reviewer_required = _role_required("reviewer", "agency reviewer")


def staff_required(view: Callable) -> Callable:
    """Signed in with any role account (sheriff or reviewer); which objects they see is the selector's job."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if account_for(request.user) is None:
            return error_page(request, NotAllowed("this page is for sheriff's office and reviewer accounts"))
        return view(request, *args, **kwargs)

    return wrapped


def form_target(page: str, *keep: str) -> Callable:
    """A URL that only takes a form's POST. A GET (reloading the address shown after an error, or a
    bookmark) goes back to the page the form is on instead of answering 405; `keep` names the URL
    arguments that page takes."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "POST":
                return redirect(page, **{name: kwargs[name] for name in keep})
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class ServiceErrorMiddleware:
    """Turn a service error raised by a page view into the error page with its status (400/403/404/409).

    The JSON API never gets here: DRF's exception handler (config.api_errors) answers for it first.
    """

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, ServiceError):
            return None
        record_denial(request, exc)
        return error_page(request, exc)


def record_denial(request, exc: ServiceError) -> None:
    """Log a signed-in user's 403, or 404 on an object they may not see, as a security event."""
    from config.errors import NotFound

    if isinstance(exc, NotAllowed | NotFound) and getattr(request.user, "is_authenticated", False):
        from ..audit import record_event

        record_event(request, "denied", detail=f"{exc.status}: {exc.message}")
