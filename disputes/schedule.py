"""Periodic tasks of the disputes app, run by Celery beat (merged into CELERY_BEAT_SCHEDULE in settings)."""

import os

SCHEDULE = {
    "dispute-reminders": {
        "task": "disputes.tasks.send_reminders_task",
        # Reminders are keyed, so sweeping often sends nothing twice; hourly catches each day's reminders early.
        "schedule": float(os.environ.get("REMINDER_SWEEP_SECONDS", "3600")),
    },
}
