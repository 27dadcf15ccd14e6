from django.urls import path

from .views import opendata, public, review

urlpatterns = [
    path("", public.home, name="home"),
    path("reports/<id:report_id>/", public.report_detail, name="report"),
    path("reports/<id:report_id>/revisions/<id:number>/", public.revision_detail, name="revision"),
    path("reports/<id:report_id>/revisions/<id:number>/pdf", public.revision_pdf, name="revision-pdf"),
    path("reports/<id:report_id>/revisions/<id:number>.csv", opendata.RevisionCsvView.as_view(), name="revision-csv"),
    path(
        "reports/<id:report_id>/revisions/<id:number>.json", opendata.RevisionJsonView.as_view(), name="revision-json"
    ),
    path("jurisdictions/<str:fips>/", public.jurisdiction_detail, name="jurisdiction"),
    path("data/corrections.csv", opendata.CorrectionsCsvView.as_view(), name="corrections-csv"),
    path("data/corrections.json", opendata.CorrectionsJsonView.as_view(), name="corrections-json"),
    path("data/ddor-series.zip", opendata.SeriesZipView.as_view(), name="series-zip"),
    # Agency review of drafts
    path("review/reports/", review.draft_list, name="drafts"),
    path("review/reports/<id:report_id>/", review.draft_detail, name="draft"),
    path("review/reports/<id:report_id>/findings.csv", review.findings_csv, name="draft-findings-csv"),
]
