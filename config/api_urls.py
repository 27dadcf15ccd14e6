"""The JSON API under /api/v1/; its OpenAPI schema is served at /api/schema/."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

from disputes.views import api as disputes
from reports.views import api as reports

urlpatterns = [
    path("token/", obtain_auth_token, name="api-token"),
    path("reports/", reports.ReportListView.as_view(), name="api-reports"),
    path("reports/<int:report_id>/", reports.ReportDetailView.as_view(), name="api-report"),
    path("reports/<int:report_id>/revisions/<int:number>/", reports.RevisionDetailView.as_view(), name="api-revision"),
    path("entries/", disputes.EntryListView.as_view(), name="api-entries"),
    path("entries/<int:entry_id>/", disputes.EntryDetailView.as_view(), name="api-entry"),
    path("entries/<int:entry_id>/dispute/", disputes.FileDisputeView.as_view(), name="api-entry-dispute"),
    path("disputes/", disputes.DisputeListView.as_view(), name="api-disputes"),
    path("disputes/<int:dispute_id>/", disputes.DisputeDetailView.as_view(), name="api-dispute"),
    path("disputes/<int:dispute_id>/evidence/", disputes.EvidenceUploadView.as_view(), name="api-dispute-evidence"),
    path("disputes/<int:dispute_id>/submit/", disputes.SubmitDisputeView.as_view(), name="api-dispute-submit"),
    path("disputes/<int:dispute_id>/decide/", disputes.DecideDisputeView.as_view(), name="api-dispute-decide"),
    path("evidence/<int:evidence_id>/file", disputes.EvidenceFileView.as_view(), name="api-evidence-file"),
    path("corrections/", disputes.CorrectionListView.as_view(), name="api-corrections"),
]
