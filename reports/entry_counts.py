"""How many of a report's entries stand disputed, corrected and upheld, kept in the report's own columns.

The home page shows these three counts for every week of the series. Counted from the entries on each render,
its cost grew with every entry ever published (a 52-week series and one 50,000-row week: some 70,000 rows read
to show 53 lines). Entries change state only in disputes.services.common.transition_entries, which hands the
moves here in its own transaction, so the columns change with the states they count.
"""

from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, F, Q

from .models import ListedDetainer, Report

State = ListedDetainer.State

# Each count (the report's column is `entries_<name>`) and the states an entry counted in it is in. "Disputed" is
# every entry no longer as listed: under dispute or appeal, decided, or corrected by the agency.
COUNTED = {
    "disputed": frozenset(State.values) - {State.LISTED},
    "corrected": frozenset({State.CORRECTED}),
    "upheld": frozenset({State.UPHELD}),
}


def count_aggregates() -> dict[str, Count]:
    """The same counts taken over a set of entries (a jurisdiction's page counts its entries so)."""
    return {name: Count("pk", filter=Q(state__in=states)) for name, states in COUNTED.items()}


def record_moves(moves: Iterable[tuple[int, str, str]]) -> None:
    """Shift the counts of the reports whose entries moved; `moves`: (report id, from state, to state) per entry."""
    shifts: dict[int, Counter] = {}
    for report_id, source, target in moves:
        for name, states in COUNTED.items():
            step = (target in states) - (source in states)
            if step:
                shifts.setdefault(report_id, Counter())[f"entries_{name}"] += step
    for report_id in sorted(shifts):  # in id order: two transactions lock the report rows they share alike
        changed = {column: F(column) + step for column, step in shifts[report_id].items() if step}
        if changed:
            Report.objects.filter(pk=report_id).update(**changed)
