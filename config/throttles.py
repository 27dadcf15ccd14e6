"""DRF's rate throttles, reading the clock through a method (so a frozen clock in tests applies cleanly).

The anonymous and per-user limits, applied to every API request (and to anonymous reads the public front
answers from its store), count with a sliding window estimated from two fixed windows: one small tuple per
client, the same cost at any rate. DRF's own keeps a timestamp per request within the window, and reading
and writing that list back on every request cost more than answering a stored page at high limits. The
counts are kept in each web process's memory, as DRF's were (in the local-memory default cache), in a plain
dict: a count is a few microseconds, where a cache call cost more than the rest of a stored answer.
"""

import time

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from rest_framework import throttling
from rest_framework.request import Request

COUNTED = "detainer.throttle_counted"


class _Clock:
    def timer(self) -> float:
        return time.time()


class _SlidingWindow(_Clock):
    """Allowed while previous window's count × the share of it still in the sliding window + this window's < limit."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window, into = divmod(self.now, self.duration)
        stored = _COUNTS.get(self.key)
        self.current = self.previous = 0
        if stored is not None and stored[0] == window:
            _, self.current, self.previous, _ = stored
        elif stored is not None and stored[0] == window - 1:
            self.previous = stored[1]
        self.into = into
        if self.previous * (1 - into / self.duration) + self.current >= self.num_requests:
            return False
        _keep(self.key, (window, self.current + 1, self.previous, self.now + 2 * self.duration))
        return True

    def wait(self) -> float:
        """Seconds until a request would be allowed again (for Retry-After)."""
        duration, limit = self.duration, self.num_requests
        if self.current < limit and self.previous:
            # previous × (1 − (into + t) / duration) + current < limit
            return max(0.0, duration * (1 - (limit - self.current) / self.previous) - self.into)
        # In the next window this one's count is the previous one's.
        return duration - self.into + max(0.0, duration * (1 - limit / max(self.current, 1)))


# key → (window number, count in it, count in the one before, when the entry is of no more use)
_COUNTS: dict[str, tuple[float, int, int, float]] = {}
MAX_CLIENTS = 100_000


def _keep(key: str, value: tuple) -> None:
    if len(_COUNTS) >= MAX_CLIENTS and key not in _COUNTS:
        now = time.time()
        for old in [k for k, v in _COUNTS.items() if v[3] < now]:
            _COUNTS.pop(old, None)
        for old in list(_COUNTS)[: max(0, len(_COUNTS) - MAX_CLIENTS // 2)]:
            _COUNTS.pop(old, None)  # all still live: the earliest seen go
    _COUNTS[key] = value


def reset() -> None:
    """Forget every count (tests)."""
    _COUNTS.clear()


class _CountedOnce(_SlidingWindow):
    def allow_request(self, request, view) -> bool:
        # An anonymous read that config.http_cache counted before the view ran is not counted twice.
        if request.META.get(COUNTED):
            return True
        return super().allow_request(request, view)


class AnonRateThrottle(_CountedOnce, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_CountedOnce, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(_Clock, throttling.ScopedRateThrottle):
    pass


def count_once(request: HttpRequest) -> bool:
    """Apply the anonymous and per-user API limits to a request that may be answered before its view runs."""
    return _count(Request(request), request.META)


class _Anonymous:
    """What the limits read of a request known to carry no session and no credentials (config.public_front)."""

    user = AnonymousUser()

    def __init__(self, environ: dict) -> None:
        self.META = environ
        self.headers = {"x-forwarded-for": environ.get("HTTP_X_FORWARDED_FOR")}  # all get_ident reads


def count_anonymous(environ: dict) -> bool:
    """count_once for an anonymous WSGI request, without building the request objects."""
    return _count(_Anonymous(environ), environ)


def _count(request, meta: dict) -> bool:
    allowed = all(throttle().allow_request(request, None) for throttle in (AnonRateThrottle, UserRateThrottle))
    meta[COUNTED] = allowed  # META is the WSGI environ: the request Django builds from it sees this too
    return allowed
