from django.contrib.auth.models import AnonymousUser, User

from .models import Account, Jurisdiction, SecurityEvent


def account_for(user: User | AnonymousUser | None) -> Account | None:
    """The role account of a signed-in user, or None."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.account
    except Account.DoesNotExist:
        return None


def is_reviewer(user) -> bool:
    """Whether the user is an agency reviewer."""
    account = account_for(user)
    return bool(account and account.is_reviewer)


def sheriff_jurisdiction(user) -> Jurisdiction | None:
    """The jurisdiction a sheriff's-office user speaks for, or None for anyone else."""
    account = account_for(user)
    return account.jurisdiction if account and account.is_sheriff else None


def security_events(kind: str = "", *, limit: int) -> list[SecurityEvent]:
    """The latest security events, newest first: of one kind when `kind` names one, else of every kind."""
    events = SecurityEvent.objects.order_by("-at", "-pk")
    if kind in SecurityEvent.Kind.values:
        events = events.filter(kind=kind)
    return list(events[:limit])
