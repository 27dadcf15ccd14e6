import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from config.api_errors import server_error
from jurisdictions.views.access import reviewer_required

from . import health
from .middleware import is_database_outage, unavailable_response
from .selectors import pending_work, unresolved_failures


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answering (no dependency is checked)."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic when the database, the broker and storage work; 503 otherwise."""
    checks = {
        "database": health.check_database(),
        "broker": health.check_broker(),
        "storage": health.check_storage(),
    }
    body = {"status": "ok" if not any(checks.values()) else "unavailable"}
    body["checks"] = {name: problem or "ok" for name, problem in checks.items()}
    if checks["database"] is None:
        pending = pending_work()
        body["pending"] = {p.kind: {"count": p.count, "oldest_age_seconds": round(p.oldest_age, 1)} for p in pending}
        body["failed_tasks"] = unresolved_failures().count()
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Pending side effects and failed tasks in the Prometheus text format."""
    pending = pending_work()
    lines = [
        "# HELP detainer_pending_side_effects Side effects (publish, PDFs, emails) not yet done.",
        "# TYPE detainer_pending_side_effects gauge",
        *(f'detainer_pending_side_effects{{kind="{p.kind}"}} {p.count}' for p in pending),
        "# HELP detainer_pending_oldest_age_seconds Age of the oldest side effect not yet done.",
        "# TYPE detainer_pending_oldest_age_seconds gauge",
        *(f'detainer_pending_oldest_age_seconds{{kind="{p.kind}"}} {p.oldest_age:.1f}' for p in pending),
        "# HELP detainer_failed_tasks Tasks that failed after every retry and wait for an operator.",
        "# TYPE detainer_failed_tasks gauge",
        f"detainer_failed_tasks {unresolved_failures().count()}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; version=0.0.4; charset=utf-8")


@reviewer_required
def status(request: HttpRequest) -> HttpResponse:
    """Reviewers see how much publishing work is waiting and which tasks failed."""
    return render(
        request,
        "review/status.html",
        {"pending": pending_work(), "failures": unresolved_failures()[:100]},
    )


def handler500(request: HttpRequest) -> HttpResponse:
    """A database outage raised outside a view (sessions, authentication) is a 503 too."""
    exc = sys.exc_info()[1]
    if exc is not None and is_database_outage(exc):
        return unavailable_response(request)
    return server_error(request)
