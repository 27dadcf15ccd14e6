import logging

from celery import Task, shared_task
from django.conf import settings
from django.db import DatabaseError

log = logging.getLogger(__name__)


class RecordedTask(Task):
    """A side-effect task taking one object id: it retries with backoff, then is recorded as failed.

    A recorded failure stops the sweeper's re-queued copies from retrying it again until an operator
    runs `manage.py failed_tasks --retry`.
    """

    autoretry_for = (Exception,)
    retry_backoff = True
    retry_backoff_max = settings.TASK_RETRY_BACKOFF_MAX
    max_retries = settings.TASK_MAX_RETRIES

    def __call__(self, *args, **kwargs):
        if args and self._recorded_as_failed(args[0]):
            log.info("%s(%s) is recorded as failed; skipped until an operator retries it", self.name, args[0])
            return None
        return super().__call__(*args, **kwargs)

    def _recorded_as_failed(self, object_id) -> bool:
        from .models import FailedTask

        try:
            return FailedTask.objects.unresolved().filter(task=self.name, object_id=object_id).exists()
        except DatabaseError:
            return False  # the task itself meets the same error and retries with backoff

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from .services import record_failure

        if not args:
            return
        try:
            record_failure(
                task=self.name,
                object_id=args[0],
                error=f"{type(exc).__name__}: {exc}"[:2000],
                traceback=str(einfo)[-20000:],
                attempts=self.request.retries + 1,
            )
        except Exception:  # the database may be what failed; the next sweep tries again
            log.exception("could not record the failure of %s(%s)", self.name, args[0])


@shared_task(ignore_result=True)
def sweep() -> None:
    """Queue side effects still undone after the grace period (run by Celery beat)."""
    from .services import sweep as run_sweep

    run_sweep()
