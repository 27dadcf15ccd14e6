import logging
import time

from django.db import transaction
from kombu.exceptions import OperationalError

log = logging.getLogger(__name__)
# After one failed publish, skip the broker for this long: a request then pays for at most one
# connect timeout, however many tasks it queues.
BROKER_PAUSE_SECONDS = 10.0
_broker_down_until = 0.0


def _publish(task, args: tuple) -> None:
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        log.warning("broker unreachable moments ago; %s%s is left to the sweeper", task.name, args)
        return
    try:
        task.delay(*args)
    except (OperationalError, ConnectionError, TimeoutError) as exc:
        _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
        log.error("broker unreachable (%s); %s%s is left to the sweeper", exc, task.name, args)


def enqueue_now(task, *args) -> None:
    """Queue a Celery task at once, for work asked for outside any transaction (a broker outage is logged)."""
    _publish(task, args)


def enqueue_on_commit(task, *args) -> None:
    """Queue a Celery task once the transaction commits.

    A broker outage must not turn a committed decision into an error page or a slow one: the failure
    is logged, and the sweeper (or `manage.py resume_pending`) queues whatever work is still undone.
    """
    transaction.on_commit(lambda: _publish(task, args), robust=True)
