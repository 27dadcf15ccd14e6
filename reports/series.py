"""Reads across the weekly series: totals per week, and one jurisdiction over every published report."""

from django.db.models import Count, Prefetch, Q

from config.errors import NotFound
from jurisdictions.models import Jurisdiction

from .entry_counts import count_aggregates
from .models import ListedDetainer, Report
from .selectors import current_revisions


def _published_with_current(*, with_sections: bool):
    current = current_revisions()
    current = current.defer(None) if with_sections else current.defer("sections", "totals")
    return (
        Report.objects.published()
        .prefetch_related(Prefetch("revisions", queryset=current, to_attr="newest_first"))
        .order_by("period_start")
    )


def weekly_series() -> list[dict]:
    """Every published report, oldest week first, with its current totals and its disputes and corrections."""
    reports = _published_with_current(with_sections=False)  # the counts are its columns (reports.entry_counts)
    return [
        {"report": r, "current": r.newest_first[0], "totals": r.newest_first[0].headline_totals}
        for r in reports
        if r.newest_first
    ]


def get_jurisdiction(fips: str) -> Jurisdiction:
    """A jurisdiction by FIPS code, or NotFound."""
    jurisdiction = Jurisdiction.objects.filter(fips=fips).first()
    if jurisdiction is None:
        raise NotFound("no such jurisdiction")
    return jurisdiction


def jurisdiction_series(jurisdiction: Jurisdiction) -> dict:
    """One jurisdiction across the published series: its entry counts, and its Section I, II and III rows per week."""
    entries = ListedDetainer.objects.for_jurisdiction(jurisdiction).published()
    counts = entries.aggregate(listed=Count("pk"), **count_aggregates())  # as a report's columns count them
    weeks = []
    for report in _published_with_current(with_sections=True):
        if not report.newest_first:
            continue
        current = report.newest_first[0]
        fips = jurisdiction.fips
        section_i = next((r for r in current.sections.get("section_i", []) if r["fips"] == fips), None)
        policy = next((r["policy"] for r in current.sections.get("section_iii", []) if r["fips"] == fips), None)
        declined = next(
            (r["declined"] for r in current.totals.get("declined_by_jurisdiction", []) if r["fips"] == fips), 0
        )
        weeks.append(
            {
                "report": report,
                "revision": current.number,
                "rank": section_i["rank"] if section_i else None,
                "issued": section_i["issued"] if section_i else None,
                "issued_as_published": section_i.get("as_published") if section_i else None,
                "declined": declined,
                "policy": policy,
            }
        )
    return {"jurisdiction": jurisdiction, "counts": counts, "weeks": weeks}


def jurisdiction_corrections(jurisdiction: Jurisdiction):
    """The public corrections of entries listed against a jurisdiction."""
    from disputes.models import Dispute
    from disputes.selectors import public_corrections

    # Two indexed lookups (its entries; the entries it disputed), not one "either" over every correction's entry.
    disputed = Dispute.objects.filter(jurisdiction=jurisdiction).values("entry_id")
    return public_corrections().filter(Q(entry__jurisdiction=jurisdiction) | Q(entry_id__in=disputed))
