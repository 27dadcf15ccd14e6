"""The anonymous and per-user API limits: a sliding window estimated from two fixed windows' counts."""

import pytest

from config.throttles import AnonRateThrottle, count_anonymous, reset


@pytest.fixture
def clock(monkeypatch):
    now = {"t": 6000.0}  # the start of a minute
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**AnonRateThrottle.THROTTLE_RATES, "anon": "3/minute"})
    monkeypatch.setattr(AnonRateThrottle, "timer", lambda self: now["t"])
    reset()
    yield now
    reset()


def _ask(address: str = "10.0.0.1") -> tuple[bool, float | None]:
    throttle = AnonRateThrottle()

    class Request:
        META = {"REMOTE_ADDR": address}
        headers = {}
        user = None

    allowed = throttle.allow_request(Request(), None)
    return allowed, None if allowed else throttle.wait()


def test_the_limit_holds_over_a_sliding_minute_and_says_when_to_come_back(clock):
    assert [_ask()[0] for _ in range(3)] == [True, True, True]
    allowed, wait = _ask()
    assert not allowed and wait == pytest.approx(60.0)
    assert _ask("10.0.0.2")[0]  # another client counts apart
    clock["t"] += 40  # 40 s into the window: still 3 in the last minute
    assert _ask()[0] is False
    clock["t"] += 30  # 10 s into the next window: 3 × 50/60 = 2.5 counted, one more allowed
    assert _ask()[0] is True
    allowed, wait = _ask()  # 2.5 + 1 ≥ 3: wait until 3 × (1 − s/60) + 1 < 3, s > 20
    assert not allowed and wait == pytest.approx(10.0)
    clock["t"] += 120  # two windows later nothing is left
    assert [_ask()[0] for _ in range(4)] == [True, True, True, False]


def test_refused_requests_are_not_counted(clock):
    for _ in range(10):
        _ask()
    clock["t"] += 60 + 40  # 40 s into the next window: 3 × 20/60 = 1 of the last one (10 × 20/60 would refuse)
    assert [_ask()[0] for _ in range(3)] == [True, True, False]


def test_an_anonymous_request_is_counted_by_its_address(clock):
    environ = {"REMOTE_ADDR": "10.0.0.9", "REQUEST_METHOD": "GET"}
    assert [count_anonymous(dict(environ)) for _ in range(4)] == [True, True, True, False]
    assert count_anonymous({**environ, "REMOTE_ADDR": "10.0.0.10"}) is True
