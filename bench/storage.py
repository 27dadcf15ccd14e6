"""Revision storage as corrections grow: 1,000 corrections on a 5,000-entry report, one revision each.

Each correction removes or amends one Section II row (alternately) and freezes a new revision with the real
`freeze_revision`. Printed: the bytes of Section II rows stored (RevisionRows' JSON) against what storing
each revision's whole Section II would take, at 0, 250, 500 and 1,000 corrections, and a check that the
first, a middle and the last revision still read back exactly as frozen.
"""

import copy
import datetime as dt
import json

ENTRIES, CORRECTIONS = 5000, 1000


def _size(rows) -> int:
    return sum(len(json.dumps(row)) for row in rows)


def storage_results() -> list[tuple[str, float, str]]:
    from django.db import transaction
    from run import make_csv

    from reports.frozen import freeze_revision
    from reports.models import Report, ReportRevision, RevisionRow
    from reports.services import compute_content, import_report

    start = dt.date(2035, 1, 6)
    report = import_report(data=make_csv(ENTRIES, 7, start), period_start=start, period_end=start + dt.timedelta(6))
    Report.objects.filter(pk=report.pk).update(status=Report.Status.PUBLISHED)
    content, totals = compute_content(report)
    frozen, full, checkpoints = {}, 0, []
    for number in range(1, CORRECTIONS + 2):
        if number > 1:
            n = number - 2  # the correction made before this revision
            rows = content["section_ii"]
            if n % 2:
                del rows[n % len(rows)]
            else:
                rows[n % len(rows)] = {**rows[n % len(rows)], "citizenship": "Belize", "amended": True}
        with transaction.atomic():
            freeze_revision(report_id=report.pk, number=number, reason="bench", content=content, totals=totals)
        full += _size(content["section_ii"])
        if number in (1, CORRECTIONS // 2 + 1, CORRECTIONS + 1):
            frozen[number] = copy.deepcopy(content)
        if number - 1 in (0, 250, 500, 1000):
            stored = _size(RevisionRow.objects.filter(report=report).values_list("data", flat=True))
            checkpoints.append((number - 1, stored, full))
    exact = all(
        ReportRevision.objects.get(report=report, number=number).content == content
        for number, content in frozen.items()
    )
    rows = RevisionRow.objects.filter(report=report).count()
    detail = "; ".join(f"{n} corrections: {s / 1e6:.1f} MB vs {f / 1e6:.1f} MB" for n, s, f in checkpoints)
    _, stored, whole = checkpoints[-1]
    return [
        (
            f"revision storage, {CORRECTIONS} corrections on {ENTRIES} entries: whole copies / shared rows",
            whole / stored,
            f"{detail}; {rows} rows stored; revisions read back exactly: {exact}",
        )
    ]
