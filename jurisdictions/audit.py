"""Writing the security log: sign-in failures and lockouts, denied actions, evidence access, API tokens."""

import logging

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from .models import SecurityEvent

log = logging.getLogger("detainer.security")


def client_address(request) -> str | None:
    """The client's address as the app sees it (behind a proxy, REMOTE_ADDR is set by the proxy layer)."""
    return (getattr(request, "META", None) or {}).get("REMOTE_ADDR") or None


def record_event(request, kind: str, *, user=None, username: str = "", detail: str = "") -> SecurityEvent:
    """Write one security event with who, from where, when and what."""
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(user.get_username() if user else username)[:150],
        address=client_address(request),
        method=getattr(request, "method", "")[:10],
        path=(getattr(request, "path", "") or "")[:500],
        detail=detail[:500],
    )
    log.info("security event %s by %s from %s: %s", kind, event.username or "anonymous", event.address, detail)
    return event


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    if request is not None:
        record_event(request, SecurityEvent.Kind.LOGIN_FAILED, username=str(credentials.get("username", "")))


def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    if request is not None:
        record_event(request, SecurityEvent.Kind.LOCKED_OUT, username=username or "", detail="too many failed sign-ins")


def connect() -> None:
    """Listen for axes' lockout signal (the failed-sign-in receiver is connected on import)."""
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="security-locked-out")
