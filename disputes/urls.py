from django.urls import path

from config.http_cache import immutable, public_page

from .selectors import notice_pdf_sha
from .views import agency, followup, portal, portal_cases, public, review, status

urlpatterns = [
    # Public (validators and cache: config/http_cache.py)
    path("corrections/", public_page(public.corrections), name="corrections"),
    path("corrections/feed/", public_page(public.CorrectionsFeed()), name="corrections-feed"),
    path("corrections/feed.xsl", public.feed_stylesheet, name="corrections-feed-style"),
    path("corrections/<str:number>/", public_page(public.notice_detail), name="notice"),
    path("corrections/<str:number>.pdf", immutable(notice_pdf_sha)(public.notice_pdf), name="notice-pdf"),
    path("corrections/<str:number>/status", status.notice_status, name="notice-status"),
    path(
        "reports/<id:report_id>/revisions/<id:number>/status", status.revision_status, name="revision-status"
    ),
    # Sheriff's-office portal
    path("portal/", portal.entry_list, name="portal"),
    path("portal/bulk-dispute/", portal.bulk_dispute, name="portal-bulk-dispute"),
    path("portal/entries/<id:entry_id>/", portal.entry_detail, name="portal-entry"),
    path("portal/entries/<id:entry_id>/dispute/", portal.file_dispute, name="portal-dispute"),
    path("portal/disputes/<id:dispute_id>/evidence/", portal.add_evidence, name="portal-evidence"),
    path("portal/disputes/<id:dispute_id>/submit/", portal.submit_dispute, name="portal-submit"),
    path("portal/cases/<id:case_id>/", portal_cases.case_detail, name="portal-case"),
    path("portal/cases/<id:case_id>/evidence/", portal_cases.case_evidence, name="portal-case-evidence"),
    path(
        "portal/cases/<id:case_id>/evidence/<id:evidence_id>/delete/",
        portal_cases.case_evidence_delete,
        name="portal-case-evidence-delete",
    ),
    path(
        "portal/cases/<id:case_id>/entries/<id:entry_id>/remove/",
        portal_cases.case_entry_remove,
        name="portal-case-entry-remove",
    ),
    path(
        "portal/cases/<id:case_id>/entries/<id:entry_id>/note/",
        portal_cases.case_entry_note,
        name="portal-case-entry-note",
    ),
    path("portal/cases/<id:case_id>/submit/", portal_cases.case_submit, name="portal-case-submit"),
    path("portal/cases/<id:case_id>/appeal/", followup.appeal, name="portal-case-appeal"),
    path("portal/cases/<id:case_id>/statement/", followup.statement, name="portal-case-statement"),
    path("evidence/<id:evidence_id>/", portal.evidence_file, name="evidence"),
    # Agency review
    path("review/", review.queue, name="review"),
    path("review/disputes/<id:dispute_id>/", review.dispute_detail, name="review-dispute"),
    path("review/cases/<id:case_id>/", review.case_detail, name="review-case"),
    path("review/agency-correction/", agency.agency_correction, name="review-agency"),
    path("review/security/", review.security_log, name="review-security"),
    path("review/workload/", followup.dashboard, name="review-workload"),
    path("review/cases/<id:case_id>/claim/", followup.claim, name="review-case-claim"),
    path("review/cases/<id:case_id>/assign/", followup.assign, name="review-case-assign"),
    path("review/cases/<id:case_id>/appeal/", followup.decide_appeal, name="review-appeal-decide"),
    path("review/cases/<id:case_id>/statement/", followup.review_statement, name="review-statement"),
]
