"""The trivial WSGI app bench/load.py measures the site against, served by the same gunicorn settings."""


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    return [b"hello"]
