"""Template filters for frozen revision content: camera clocks, row ranges (dates: the builtin `day`)."""

import datetime as dt

from django import template
from django.utils.dateformat import format as date_format

from ..section_filter import row_runs, runs_text

register = template.Library()


@register.filter
def camera_time(value: str) -> str:
    """A camera's clock as recorded ("2017-01-30 15:42:07 -06:00") as "Jan 30, 2017, 15:42 UTC-06:00".

    The camera's own offset is kept (converting it would hide what the camera recorded); without one, no zone.
    """
    day, _, rest = (value or "").partition(" ")
    clock, _, offset = rest.partition(" ")
    try:
        when = dt.datetime.fromisoformat(f"{day} {clock}")
    except ValueError:
        return value or ""
    shown = date_format(when, "M j, Y, H:i")
    return f"{shown} UTC{offset}" if offset else shown


@register.filter
def row_ranges(rows: list[int]) -> str:
    """Row numbers as runs: [3, 4, 5, 9] → "3–5, 9"."""
    return runs_text(row_runs(rows))
