"""Readiness checks: each returns None when the dependency works, or what is wrong."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def check_broker() -> str | None:
    if settings.REDIS_URL:
        import redis

        try:
            client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
            client.ping()
            client.close()
        except Exception as exc:  # noqa: BLE001
            return f"{type(exc).__name__}: {exc}"
        return None
    folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
    return None if os.access(folder, os.W_OK) else f"broker folder {folder} is not writable"


def check_storage() -> str | None:
    for name in ("default", "private"):
        storage = storages[name]
        probe = f".ready-{uuid.uuid4().hex}"
        try:
            os.makedirs(storage.location, exist_ok=True)
            with open(storage.path(probe), "wb") as f:
                f.write(b"ok")
            os.remove(storage.path(probe))
        except OSError as exc:
            return f"{name} storage {storage.location}: {exc}"
    return None
