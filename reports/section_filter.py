"""The report page's Section II: filtered by jurisdiction, state or facility, and read a page at a time.

Only the page's rows are read from the stored revision, so a page costs the same however long the
report is: the page, and a count when a filter is chosen. The filter's choices and the row numbers left out
(for the gaps note) were frozen with the revision (`ReportRevision.section_ii_index`).
"""

from django.core.paginator import Paginator
from django.http import QueryDict

from .frozen import section_ii_rows
from .models import ReportRevision
from .selectors import rows_not_listed

# Rendering a row costs about a third of a millisecond; a page of 100 keeps a cold render near 40 ms.
PAGE_SIZE = 100
FILTERS = ("fips", "state", "facility")


def section_ii_page(revision: ReportRevision, query: QueryDict) -> dict:
    """One page of the rows a reader asked for, the choices the filter offers, and the missing row numbers."""
    chosen = {name: query.get(name, "").strip()[:200] for name in FILTERS}
    rows = section_ii_rows(revision)
    kept = rows.filter(**{f"data__{name}": value for name, value in chosen.items() if value})
    paginator = Paginator(kept.order_by("row").values_list("data", flat=True), PAGE_SIZE)
    if not any(chosen.values()):
        paginator.count = revision.declined  # every row: its total, not a count
    page = paginator.get_page(query.get("page"))
    named = [tuple(choice) for choice in revision.section_ii_index["choices"]]
    rest = query.copy()
    rest.pop("page", None)
    return {
        "rows_page": page,
        "page_rows": list(page.object_list),
        "rows_shown": page.paginator.count,
        "filter": chosen,
        "filtered": any(chosen.values()),
        "filter_choices": {  # by filter, for reports.views.section_ii_html.options_html
            "fips": sorted({(fips, f"{name}, {state}") for fips, name, state, _ in named}, key=lambda c: c[1]),
            "state": sorted({state for _, _, state, _ in named}),
            "facility": sorted({facility for *_, facility in named}),
        },
        "page_query": rest.urlencode(),
        "gaps": rows_not_listed(revision),
    }
