"""DRF's rate throttles, reading the clock through a method (so a frozen clock in tests applies cleanly)."""

import time

from rest_framework import throttling


class _Clock:
    def timer(self) -> float:
        return time.time()


class AnonRateThrottle(_Clock, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_Clock, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(_Clock, throttling.ScopedRateThrottle):
    pass
