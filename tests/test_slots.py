"""Named slots: one holder at a time across processes on PostgreSQL, so a revision PDF waits instead of piling up."""

import os
import threading

import pytest
from django.db import connection

from config.slots import slot


@pytest.mark.django_db(transaction=True)
def test_a_slot_held_by_another_connection_is_refused_at_once_and_free_again_after():
    if connection.vendor != "postgresql":
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("slots are advisory locks on PostgreSQL: CI runs with DATABASE_URL on PostgreSQL")
        # Without PostgreSQL there is no lock to share: every holder gets the slot, even two at once.
        with slot("revision-pdf") as first, slot("revision-pdf") as second:
            assert (first, second) == (True, True)
        return
    held, release, seen = threading.Event(), threading.Event(), []

    def holder() -> None:
        from django.db import connection as own

        with slot("revision-pdf") as mine:
            seen.append(mine)
            held.set()
            release.wait(10)
        own.close()

    thread = threading.Thread(target=holder)
    thread.start()
    assert held.wait(10)
    with slot("revision-pdf") as mine:
        assert mine is False
    release.set()
    thread.join(10)
    with slot("revision-pdf") as mine:
        assert mine is True
    assert seen == [True]


@pytest.mark.django_db
def test_a_revision_pdf_waiting_for_the_slot_comes_back_later_instead_of_failing(monkeypatch):
    from contextlib import contextmanager

    from reports import tasks

    @contextmanager
    def taken(name):
        yield False

    queued = []
    monkeypatch.setattr(tasks, "slot", taken)
    later = lambda args, countdown: queued.append((args, countdown))  # noqa: E731
    monkeypatch.setattr(tasks.render_revision_pdf, "apply_async", later)
    monkeypatch.setattr(tasks.services, "render_revision", lambda **kwargs: pytest.fail("rendered without the slot"))
    tasks.render_revision_pdf(7)
    assert [args for args, _ in queued] == [(7,)]
    assert tasks.PDF_SLOT_WAIT_SECONDS <= queued[0][1] <= 2 * tasks.PDF_SLOT_WAIT_SECONDS
