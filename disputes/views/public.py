"""Public pages: every correction, its Atom feed and its notice PDF. No evidence and no names of people."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from config.errors import NotFound
from reports.models import ListedDetainer

from ..models import Correction
from ..selectors import public_corrections

FIELD_LABELS = {
    "facility": "Facility",
    "citizenship": "Citizenship",
    "detainer_issued": "Detainer issued",
    "declined": "Declined",
    "criminal_activity": "Notable criminal activity",
    "activity_basis": "Basis",
}
FEED_SIZE = 50


def _shown(key: str, value: str) -> str:
    if key in ("detainer_issued", "declined") and value:
        return f"{dt.date.fromisoformat(value):%b %-d, %Y}"
    if key == "activity_basis":
        return ListedDetainer.Basis(value or "").label
    return value or "—"


def changes(correction: Correction) -> list[dict]:
    """What an amendment changed, field by field, as before → after; empty for a removal."""
    if correction.action != Correction.Action.AMEND:
        return []
    before, after = correction.before, correction.after
    rows = []
    if before.get("fips") != after.get("fips"):
        rows.append(
            {
                "label": "Jurisdiction",
                "before": f"{before.get('jurisdiction')}, {before.get('state')}",
                "after": f"{after.get('jurisdiction')}, {after.get('state')}",
            }
        )
    for key, label in FIELD_LABELS.items():
        if before.get(key) != after.get(key):
            rows.append({"label": label, "before": _shown(key, before.get(key)), "after": _shown(key, after.get(key))})
    return rows


def listed_as(correction: Correction) -> dict:
    """The entry as it was published before the correction, for display."""
    before = correction.before
    return {
        "row": correction.entry.row_number,
        "jurisdiction": f"{before.get('jurisdiction')}, {before.get('state')}",
        **{key: _shown(key, before.get(key, "")) for key in FIELD_LABELS},
    }


def corrections(request: HttpRequest) -> HttpResponse:
    """Every correction ever made, newest first, with its notice and the revision that carries it."""
    rows = [
        {"correction": c, "changes": changes(c), "listed_as": listed_as(c), "notice": getattr(c, "notice", None)}
        for c in public_corrections()
    ]
    return render(request, "public/corrections.html", {"rows": rows})


def notice_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """A correction notice's PDF, once the worker has rendered it."""
    correction = public_corrections().filter(notice__number=number).first()
    if correction is None:
        raise NotFound("no correction notice with that number")
    if not correction.notice.pdf:
        raise NotFound("the PDF of this notice is still being generated; try again in a minute")
    return FileResponse(correction.notice.pdf.open("rb"), content_type="application/pdf", filename=f"{number}.pdf")


class CorrectionsFeed(Feed):
    """Atom feed of corrections, newest first."""

    feed_type = Atom1Feed
    title = "Detainer Corrections: corrections to Declined Detainer Outcome Reports"
    subtitle = "Every entry removed from or amended in a published DDOR after a jurisdiction's dispute."

    def link(self) -> str:
        return reverse("corrections")

    def items(self):
        return public_corrections()[:FEED_SIZE]

    def item_title(self, item: Correction) -> str:
        before = item.before
        verb = "removed from" if item.action == Correction.Action.REMOVE else "amended in"
        where = f"{before.get('jurisdiction')}, {before.get('state')}"
        return f"{item.notice.number}: {where} entry {verb} {item.entry.report}"

    def item_description(self, item: Correction) -> str:
        lines = [f"Ground: {item.decision.dispute.get_ground_display()}."]
        lines += [f"{c['label']}: {c['before']} → {c['after']}." for c in changes(item)]
        lines.append(f"Rationale: {item.decision.rationale}")
        if item.revision_id:
            lines.append(f"Published in revision {item.revision.number} of the report.")
        return " ".join(lines)

    def item_link(self, item: Correction) -> str:
        return f"{reverse('corrections')}#{item.notice.number}"

    def item_pubdate(self, item: Correction):
        return item.decision.decided_at

    def item_updateddate(self, item: Correction):
        return item.decision.decided_at
