"""The project's one date format ("Feb 1, 2017"), for the ISO dates that frozen revision content keeps as text."""

import datetime as dt

from django.utils.dates import MONTHS_3

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
    if not day:
        return "" if value is None else str(value)
    # DATE_FORMAT as Django's dateformat writes it ("M": the month's abbreviation, translated and title-cased),
    # without its general machinery: report pages write a few hundred dates each.
    return f"{MONTHS_3[day.month].title()} {day.day}, {day.year:04d}"
