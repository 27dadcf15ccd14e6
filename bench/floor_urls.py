"""The least a report page could cost through Django: bench/load.py's floor line beside the cold report page.

/floor/<report>/ runs through the site's own middleware and database and reads only what a report page cannot
do without (its current revision with the report, the revision history, the first 100 Section II rows: three
queries), then answers with as many bytes as the real page, rendering nothing. The real page also reads the
entries' live marks, the notices that corrected it, the disputes pending on it and the public version, and
renders its template.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from reports.frozen import section_ii
from reports.selectors import get_revision, revision_history

PAGE_BYTES = 80_000  # about the real page's size


def floor_page(request: HttpRequest, report_id: int) -> HttpResponse:
    revision = get_revision(report_id, published_only=True)
    history = list(revision_history(report_id))
    rows = section_ii(revision, 0, 100)
    body = f"<!doctype html><title>{revision.report.label}</title><p>{len(history)} {len(rows)}</p>"
    return HttpResponse(body + " " * (PAGE_BYTES - len(body)))


urlpatterns = [path("floor/<int:report_id>/", floor_page), path("", include("config.urls"))]
