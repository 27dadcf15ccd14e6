import datetime as dt
import logging
import os

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from disputes.models import CorrectionNotice, Evidence
from disputes.services import resume_pending
from reports.models import ReportRevision

from .models import FailedTask

log = logging.getLogger(__name__)
# Operators attach their paging (mail_admins, a chat webhook, Sentry) to this logger.
alerts = logging.getLogger("detainer.alerts")

# Folders whose files each belong to one row; a file with no row is left from a rolled-back or killed write.
OWNED_FILES = [
    (Evidence, "file", "evidence"),
    (CorrectionNotice, "pdf", "notices"),
    (ReportRevision, "pdf", "revisions"),
]


def record_failure(*, task: str, object_id: int, error: str, traceback: str = "", attempts: int = 1) -> FailedTask:
    """Record a task that failed after its retries; the alert is logged once per failure, not per repeat."""
    with transaction.atomic():
        failure = FailedTask.objects.select_for_update().unresolved().filter(task=task, object_id=object_id).first()
        if failure is not None:
            failure.error, failure.traceback = error, traceback
            failure.attempts += attempts
            failure.save(update_fields=["error", "traceback", "attempts", "last_failed_at"])
            return failure
        try:
            with transaction.atomic():
                failure = FailedTask.objects.create(
                    task=task, object_id=object_id, error=error, traceback=traceback, attempts=attempts
                )
        except IntegrityError:
            # Another worker recorded the same failure a moment ago; it raised the alert.
            return FailedTask.objects.unresolved().get(task=task, object_id=object_id)
    alerts.error("task %s(%s) failed after %d attempts: %s", task, object_id, attempts, error)
    return failure


def retry_failed(*, failure_ids: list[int] | None = None) -> list[FailedTask]:
    """Mark failed tasks resolved and queue them again (all unresolved ones when no ids are given)."""
    from config.celery import app

    failures = FailedTask.objects.unresolved()
    if failure_ids is not None:
        failures = failures.filter(pk__in=failure_ids)
    failures = list(failures)
    FailedTask.objects.filter(pk__in=[f.pk for f in failures]).update(resolved_at=timezone.now())
    for failure in failures:
        app.tasks[failure.task].delay(failure.object_id)
    return failures


def remove_orphan_files(*, older_than: dt.timedelta) -> list[str]:
    """Delete stored files that no row refers to, once they are older than `older_than`."""
    cutoff = timezone.now() - older_than
    removed = []
    for model, field, folder in OWNED_FILES:
        storage = model._meta.get_field(field).storage
        root = storage.path(folder)
        if not os.path.isdir(root):
            continue
        known = set(model.objects.filter(**{f"{field}__startswith": f"{folder}/"}).values_list(field, flat=True))
        for directory, _subdirs, names in os.walk(root):
            for name in names:
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, storage.path("")).replace(os.sep, "/")
                try:
                    modified = dt.datetime.fromtimestamp(os.path.getmtime(path), tz=dt.UTC)
                except FileNotFoundError:
                    continue
                # A file younger than the cutoff may belong to a transaction that has not committed yet.
                if modified > cutoff or relative in known:
                    continue
                storage.delete(relative)
                removed.append(relative)
    if removed:
        log.warning("removed %d orphan files: %s", len(removed), ", ".join(removed))
    return removed


def sweep(*, older_than: dt.timedelta | None = None) -> dict[str, int]:
    """Queue side effects still undone after the grace period and remove orphan files; safe to run anywhere."""
    grace = older_than if older_than is not None else dt.timedelta(seconds=settings.SWEEP_GRACE_SECONDS)
    counts = resume_pending(older_than=grace)
    counts["orphan files removed"] = len(remove_orphan_files(older_than=grace))
    if any(counts.values()):
        log.info("sweep: %s", ", ".join(f"{n} {label}" for label, n in counts.items()))
    return counts
