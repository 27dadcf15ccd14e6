import random

from celery import shared_task

from config.operations.tasks import RecordedTask
from config.slots import slot

from . import planner, services, stored_files

# While another process renders a revision PDF (most of a minute for 5,000 rows), a render comes back this
# much later, spread so that the waiting ones do not all wake at once in front of publishing work.
PDF_SLOT_WAIT_SECONDS = 20


@shared_task(bind=True, base=RecordedTask)
def render_revision_pdf(self, revision_id: int) -> None:
    """Render the PDF of a report revision (no-op if already rendered), one render at a time."""
    with slot("revision-pdf") as mine:
        if mine:
            services.render_revision(revision_id=revision_id)
            return
    # A new message, not a retry: waiting for the slot is not a failure and must not use up the retries.
    wait = PDF_SLOT_WAIT_SECONDS * (1 + random.random())  # noqa: S311  (spreading, not secrecy)
    render_revision_pdf.apply_async((revision_id,), countdown=wait)


@shared_task(ignore_result=True)
def refresh_planner_statistics() -> None:
    """After a report is published: let PostgreSQL's planner learn its rows (see reports.planner)."""
    planner.refresh_statistics()


# A large series takes minutes to zip (reports/stored_files.py): longer than the other side effects may take.
@shared_task(ignore_result=True, soft_time_limit=900, time_limit=960)
def build_series_zip() -> None:
    """Build the series zip of the current public version, unless it is stored; downloads wait for it."""
    stored_files.build_current()


@shared_task(ignore_result=True, soft_time_limit=300, time_limit=330)
def build_open_data_file(kind: str, report_id: int | None = None, number: int | None = None) -> None:
    """Build a long revision's CSV or JSON (`report_id`, `number`), or the corrections', of the current public
    version, unless stored; downloads wait for it."""
    stored_files.build_current(kind, None if report_id is None else (report_id, number))
