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
# The missing rows are named as runs ("1–500, 777"); past this many runs, the rest are counted.
GAP_RUNS_SHOWN = 20


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
        "gaps": gap_summary(rows_not_listed(revision)),
    }


def row_runs(rows: list[int]) -> list[tuple[int, int]]:
    """Row numbers as runs of consecutive numbers: [3, 4, 5, 9] → [(3, 5), (9, 9)]."""
    runs: list[list[int]] = []
    for row in sorted(rows or []):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return [(first, last) for first, last in runs]


def runs_text(runs: list[tuple[int, int]]) -> str:
    """[(3, 5), (9, 9)] → "3–5, 9"."""
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def gap_summary(numbers: list[int], shown: int = GAP_RUNS_SHOWN) -> dict | None:
    """The row numbers a revision leaves out, as the page names them: as runs ("1–500, 777"), the first `shown`
    runs written out and the rest counted, so a batch correction of thousands of rows is one short sentence."""
    runs = row_runs(numbers)
    if not runs:
        return None
    more = sum(last - first + 1 for first, last in runs[shown:])
    return {"count": len(numbers), "text": runs_text(runs[:shown]), "more": more}
