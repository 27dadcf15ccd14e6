"""Requests through a PublicFront as gunicorn would make them, for the front's tests."""

from django.core import signals
from django.db import close_old_connections, connection
from django.test.client import ClientHandler, RequestFactory
from django.test.utils import CaptureQueriesContext


class Answer:
    def __init__(self, status: str, headers: list, body: bytes) -> None:
        self.status = int(status.split()[0])
        self.headers = dict(headers)
        self.body = body


def _django(environ, start_response):
    """Django as the test client runs it, as a WSGI app (cookies included among the headers)."""
    response = ClientHandler()(environ)
    headers = list(response.items()) + [("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values()]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    return [response.content]


def get_through(front, path: str, **headers) -> tuple[Answer, int]:
    """The answer and the number of queries it took."""
    with CaptureQueriesContext(connection) as ctx:
        answer = _get(front, path, **headers)
    return answer, len(ctx.captured_queries)


def _get(front, path: str, **headers) -> Answer:
    """GET through the front; a test's transaction must stay open, so connections are not recycled meanwhile."""
    environ = RequestFactory().get(path, **headers).environ
    seen = {}

    def start(status, headers, exc_info=None):
        seen.update(status=status, headers=headers)

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        body = b"".join(front(environ, start))
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)
    return Answer(seen["status"], seen["headers"], body)
