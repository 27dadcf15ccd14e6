from django.urls import path

from config.http_cache import immutable, public_page

from .selectors import revision_pdf_sha
from .views import opendata, public, review

# Public answers carry validators from the public version and are cached until it changes (config/http_cache.py).
urlpatterns = [
    path("", public_page(public.home), name="home"),
    path("reports/<id:report_id>/", public_page(public.report_detail), name="report"),
    path("reports/<id:report_id>/revisions/", public_page(public.revision_list), name="revisions"),
    path("reports/<id:report_id>/revisions/<id:number>/", public_page(public.revision_detail), name="revision"),
    path(
        "reports/<id:report_id>/revisions/<id:number>/pdf",
        immutable(revision_pdf_sha)(public.revision_pdf),
        name="revision-pdf",
    ),
    path(
        "reports/<id:report_id>/revisions/<id:number>.csv",
        public_page(opendata.RevisionCsvView.as_view()),
        name="revision-csv",
    ),
    path(
        "reports/<id:report_id>/revisions/<id:number>.json",
        public_page(opendata.RevisionJsonView.as_view()),
        name="revision-json",
    ),
    path("jurisdictions/<str:fips>/", public_page(public.jurisdiction_detail), name="jurisdiction"),
    path("data/corrections.csv", public_page(opendata.CorrectionsCsvView.as_view()), name="corrections-csv"),
    path("data/corrections.json", public_page(opendata.CorrectionsJsonView.as_view()), name="corrections-json"),
    path("data/ddor-series.zip", public_page(opendata.SeriesZipView.as_view()), name="series-zip"),
    # Agency review of drafts
    path("review/reports/", review.draft_list, name="drafts"),
    path("review/reports/<id:report_id>/", review.draft_detail, name="draft"),
    path("review/reports/<id:report_id>/findings.csv", review.findings_csv, name="draft-findings-csv"),
]
