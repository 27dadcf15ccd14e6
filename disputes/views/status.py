"""Small JSON answers the public pages poll to show a notice PDF or a revision the moment it is published."""

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from config.errors import NotFound

from ..models import CorrectionNotice
from ..selectors import notice_revisions


@require_GET
def notice_status(request: HttpRequest, number: str) -> JsonResponse:
    """Whether a notice's PDF is rendered and its revisions published, with the links once they are."""
    notice = CorrectionNotice.objects.filter(number=number).first()
    if notice is None:
        raise NotFound("no correction notice with that number")
    links = [
        {"href": reverse("revision", args=[r.report_id, r.number]), "text": f"Revision {r.number}"}
        for r in notice_revisions(notice)
    ]
    pdf = {"href": reverse("notice-pdf", args=[notice.number]), "text": f"{notice.number}.pdf"} if notice.pdf else None
    return JsonResponse({"pdf": pdf, "revisions": links}, headers={"Cache-Control": "no-store"})


@require_GET
def revision_status(request: HttpRequest, report_id: int, number: int) -> JsonResponse:
    """Whether a published revision's PDF is rendered, with its link once it is."""
    from reports.selectors import get_revision

    revision = get_revision(report_id, number)
    pdf = None
    if revision.pdf:
        pdf = {"href": reverse("revision-pdf", args=[report_id, number]), "text": f"PDF of revision {number}"}
    return JsonResponse({"pdf": pdf}, headers={"Cache-Control": "no-store"})
