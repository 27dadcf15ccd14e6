from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from config.errors import InvalidInput

from .models import Account, Facility, Jurisdiction


@transaction.atomic
def create_account(*, username: str, password: str, role: str, fips: str | None = None, email: str = "") -> Account:
    """Create a user with a sheriff (one jurisdiction) or reviewer role."""
    if role not in Account.Role.values:
        raise InvalidInput(f"role must be one of: {', '.join(Account.Role.values)}", field="role")
    jurisdiction = None
    if role == Account.Role.SHERIFF:
        if not fips:
            raise InvalidInput("a sheriff account needs --jurisdiction FIPS", field="jurisdiction")
        jurisdiction = Jurisdiction.objects.filter(fips=fips).first()
        if jurisdiction is None:
            raise InvalidInput(f"no jurisdiction with FIPS code {fips!r}", field="jurisdiction")
    elif fips:
        raise InvalidInput("a reviewer account is not tied to a jurisdiction", field="jurisdiction")
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise InvalidInput(f"user {username!r} already exists", field="username")
    user = user_model(username=username, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    return Account.objects.create(user=user, role=role, jurisdiction=jurisdiction)


def ensure_jurisdiction(*, fips: str, name: str, state: str, kind: str) -> Jurisdiction:
    """The jurisdiction with this FIPS code, created if new; a different name for a known code is an error."""
    jurisdiction, created = Jurisdiction.objects.get_or_create(
        fips=fips, defaults={"name": name, "state": state, "kind": kind}
    )
    if not created and (jurisdiction.name, jurisdiction.state) != (name, state):
        raise InvalidInput(
            f"FIPS {fips} is already {jurisdiction.name}, {jurisdiction.state}, not {name}, {state}", field="fips"
        )
    return jurisdiction


def ensure_facility(*, jurisdiction: Jurisdiction, name: str) -> Facility:
    """The facility of this name in the jurisdiction, created if new."""
    facility, _ = Facility.objects.get_or_create(jurisdiction=jurisdiction, name=name)
    return facility


def ensure_jurisdictions(refs: Iterable) -> dict[str, Jurisdiction]:
    """`ensure_jurisdiction` for many refs (fips, name, state, kind), by FIPS code; one query for those on file."""
    refs = list(refs)
    known = Jurisdiction.objects.in_bulk([r.fips for r in refs], field_name="fips")
    found = {}
    for ref in refs:
        jurisdiction = known.get(ref.fips)
        if jurisdiction is None or (jurisdiction.name, jurisdiction.state) != (ref.name, ref.state):
            jurisdiction = ensure_jurisdiction(fips=ref.fips, name=ref.name, state=ref.state, kind=ref.kind)
        found[ref.fips] = jurisdiction
    return found


def ensure_facilities(named: Iterable[tuple[Jurisdiction, str]]) -> dict[tuple[int, str], Facility]:
    """`ensure_facility` for many (jurisdiction, name) pairs, by (jurisdiction id, name); one query for known ones."""
    named = list(named)
    on_file = Facility.objects.filter(jurisdiction__in={j.pk for j, _ in named}, name__in={n for _, n in named})
    found = {(f.jurisdiction_id, f.name): f for f in on_file}
    for jurisdiction, name in named:
        if (jurisdiction.pk, name) not in found:
            found[(jurisdiction.pk, name)] = ensure_facility(jurisdiction=jurisdiction, name=name)
    return found
