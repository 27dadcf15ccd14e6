"""The report page's Section II: filtered by jurisdiction, state or facility, and shown a page at a time."""

from django.core.paginator import Page, Paginator
from django.http import QueryDict

PAGE_SIZE = 100


def filter_rows(rows: list[dict], query: QueryDict) -> dict:
    """The rows a reader asked for, one page of them, and the choices the filter offers."""
    chosen = {name: query.get(name, "").strip() for name in ("fips", "state", "facility")}
    choices = {
        "jurisdictions": sorted({(r["fips"], f"{r['name']}, {r['state']}") for r in rows}, key=lambda c: c[1]),
        "states": sorted({r["state"] for r in rows}),
        "facilities": sorted({r["facility"] for r in rows}),
    }
    kept = [
        r
        for r in rows
        if (not chosen["fips"] or r["fips"] == chosen["fips"])
        and (not chosen["state"] or r["state"] == chosen["state"])
        and (not chosen["facility"] or r["facility"] == chosen["facility"])
    ]
    page: Page = Paginator(kept, PAGE_SIZE).get_page(query.get("page"))
    rest = query.copy()
    rest.pop("page", None)
    return {
        "rows_page": page,
        "rows_shown": len(kept),
        "filter": chosen,
        "filtered": any(chosen.values()),
        "filter_choices": choices,
        "page_query": rest.urlencode(),
        "gaps": _gaps(rows),
    }


def _gaps(rows: list[dict]) -> list[int]:
    """Row numbers missing from the section (removed by correction), for the note under the table."""
    numbers = sorted(r["row"] for r in rows)
    if not numbers:
        return []
    present = set(numbers)
    return [n for n in range(1, numbers[-1] + 1) if n not in present]
