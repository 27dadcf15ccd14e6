"""Section II of a revision one page at a time, so a page costs the same however long the report is."""

from dataclasses import dataclass

from django.http import HttpRequest

from .frozen import section_ii
from .models import ReportRevision

# Rendering a row costs about a third of a millisecond; a page of 100 keeps a cold render near 40 ms.
PAGE_SIZE = 100


@dataclass(frozen=True)
class Page:
    number: int
    count: int
    first_row: int
    last_row: int
    total: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def page_number(request: HttpRequest) -> int:
    """The `page` query parameter; anything that is not a positive number is page 1."""
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 10**6 else 1


def section_ii_page(revision: ReportRevision, number: int) -> tuple[list[dict], Page]:
    """One page of a revision's Section II rows (the last page when `number` is past the end)."""
    total = revision.declined
    count = max(1, -(-total // PAGE_SIZE))
    number = min(number, count)
    offset = (number - 1) * PAGE_SIZE
    rows = section_ii(revision, offset, PAGE_SIZE)
    return rows, Page(number, count, offset + 1 if rows else 0, offset + len(rows), total)
