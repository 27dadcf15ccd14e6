"""The project's one date format ("Feb 1, 2017"), for the ISO dates that frozen revision content keeps as text."""

import datetime as dt

from django.utils.dateformat import format as date_format

DATE_FORMAT = "M j, Y"


def parse_iso_date(value) -> dt.date | None:
    """An ISO date (or the date of an ISO date-time), or None when the value is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def show_date(value) -> str:
    """An ISO date as "Feb 1, 2017"; any other value as it is."""
    day = parse_iso_date(value)
    return date_format(day, DATE_FORMAT) if day else ("" if value is None else str(value))
