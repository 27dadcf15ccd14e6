"""Public pages: every correction, each notice, its Atom feed and its notice PDF. No evidence and no names of people."""

import re

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Stylesheet
from django.utils.html import escape

from config.converters import IdConverter
from config.dates import show_date
from config.errors import NotFound
from reports.models import ListedDetainer
from reports.selectors import get_revision

from ..feeds import StyledAtom1Feed
from ..models import Correction, CorrectionNotice
from ..selectors import correction_facts, frozen_summaries, notice_corrections, notice_summaries, public_notices

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
        return show_date(value)
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


def notice_rows(notices, *, shown: int | None = None) -> list[dict]:
    """Each notice with the entries it changed (as listed, and what changed), in report and row order: all of
    them, or the first `shown` of each (the rest on the notice's page). Its count, jurisdictions, reports and
    revisions are always those of all its entries.

    A published notice froze its summary (count, jurisdictions, reports, revisions); the others are summed up from
    their corrections. With every entry shown, one read of them serves both; otherwise the summaries come first,
    and only the first `shown` entries of a notice that has more are read.
    """
    notices = list(notices)
    ids = [n.decision_id for n in notices]
    frozen = frozen_summaries(notices)
    by_decision: dict[int, list[Correction]] = {pk: [] for pk in ids}
    if shown is None:
        for c in notice_corrections(ids):
            by_decision[c.decision_id].append(c)
        facts = [correction_facts(c) for items in by_decision.values() for c in items]
        summaries = notice_summaries(ids, facts, frozen=frozen)
    else:
        summaries = notice_summaries(ids, frozen=frozen)
        cut = any(summary["count"] > shown for summary in summaries.values())
        if shown != 0:
            for c in notice_corrections(ids, per_notice=shown if cut else None):
                by_decision[c.decision_id].append(c)
    rows = []
    for notice in notices:
        items, summary = by_decision[notice.decision_id], summaries[notice.decision_id]
        rows.append(
            {
                "notice": notice,
                "decision": notice.decision,
                "entries": [{"correction": c, "changes": changes(c), "listed_as": listed_as(c)} for c in items],
                **summary,
                "more": summary["count"] - len(items),
            }
        )
    return rows


# Entries a notice shows in a list of notices (the corrections page, the feed): a batch notice can change 2,000;
# its own page shows them all.
NOTICE_ENTRIES_SHOWN = 10


# Notices a page of /corrections/ shows: its cost stays the same however many corrections there are.
NOTICES_PER_PAGE = 20


def corrections(request: HttpRequest) -> HttpResponse:
    """Every correction notice, newest first and a page at a time, with each entry it changed and the revisions
    that carry it."""
    report = None
    if "report" in request.GET:  # the corrections to one published report
        value = request.GET["report"]
        if not IdConverter.regex_match(value):
            raise NotFound("no published report with that id")
        report = get_revision(int(value), published_only=True).report
    notices = public_notices(report_id=report.pk if report else None)
    page = Paginator(notices, NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    query = f"report={report.pk}" if report else ""
    rows = notice_rows(page.object_list, shown=NOTICE_ENTRIES_SHOWN)
    context = {"rows": rows, "page": page, "report": report, "page_query": query}
    return render(request, "public/corrections.html", context)


def notice_detail(request: HttpRequest, number: str) -> HttpResponse:
    """One correction notice (the address every link to a notice uses): its entries, decision and revisions."""
    notice = public_notices().filter(number=number).first()
    if notice is None:
        raise NotFound("no correction notice with that number")
    return render(request, "public/notice.html", {"row": notice_rows([notice])[0]})


def notice_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """A correction notice's PDF, once the worker has rendered it."""
    notice = CorrectionNotice.objects.filter(number=number).first()
    if notice is None:
        raise NotFound("no correction notice with that number")
    if not notice.pdf:
        raise NotFound("the PDF of this notice is still being generated; try again in a minute")
    return FileResponse(notice.pdf.open("rb"), content_type="application/pdf", filename=f"{number}.pdf")


NOTICE_PAGE = re.compile(r"/corrections/([^/]+)/$")


class CorrectionsFeed(Feed):
    """Atom feed of correction notices, newest first."""

    feed_type = StyledAtom1Feed
    # A browser opening the feed shows it through this stylesheet as a readable page; feed readers ignore it.
    stylesheets = [Stylesheet(reverse_lazy("corrections-feed-style"), mimetype="text/xsl")]
    language = "en"
    title = "Detainer Corrections: corrections to Declined Detainer Outcome Reports"
    subtitle = "Every entry removed from or amended in a published DDOR, after a dispute or by the agency."

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        # Browsers show application/atom+xml as raw text and apply the stylesheet only to a generic XML type;
        # feed readers keep the Atom type. The document is the same Atom feed either way.
        if "text/html" in request.headers.get("Accept", ""):
            response["Content-Type"] = "application/xml; charset=utf-8"
        patch_vary_headers(response, ["Accept"])
        return response

    def link(self) -> str:
        return reverse("corrections")

    def get_feed(self, obj, request: HttpRequest):
        feed = super().get_feed(obj, request)
        for item in feed.items:
            # Each entry keeps the id it had when it linked to its notice on the list's first page, so feed
            # readers do not show it again now that it links to the notice's own page.
            item["unique_id"] = NOTICE_PAGE.sub(r"/corrections/#\1", item["link"])
        return feed

    def items(self):
        return notice_rows(public_notices()[:FEED_SIZE], shown=NOTICE_ENTRIES_SHOWN)

    def item_title(self, item: dict) -> str:
        where = "; ".join(item["jurisdictions"])
        n = item["count"]
        return f"{item['notice'].number}: {n} entr{'y' if n == 1 else 'ies'} corrected ({where})"

    def item_description(self, item: dict) -> str:
        decision = item["decision"]
        lines = ["Agency-initiated correction." if decision.agency_initiated else "Corrected after a dispute."]
        lines.append(f"Ground: {decision.get_ground_display()}.")
        for row in item["entries"]:
            c = row["correction"]
            what = "removed" if c.action == Correction.Action.REMOVE else "amended"
            detail = "; ".join(f"{x['label']}: {x['before']} → {x['after']}" for x in row["changes"])
            where = row["listed_as"]["jurisdiction"]
            lines.append(f"Row {c.entry.row_number} ({where}) {what}{': ' + detail if detail else ''}.")
        if item["more"]:
            lines.append(f"And {item['more']} more entries: see the notice.")
        lines.append(f"Rationale: {decision.rationale}")
        if item["revisions"]:
            lines.append("Published in revision " + ", ".join(str(n) for _, n in item["revisions"]) + ".")
        # Atom's type="html" summary is read as HTML: escape, so a "<" in a rationale shows as text.
        return escape(" ".join(lines))

    def item_link(self, item: dict) -> str:
        return reverse("notice", args=[item["notice"].number])

    def item_pubdate(self, item: dict):
        # In the site's time zone, so the day a reader sees is the day the site shows.
        return timezone.localtime(item["decision"].decided_at)

    def item_updateddate(self, item: dict):
        return self.item_pubdate(item)


def feed_stylesheet(request: HttpRequest) -> HttpResponse:
    """The XSL stylesheet that shows the corrections feed as a page, served from the site as the CSP requires."""
    return render(request, "feeds/corrections.xsl", content_type="text/xsl; charset=utf-8")
