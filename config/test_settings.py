"""Test settings: the main settings, with tasks run in-process unless a test starts a real worker."""

import os

# Tests bring their own key; the settings refuse to start without one when DEBUG is off.
os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 50)

from .settings import *  # noqa: E402, F403

CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Each test starts with an empty cache (tests/conftest.py); the cache never holds anything the tests need.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "public": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "public"},
}
# Test threads close their connections when done, so the test database can be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Throttles are tested on their own (tests/security); elsewhere many requests come from one client.
REST_FRAMEWORK = {  # noqa: F405
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute", "token": "100000/minute",
                               "uploads": "100000/minute"},
}
