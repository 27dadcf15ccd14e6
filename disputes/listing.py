"""Search, sort and pages for the sheriff's list of entries and the reviewers' queue."""

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import QueryDict

PAGE_SIZE = 50

ENTRY_SORTS = {
    "report": ("Newest report first", ("-report__period_start", "row_number")),
    "declined": ("Declined date, earliest first", ("declined", "report__period_start", "row_number")),
    "issued": ("Detainer issued, earliest first", ("detainer_issued", "report__period_start", "row_number")),
}
CASE_SORTS = {
    "due": ("Due date, earliest first", ("due_on", "submitted_at", "pk")),
    "submitted": ("Submitted, earliest first", ("submitted_at", "pk")),
    "entries": ("Most entries first", ("-entry_count", "due_on", "pk")),
}


def entry_listing(entries: QuerySet, query: QueryDict) -> dict:
    """A jurisdiction's entries searched (facility, citizenship, criminal activity or row number) and sorted."""
    text = query.get("q", "").strip()[:100]
    if text:
        match = Q(facility__name__icontains=text) | Q(citizenship__icontains=text)
        match |= Q(criminal_activity__icontains=text)
        if text.isdigit():
            match |= Q(row_number=int(text))
        entries = entries.filter(match)
    return _listing(entries, query, text, ENTRY_SORTS, "report")


def case_listing(cases: QuerySet, query: QueryDict) -> dict:
    """Cases searched by case number or jurisdiction name, and sorted."""
    text = query.get("q", "").strip()[:100]
    if text:
        match = Q(jurisdiction__name__icontains=text) | Q(jurisdiction__state__iexact=text)
        number = text.removeprefix("Case ").removeprefix("case ").strip()
        if number.isdigit():
            match |= Q(pk=int(number))
        cases = cases.filter(match)
    return _listing(cases, query, text, CASE_SORTS, "due")


def _listing(rows: QuerySet, query: QueryDict, text: str, sorts: dict, default: str) -> dict:
    sort = query.get("sort", default)
    if sort not in sorts:
        sort = default
    page: Page = Paginator(rows.order_by(*sorts[sort][1]), PAGE_SIZE).get_page(query.get("page"))
    rest = query.copy()
    rest.pop("page", None)
    return {
        "page": page,
        "q": text,
        "sort": sort,
        "sorts": [(key, label) for key, (label, _) in sorts.items()],
        "page_query": rest.urlencode(),
    }
