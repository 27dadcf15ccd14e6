"""Weeks 1 and 2 of 2017 imported as drafts (week 2 after week 1 is published)."""

import pytest

from reports.models import Report
from reports.services import import_report
from tests.factories import publish

from . import ddor2017 as d


@pytest.fixture
def week_1() -> tuple[Report, d.Week]:
    week = d.week_1()
    return import_report(data=week.csv(), period_start=d.WEEK_1[0], period_end=d.WEEK_1[1]), week


@pytest.fixture
def week_2(week_1, django_capture_on_commit_callbacks) -> tuple[Report, d.Week]:
    with django_capture_on_commit_callbacks(execute=True):
        publish(week_1[0])
    week = d.week_2()
    return import_report(data=week.csv(), period_start=d.WEEK_2[0], period_end=d.WEEK_2[1]), week


@pytest.fixture
def series(week_2, django_capture_on_commit_callbacks) -> tuple[Report, Report]:
    """Both weeks published."""
    with django_capture_on_commit_callbacks(execute=True):
        publish(week_2[0])
    return Report.objects.get(period_start=d.WEEK_1[0]), week_2[0]
