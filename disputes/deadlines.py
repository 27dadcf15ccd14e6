"""The clocks of the dispute process: the dispute window, the review deadline in working days, the appeal window.

Working days skip weekends and US federal holidays (the `holidays` package); dates are local to TIME_ZONE.
"""

import datetime as dt
from functools import cache

import holidays
from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from reports.models import Report, ReportRevision


@cache
def _federal_holidays(year: int) -> holidays.HolidayBase:
    return holidays.US(years=year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _federal_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (negative: before); `start` itself is not counted."""
    step = 1 if days >= 0 else -1
    day, left = start, abs(days)
    while left:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def published_on(report: Report) -> dt.datetime | None:
    """When a report was published: its first revision's generation time (None before any revision)."""
    first = ReportRevision.objects.filter(report=report).order_by("number").values_list("generated_at", flat=True)
    return first.first()


def dispute_windows(report_ids) -> dict[int, dt.date]:
    """The last day to dispute entries of each published report, in one query (unpublished reports are absent)."""
    firsts = (
        ReportRevision.objects.filter(report_id__in=list(report_ids))
        .values("report_id")
        .annotate(first=Min("generated_at"))
        .values_list("report_id", "first")
    )
    days = dt.timedelta(days=settings.DISPUTE_WINDOW_DAYS)
    return {report_id: timezone.localdate(first) + days for report_id, first in firsts}


def dispute_window_closes(report: Report) -> dt.date | None:
    """The last day a jurisdiction can put an entry of this report in a case."""
    published = published_on(report)
    if published is None:
        return None
    return timezone.localdate(published) + dt.timedelta(days=settings.DISPUTE_WINDOW_DAYS)


def review_due_on(submitted_at: dt.datetime) -> dt.date:
    """The last day for a decision on a case submitted at this time."""
    return add_working_days(timezone.localdate(submitted_at), settings.REVIEW_WORKING_DAYS)


def appeal_closes(decided_at: dt.datetime) -> dt.date:
    """The last day to appeal a decision made at this time."""
    return timezone.localdate(decided_at) + dt.timedelta(days=settings.APPEAL_WINDOW_DAYS)
