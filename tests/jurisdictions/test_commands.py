import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from jurisdictions.models import Account
from tests.factories import JurisdictionFactory

pytestmark = pytest.mark.django_db


def create(monkeypatch, *args, password="a-long-passphrase\n"):
    monkeypatch.setattr("sys.stdin", io.StringIO(password))
    out = io.StringIO()
    call_command("create_account", *args, stdout=out)
    return out.getvalue()


def test_sheriff_account_is_tied_to_its_jurisdiction_and_can_sign_in(monkeypatch):
    travis = JurisdictionFactory(name="Travis County", fips="48453")
    out = create(monkeypatch, "travis", "--role", "sheriff", "--jurisdiction", "48453")
    assert "Travis County" in out
    account = Account.objects.get(user__username="travis")
    assert (account.role, account.jurisdiction) == ("sheriff", travis)
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="travis", password="a-long-passphrase") == account.user


def test_reviewer_account_has_no_jurisdiction(monkeypatch):
    create(monkeypatch, "rev", "--role", "reviewer")
    assert Account.objects.get(user__username="rev").jurisdiction is None


def test_senior_reviewer_account_reviews_and_decides_appeals(monkeypatch):
    out = create(monkeypatch, "senior", "--role", "senior-reviewer")
    assert "Created senior reviewer account senior." in out
    account = Account.objects.get(user__username="senior")
    assert (account.role, account.jurisdiction, account.is_reviewer, account.is_senior) == (
        "senior-reviewer",
        None,
        True,
        True,
    )


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (("s", "--role", "sheriff"), "a-long-passphrase\n", "needs --jurisdiction"),
        (("s", "--role", "sheriff", "--jurisdiction", "99999"), "a-long-passphrase\n", "no jurisdiction with FIPS"),
        (("r", "--role", "reviewer"), "\n", "no password"),
        (("r", "--role", "reviewer"), "short\n", "too short"),
    ],
)
def test_bad_account_requests_explain_themselves(monkeypatch, args, password, message):
    with pytest.raises(CommandError, match=message):
        create(monkeypatch, *args, password=password)
    assert not Account.objects.exists()
