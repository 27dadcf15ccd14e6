"""Errors raised by services; views and the API turn them into HTTP statuses."""


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(ServiceError):
    """The request is malformed or breaks a rule (400)."""

    status = 400


class NotAllowed(ServiceError):
    """The actor's role may not do this (403)."""

    status = 403


class NotFound(ServiceError):
    """No such object, or not one this actor may see (404)."""

    status = 404


class Conflict(ServiceError):
    """The transition is not allowed from the object's current state (409)."""

    status = 409


class TooMany(ServiceError):
    """The actor has done this too often for now (429)."""

    status = 429


class Unavailable(ServiceError):
    """Not ready yet: ask again in `retry_after` seconds (503, with Retry-After)."""

    status = 503

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
