"""DRF's rate throttles, reading the clock through a method (so a frozen clock in tests applies cleanly)."""

import time

from django.http import HttpRequest
from rest_framework import throttling
from rest_framework.request import Request

COUNTED = "detainer.throttle_counted"


class _Clock:
    def timer(self) -> float:
        return time.time()


class _CountedOnce(_Clock):
    def allow_request(self, request, view) -> bool:
        # An anonymous read that config.http_cache counted before the view ran is not counted twice.
        if request._request.META.get(COUNTED):
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
    drf_request = Request(request)
    allowed = all(throttle().allow_request(drf_request, None) for throttle in (AnonRateThrottle, UserRateThrottle))
    request.META[COUNTED] = allowed  # META is the WSGI environ: the request Django builds from it sees this too
    return allowed
