from django.urls import path

from .views import public

urlpatterns = [
    path("", public.home, name="home"),
    path("reports/<int:report_id>/", public.report_detail, name="report"),
    path("reports/<int:report_id>/revisions/<int:number>/", public.revision_detail, name="revision"),
    path("reports/<int:report_id>/revisions/<int:number>/pdf", public.revision_pdf, name="revision-pdf"),
]
