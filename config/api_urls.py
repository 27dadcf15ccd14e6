"""The JSON API under /api/v1/; its OpenAPI schema is served at /api/schema/."""

from django.urls import path

from config.http_cache import public_page
from config.tokens import ObtainTokenView, RevokeTokenView
from disputes.views import api as disputes
from disputes.views import api_appeals as appeals
from disputes.views import api_cases as cases
from reports.views import api as reports

urlpatterns = [
    path("token/", ObtainTokenView.as_view(), name="api-token"),
    path("token/logout/", RevokeTokenView.as_view(), name="api-token-logout"),
    # Public reads: validators and cache for anonymous requests (config/http_cache.py).
    path("reports/", public_page(reports.ReportListView.as_view()), name="api-reports"),
    path("reports/<id:report_id>/", public_page(reports.ReportDetailView.as_view()), name="api-report"),
    path(
        "reports/<id:report_id>/revisions/<id:number>/",
        public_page(reports.RevisionDetailView.as_view()),
        name="api-revision",
    ),
    path("reports/<id:report_id>/findings/", reports.FindingListView.as_view(), name="api-report-findings"),
    path(
        "reports/<id:report_id>/findings/<id:finding_id>/acknowledge/",
        reports.AcknowledgeFindingView.as_view(),
        name="api-finding-acknowledge",
    ),
    path("reports/<id:report_id>/publish/", reports.PublishReportView.as_view(), name="api-report-publish"),
    path("reports/<id:report_id>/discard/", reports.DiscardReportView.as_view(), name="api-report-discard"),
    path("jurisdictions/<str:fips>/", public_page(reports.JurisdictionDetailView.as_view()), name="api-jurisdiction"),
    path("entries/", disputes.EntryListView.as_view(), name="api-entries"),
    path("entries/<id:entry_id>/", disputes.EntryDetailView.as_view(), name="api-entry"),
    path("entries/<id:entry_id>/dispute/", disputes.FileDisputeView.as_view(), name="api-entry-dispute"),
    path("disputes/", disputes.DisputeListView.as_view(), name="api-disputes"),
    path("disputes/<id:dispute_id>/", disputes.DisputeDetailView.as_view(), name="api-dispute"),
    path("disputes/<id:dispute_id>/evidence/", disputes.EvidenceUploadView.as_view(), name="api-dispute-evidence"),
    path("disputes/<id:dispute_id>/submit/", disputes.SubmitDisputeView.as_view(), name="api-dispute-submit"),
    path("disputes/<id:dispute_id>/decide/", disputes.DecideDisputeView.as_view(), name="api-dispute-decide"),
    path("evidence/<id:evidence_id>/file", disputes.EvidenceFileView.as_view(), name="api-evidence-file"),
    path("cases/", cases.CaseListView.as_view(), name="api-cases"),
    path("cases/<id:case_id>/", cases.CaseDetailView.as_view(), name="api-case"),
    path("cases/<id:case_id>/entries/", cases.CaseEntriesView.as_view(), name="api-case-entries"),
    path("cases/<id:case_id>/entries/<id:entry_id>/", cases.CaseEntryView.as_view(), name="api-case-entry"),
    path("cases/<id:case_id>/evidence/", cases.CaseEvidenceView.as_view(), name="api-case-evidence"),
    path("cases/<id:case_id>/submit/", cases.CaseSubmitView.as_view(), name="api-case-submit"),
    path("cases/<id:case_id>/decision/preview/", cases.CasePreviewView.as_view(), name="api-case-preview"),
    path("cases/<id:case_id>/decide/", cases.CaseDecideView.as_view(), name="api-case-decide"),
    path("cases/<id:case_id>/appeal/", appeals.CaseAppealView.as_view(), name="api-case-appeal"),
    path("cases/<id:case_id>/appeal/decide/", appeals.AppealDecideView.as_view(), name="api-appeal-decide"),
    path("cases/<id:case_id>/statement/", appeals.StatementView.as_view(), name="api-case-statement"),
    path("cases/<id:case_id>/statement/review/", appeals.StatementReviewView.as_view(), name="api-statement-review"),
    path("cases/<id:case_id>/claim/", appeals.CaseClaimView.as_view(), name="api-case-claim"),
    path("cases/<id:case_id>/assign/", appeals.CaseAssignView.as_view(), name="api-case-assign"),
    path("review/workload/", appeals.WorkloadView.as_view(), name="api-workload"),
    path("evidence/<id:evidence_id>/", cases.EvidenceDeleteView.as_view(), name="api-evidence"),
    path("agency-corrections/preview/", cases.AgencyPreviewView.as_view(), name="api-agency-preview"),
    path("agency-corrections/", cases.AgencyCorrectionView.as_view(), name="api-agency-corrections"),
    path("corrections/", public_page(disputes.CorrectionListView.as_view()), name="api-corrections"),
]
