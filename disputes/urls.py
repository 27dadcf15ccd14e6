from django.urls import path

from .views import portal, public, review

urlpatterns = [
    # Public
    path("corrections/", public.corrections, name="corrections"),
    path("corrections/feed/", public.CorrectionsFeed(), name="corrections-feed"),
    path("corrections/<str:number>.pdf", public.notice_pdf, name="notice-pdf"),
    # Sheriff's-office portal
    path("portal/", portal.entry_list, name="portal"),
    path("portal/bulk-dispute/", portal.bulk_dispute, name="portal-bulk-dispute"),
    path("portal/entries/<int:entry_id>/", portal.entry_detail, name="portal-entry"),
    path("portal/entries/<int:entry_id>/dispute/", portal.file_dispute, name="portal-dispute"),
    path("portal/disputes/<int:dispute_id>/evidence/", portal.add_evidence, name="portal-evidence"),
    path("portal/disputes/<int:dispute_id>/submit/", portal.submit_dispute, name="portal-submit"),
    path("evidence/<int:evidence_id>/", portal.evidence_file, name="evidence"),
    # Agency review
    path("review/", review.queue, name="review"),
    path("review/disputes/<int:dispute_id>/", review.dispute_detail, name="review-dispute"),
]
