import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from jurisdictions.models import SecurityEvent
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_repeated_failed_sign_ins_lock_the_account_on_every_door(client, anonymous, sheriff, settings):
    codes = [
        client.post(reverse("login"), {"username": sheriff.username, "password": "wrong"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert codes == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = client.post(reverse("login"), {"username": sheriff.username, "password": PASSWORD})
    assert locked.status_code == 429 and "locked" in locked.content.decode()
    api = anonymous.post("/api/v1/token/", {"username": sheriff.username, "password": PASSWORD}, format="json")
    assert api.status_code == 429 and "locked" in api.json()["detail"]
    admin = client.post("/admin/login/", {"username": sheriff.username, "password": PASSWORD})
    assert admin.status_code == 429
    assert SecurityEvent.objects.filter(kind="login_failed", username=sheriff.username).count() >= 5
    assert SecurityEvent.objects.filter(kind="locked_out").exists()


def test_the_token_endpoint_is_throttled(anonymous, db, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(
        ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "token": "3/minute"}
    )
    cache.clear()
    codes = [
        anonymous.post("/api/v1/token/", {"username": f"nobody{n}", "password": "x"}, format="json").status_code
        for n in range(4)
    ]
    cache.clear()
    assert codes == [400, 400, 400, 429]


def test_tokens_expire_and_their_owner_can_revoke_them(anonymous, sheriff):
    response = anonymous.post("/api/v1/token/", {"username": sheriff.username, "password": PASSWORD}, format="json")
    token = response.json()["token"]
    assert bearer(token).get("/api/v1/entries/").status_code == 200
    assert bearer(token).post("/api/v1/token/logout/").status_code == 204
    assert bearer(token).get("/api/v1/entries/").status_code == 401
    _, expired = AuthToken.objects.create(sheriff, expiry=dt.timedelta(seconds=-1))
    assert bearer(expired).get("/api/v1/entries/").status_code == 401
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {"token_created", "token_revoked"} <= kinds


def test_a_password_change_or_deactivation_revokes_tokens(sheriff):
    _, first = AuthToken.objects.create(sheriff)
    sheriff.set_password("a-brand-new-passphrase")
    sheriff.save()
    assert bearer(first).get("/api/v1/entries/").status_code == 401
    _, second = AuthToken.objects.create(sheriff)
    sheriff.is_active = False
    sheriff.save()
    assert bearer(second).get("/api/v1/entries/").status_code == 401


def test_sessions_end_when_idle_and_at_their_absolute_lifetime(client, sheriff, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(sheriff)
    assert client.get(reverse("portal")).status_code == 200
    session = client.session
    session["session_started"] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("portal"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_private_responses_are_never_cached(client, client_for, sheriff, db):
    client.force_login(sheriff)
    assert "no-store" in client.get(reverse("portal"))["Cache-Control"]
    assert "no-store" in client_for(sheriff).get("/api/v1/entries/")["Cache-Control"]
    client.logout()
    assert "no-store" not in client.get(reverse("corrections")).get("Cache-Control", "")


def test_a_renamed_actor_keeps_the_name_they_acted_under(sheriff, entry):
    from disputes import services
    from disputes.models import TransitionLog

    services.file_dispute(actor=sheriff, entry_id=entry.pk, ground="other", explanation="Not ours at all, clearly.")
    old = sheriff.username
    sheriff.username = "renamed-sheriff"
    sheriff.save()
    assert TransitionLog.objects.get(entry=entry).actor_name == old


def test_the_security_log_cannot_be_changed_or_deleted(client, sheriff, db):
    client.post(reverse("login"), {"username": sheriff.username, "password": "wrong"})
    event = SecurityEvent.objects.get(kind="login_failed")
    event.detail = "edited"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    from django.contrib.admin.sites import site

    admin = site._registry[SecurityEvent]
    assert not admin.has_change_permission(None) and not admin.has_delete_permission(None)


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7Qv-production-like-secret-" + "Zp4x9Lm2" * 6,
    "ALLOWED_HOSTS": "corrections.example.gov",
    "SECURE_SSL_REDIRECT": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "USE_X_FORWARDED_PROTO": "true",
}


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    result = _run({**PRODUCTION, "VAR_DIR": str(tmp_path)}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_without_a_secret_key_the_app_refuses_to_start_and_says_what_to_set(tmp_path):
    result = _run({"DEBUG": "false", "VAR_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set. Set the SECRET_KEY environment variable" in result.stderr


def test_every_page_sends_a_content_security_policy_without_inline_script(client, sheriff, reviewer, entry):
    pages = [reverse("home"), reverse("corrections"), reverse("login"), "/no-such-page/"]
    for user, extra in (
        (None, []),
        (sheriff, [reverse("portal"), reverse("portal-entry", args=[entry.pk])]),
        (reviewer, [reverse("review"), reverse("review-agency")]),
    ):
        if user:
            client.force_login(user)
        for url in pages + extra:
            policy = client.get(url)["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "Content-Security-Policy" in client.get("/api/docs/")


def test_the_api_docs_are_served_from_this_site(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "cdn." not in html and "/static/drf_spectacular_sidecar/" in html
