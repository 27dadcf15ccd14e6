from django.db import transaction


def enqueue_on_commit(task, *args) -> None:
    """Queue a Celery task once the transaction commits.

    A broker outage must not turn a committed decision into an error page: the failure is
    logged, and `manage.py resume_pending` queues whatever work is still undone.
    """
    transaction.on_commit(lambda: task.delay(*args), robust=True)
