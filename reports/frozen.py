"""Frozen revision content: Sections I and III on the revision, Section II as rows shared between revisions.

A revision adds a row only where it differs from the revision before it, so storage grows with the
rows corrections change, not with corrections × report size; any revision's Section II is the rows
whose range [since, until) holds its number, in row order.
"""

from django.db.models import Q, QuerySet

from config.bulk import insert_rows

from .cache import public_changed
from .models import ListedDetainer, ReportRevision, RevisionRow


def row_changes(open_rows: dict[int, tuple[int, dict]], rows: list[dict]) -> tuple[list[int], list[dict]]:
    """Against the open rows (entry id → (row pk, data)), which to close and which rows to add for `rows`."""
    wanted = {row["entry_id"]: row for row in rows}
    closed = [pk for entry_id, (pk, data) in open_rows.items() if wanted.get(entry_id) != data]
    added = [row for entry_id, row in wanted.items() if entry_id not in open_rows or open_rows[entry_id][1] != row]
    return closed, added


def freeze_revision(*, report_id: int, number: int, reason: str, content: dict, totals: dict) -> ReportRevision:
    """Write a revision with its content, totals and changes; call with the report row locked, numbers in order."""
    from .selectors import revision_changes

    revision = ReportRevision.objects.create(
        report_id=report_id,
        number=number,
        reason=reason,
        sections={"section_i": content["section_i"], "section_iii": content["section_iii"]},
        section_ii_index=section_ii_index(content["section_ii"], report_rows(report_id)),
        totals=totals,
        **{name: totals.get(name, 0) for name in ReportRevision.TOTAL_COLUMNS},
    )
    store_section_ii(revision, content["section_ii"])
    revision.content = content
    # Read from what was just stored (the rows this revision replaced), then kept with the revision.
    revision.changes = revision_changes(revision)
    ReportRevision.objects.filter(pk=revision.pk).update(changes=revision.changes)
    public_changed()
    return revision


def report_rows(report_id: int) -> list[int]:
    """Every Section II row number the report was published with."""
    return list(ListedDetainer.objects.filter(report_id=report_id).values_list("row_number", flat=True))


def section_ii_index(rows: list[dict], numbers: list[int]) -> dict:
    """What a Section II of `rows` lists, out of a report of rows `numbers`: its filter choices and its gaps.

    str(): a FIPS code read out of JSON may come back as a number where it looks like one (SQLite).
    """
    choices = {(str(r["fips"]), r["name"], r["state"], r["facility"]) for r in rows}
    return {
        "choices": sorted(choices),
        "gaps": sorted(set(numbers) - {r["row"] for r in rows}),
    }


def store_section_ii(revision: ReportRevision, rows: list[dict]) -> None:
    """Freeze Section II for a new revision, the report row locked: close the rows it changes, add the new ones."""
    current = RevisionRow.objects.filter(report_id=revision.report_id, until__isnull=True)
    open_rows = {entry_id: (pk, data) for pk, entry_id, data in current.values_list("pk", "entry_id", "data")}
    closed, added = row_changes(open_rows, rows)
    RevisionRow.objects.filter(pk__in=closed).update(until=revision.number)
    _add_rows(revision.report_id, revision.number, added)


def _add_rows(report_id: int, since: int, rows: list[dict]) -> None:
    """Write new Section II rows in one statement (a first revision writes every row of the report)."""
    insert_rows(
        RevisionRow,
        [{"row": r["row"], "entry_id": r["entry_id"], "data": r} for r in rows],
        {"report": report_id, "since": since},
    )


def section_ii_rows(revision: ReportRevision) -> QuerySet[RevisionRow]:
    """The rows of a revision's Section II, in row order."""
    return RevisionRow.objects.filter(report_id=revision.report_id, since__lte=revision.number).filter(
        Q(until__isnull=True) | Q(until__gt=revision.number)
    )


def section_ii(revision: ReportRevision, offset: int = 0, limit: int | None = None) -> list[dict]:
    """A revision's Section II rows as frozen, all of them or `limit` from `offset`."""
    rows = section_ii_rows(revision).order_by("row").values_list("data", flat=True)
    return list(rows[offset : offset + limit] if limit is not None else rows)


def frozen_content(revision: ReportRevision) -> dict:
    """Sections I–III of a revision, exactly as frozen."""
    sections = revision.sections or {}
    return {
        "section_i": sections.get("section_i", []),
        "section_ii": section_ii(revision),
        "section_iii": sections.get("section_iii", []),
    }


def section_ii_delta(revision: ReportRevision) -> tuple[list[dict], list[dict]]:
    """The Section II rows the revision before this one had and this one changed or dropped, and their replacements."""
    rows = RevisionRow.objects.filter(report_id=revision.report_id).order_by("row")
    before = rows.filter(until=revision.number).values_list("data", flat=True)
    after = rows.filter(since=revision.number).values_list("data", flat=True)
    return list(before), list(after)
