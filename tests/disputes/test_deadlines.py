import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from freezegun import freeze_time

from config.celery import app as celery_app
from config.errors import Conflict
from disputes import services
from disputes.deadlines import add_working_days, dispute_window_closes, published_on, review_due_on
from disputes.models import Notification
from reports.services import create_revision
from tests.factories import ListedDetainerFactory, ReviewerFactory, SheriffFactory, submitted_case

EXPLANATION = "Handed to ICE at release on the date of the detainer."
# 10:00 in Washington on Friday 2017-02-17, the working day before Presidents' Day.
FRIDAY = "2017-02-17 15:00:00"


@pytest.fixture
def published(entry):
    with freeze_time("2017-02-10 14:00:00"):
        create_revision(report=entry.report, reason="First publication")
    return entry


def test_working_days_skip_weekends_and_federal_holidays():
    # Mon 2017-02-20 is Presidents' Day; ten working days after Fri 2017-02-17 end on Mon 2017-03-06.
    assert add_working_days(dt.date(2017, 2, 17), 1) == dt.date(2017, 2, 21)
    assert add_working_days(dt.date(2017, 2, 17), 10) == dt.date(2017, 3, 6)
    assert add_working_days(dt.date(2017, 3, 6), -3) == dt.date(2017, 3, 1)
    # Christmas 2016 fell on a Sunday and was observed on Monday 2016-12-26.
    assert add_working_days(dt.date(2016, 12, 23), 1) == dt.date(2016, 12, 27)


def test_a_case_submitted_on_friday_before_presidents_day_is_due_ten_working_days_later(published, sheriff):
    with freeze_time(FRIDAY):
        case = submitted_case(sheriff, [published])
    assert case.due_on == dt.date(2017, 3, 6)
    assert review_due_on(case.submitted_at) == dt.date(2017, 3, 6)


def test_the_review_deadline_follows_the_setting(published, sheriff, settings):
    settings.REVIEW_WORKING_DAYS = 2
    with freeze_time(FRIDAY):
        case = submitted_case(sheriff, [published])
    assert case.due_on == dt.date(2017, 2, 22)


def test_the_dispute_window_is_counted_from_the_first_revision(published, sheriff):
    assert published_on(published.report).date() == dt.date(2017, 2, 10)
    assert dispute_window_closes(published.report) == dt.date(2017, 3, 12)
    with freeze_time("2017-03-13 15:00:00"), pytest.raises(Conflict, match="dispute window closed on Mar 12, 2017"):
        services.open_case(actor=sheriff, entries=[published.pk], ground="handed_to_ice", explanation=EXPLANATION)
    with freeze_time("2017-03-12 15:00:00"):
        case = services.open_case(
            actor=sheriff, entries=[published.pk], ground="handed_to_ice", explanation=EXPLANATION
        )
    assert case.disputes.count() == 1


def test_an_entry_of_a_report_not_yet_published_has_no_window(entry, sheriff):
    assert dispute_window_closes(entry.report) is None


def run_reminders_on(day: str, capture) -> list[str]:
    with freeze_time(f"{day} 13:00:00"), capture(execute=True):
        return services.send_reminders()


def test_reviewers_are_reminded_once_three_working_days_before_and_on_the_due_date_then_seniors_are_told(
    published, sheriff, senior, django_capture_on_commit_callbacks
):
    reviewer = ReviewerFactory().user
    with freeze_time(FRIDAY):
        case = submitted_case(sheriff, [published])
    mail.outbox.clear()
    sent = {
        day: run_reminders_on(day, django_capture_on_commit_callbacks)
        for day in ["2017-02-28", "2017-03-01", "2017-03-02", "2017-03-03", "2017-03-06", "2017-03-07", "2017-03-08"]
    }
    assert sent == {
        "2017-02-28": [],
        "2017-03-01": [f"due-soon:{case.pk}"],
        "2017-03-02": [],
        "2017-03-03": [],
        "2017-03-06": [f"due-today:{case.pk}"],
        "2017-03-07": [f"escalation:{case.pk}"],
        "2017-03-08": [],
    }
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        f"Reminder: case {case.pk} is due Mar 6, 2017",
        f"Due today: case {case.pk} ({published.jurisdiction})",
        f"Overdue: case {case.pk} was due Mar 6, 2017",
    ]
    assert mail.outbox[0].to == sorted([reviewer.email, senior.email])
    escalation = Notification.objects.get(key=f"escalation:{case.pk}")
    assert senior.email in escalation.recipients


def test_reminders_go_to_the_assigned_reviewer_only(published, sheriff, django_capture_on_commit_callbacks):
    ReviewerFactory()
    mine = ReviewerFactory().user
    with freeze_time(FRIDAY):
        case = submitted_case(sheriff, [published])
        services.claim_case(actor=mine, case_id=case.pk)
    run_reminders_on("2017-03-01", django_capture_on_commit_callbacks)
    assert Notification.objects.get(key=f"due-soon:{case.pk}").recipients == [mine.email]


def test_a_draft_case_not_submitted_after_seven_days_reminds_the_office_once(
    published, sheriff, django_capture_on_commit_callbacks
):
    colleague = SheriffFactory(jurisdiction=published.jurisdiction).user
    with freeze_time("2017-02-13 15:00:00"):
        case = services.open_case(
            actor=sheriff, entries=[published.pk], ground="handed_to_ice", explanation=EXPLANATION
        )
    assert run_reminders_on("2017-02-19", django_capture_on_commit_callbacks) == []
    assert run_reminders_on("2017-02-20", django_capture_on_commit_callbacks) == [f"draft:{case.pk}"]
    assert run_reminders_on("2017-02-21", django_capture_on_commit_callbacks) == []
    assert Notification.objects.get(key=f"draft:{case.pk}").recipients == sorted([sheriff.email, colleague.email])


def test_the_beat_schedule_runs_the_registered_reminder_task():
    entry = settings.CELERY_BEAT_SCHEDULE["dispute-reminders"]
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] > 0


def test_a_second_entry_in_another_report_past_its_window_blocks_the_whole_addition(published, sheriff):
    late = ListedDetainerFactory(jurisdiction=published.jurisdiction)
    with freeze_time("2016-12-01 12:00:00"):
        create_revision(report=late.report, reason="First publication")
    with freeze_time("2017-02-17 12:00:00"), pytest.raises(Conflict, match="1 entry"):
        services.open_case(
            actor=sheriff, entries=[published.pk, late.pk], ground="handed_to_ice", explanation=EXPLANATION
        )
