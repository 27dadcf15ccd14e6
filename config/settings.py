"""Settings for Detainer Corrections, driven by environment variables.

With no configuration the app runs on SQLite under ./var with a filesystem
Celery broker, so no server is needed. In production set DATABASE_URL
(PostgreSQL) and REDIS_URL (Celery broker).
"""

import datetime as dt
from pathlib import Path

import environ

from disputes.schedule import SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
# The key comes from SECRET_KEY, or for a local install from the random key bin/setup keeps in VAR_DIR.
# There is no built-in key: with DEBUG off and neither set, the app refuses to start.
_key_file = VAR_DIR / "secret_key"
SECRET_KEY = env("SECRET_KEY", default="") or (_key_file.read_text().strip() if _key_file.exists() else "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random value, e.g. "
            "the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))' "
            "(or run bin/setup, which keeps one for this machine in VAR_DIR/secret_key; DEBUG=true uses a "
            "throwaway key for development)."
        )
    SECRET_KEY = "debug-only-" + "x" * 40
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# HTTPS and cookies (see README, "Running in production").
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Signed-in sessions end after 30 idle minutes and at most 12 hours after sign-in.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)

INSTALLED_APPS = [
    "django.forms",  # the widget templates, for FORM_RENDERER
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "jurisdictions",
    "reports",
    "disputes",
    "config.operations",
]

MIDDLEWARE = [
    "config.limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.sessions.SessionLifetimeMiddleware",
    "config.sessions.NoStoreMiddleware",
    "jurisdictions.views.access.ServiceErrorMiddleware",
    "config.operations.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "config.forms.FormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jurisdictions.context_processors.account",
            ],
            "builtins": ["config.template_tags"],
        },
    },
]

DATABASES = {
    "default": env.db_url_config(env("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The worker and the web process write to one file: take the write lock when a transaction
    # starts (so the busy timeout applies) and let readers go on while a write is under way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    # Reuse connections for a minute, check them before each request (a restarted server is noticed
    # at once), and give up connecting after a few seconds instead of hanging the request.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )
    # Parameters travel apart from the SQL, so psycopg prepares a statement the connection has run five times and
    # PostgreSQL stops parsing and planning it again: most of a public page's database time (its queries are few
    # and the same on every request). Off behind a pooler that cannot keep prepared statements (PgBouncer in
    # transaction mode without max_prepared_statements, which it has since 1.21).
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"].update({"server_side_binding": True, "prepare_threshold": 5})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Not a check: told of every password change, it revokes the account's API tokens.
    {"NAME": "jurisdictions.tokens.RevokeTokensOnPasswordChange"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock out an account, and separately an address, after repeated failed sign-ins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_LOCKOUT_CALLABLE = "config.limits.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# Content-Security-Policy on every HTML page: scripts and styles from this site only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]

# Public files (report and notice PDFs) and private files (evidence) live apart;
# evidence is only ever served through a permission-checked view. With several
# machines, MEDIA_ROOT and PRIVATE_MEDIA_ROOT must be a shared volume.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=15 * 1024 * 1024)
# A request body larger than this is refused before it is read (config.limits).
REQUEST_MAX_BYTES = EVIDENCE_MAX_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# A case holds at most this many entries (disputes.services), so a reviewer's decision form, one exception
# choice per entry and some twenty other fields, always fits within the number of form fields Django accepts.
CASE_MAX_ENTRIES = 2000
DATA_UPLOAD_MAX_NUMBER_FIELDS = CASE_MAX_ENTRIES + 100
FILE_UPLOAD_HANDLERS = [
    "config.limits.CappedMemoryFileUploadHandler",
    "config.limits.CappedTemporaryFileUploadHandler",
]
EVIDENCE_UPLOADS_PER_HOUR = env.int("EVIDENCE_UPLOADS_PER_HOUR", default=60)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGIN_URL = "login"
LOGOUT_REDIRECT_URL = "corrections"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="corrections@detainer-corrections.example")
REVIEWER_NOTIFY_EMAILS = env.list("REVIEWER_NOTIFY_EMAILS", default=[])

# Data-quality findings computed when a report is imported (see README, "Data-quality findings").
QUALITY_STALE_DAYS = env.int("QUALITY_STALE_DAYS", default=180)
QUALITY_BATCH_DECLINES = env.int("QUALITY_BATCH_DECLINES", default=25)
QUALITY_BATCH_SHARE_FACTOR = env.float("QUALITY_BATCH_SHARE_FACTOR", default=3.0)
QUALITY_BATCH_MIN_SHARE = env.float("QUALITY_BATCH_MIN_SHARE", default=0.25)
QUALITY_OUTLIER_FACTOR = env.float("QUALITY_OUTLIER_FACTOR", default=3.0)
QUALITY_OUTLIER_MIN = env.int("QUALITY_OUTLIER_MIN", default=20)
QUALITY_HISTORY_WEEKS = env.int("QUALITY_HISTORY_WEEKS", default=8)

# Celery: Redis when REDIS_URL is set; otherwise a filesystem broker under ./var,
# which lets a local worker run with no server at all.
REDIS_URL = env("REDIS_URL", default="")
# Public pages and API reads are kept in the "public" cache until the next public change (config/http_cache.py):
# in Redis when REDIS_URL is set (shared by every web process; short timeouts, and an outage only means
# rendering), else in each process's memory. The default cache (API throttles) stays in memory.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "public": {
        "BACKEND": "config.cache_backends.ReusedClientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "public",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 1000}},
}
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=24 * 60 * 60)
PUBLIC_CACHE_MAX_BYTES = env.int("PUBLIC_CACHE_MAX_BYTES", default=4 * 1024 * 1024)
# Each web process also keeps the current version's answers in its own memory, up to this many bytes.
PUBLIC_LOCAL_MAX_BYTES = env.int("PUBLIC_LOCAL_MAX_BYTES", default=32 * 1024 * 1024)
# On PostgreSQL each web process listens for public changes (LISTEN/NOTIFY) instead of asking per request.
PUBLIC_WATCH = env.bool("PUBLIC_WATCH", default=DATABASES["default"]["ENGINE"].endswith("postgresql"))

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A message taken by a worker that dies comes back after visibility_timeout. It must outlast the
    # longest task (a PDF render, cut off at CELERY_TASK_TIME_LIMIT) and the longest retry countdown
    # (TASK_RETRY_BACKOFF_MAX), or live tasks would be delivered twice; the sweeper brings back a killed
    # worker's work sooner (SWEEP_GRACE_SECONDS + SWEEP_INTERVAL_SECONDS).
    # Short socket timeouts keep a request from hanging when Redis is unreachable.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
    }
else:
    _broker_dir = VAR_DIR / "broker"
    (_broker_dir / "out").mkdir(parents=True, exist_ok=True)
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# Publishing gets one connection attempt (1 s connect timeout, 1 s budget): a request waits at most
# about 2 s for an unreachable broker, and the sweeper queues what could not be sent (config/queue.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
# A revision PDF prints Section II up to this many rows. WeasyPrint lays out the whole table at once, about
# 8 ms and 0.2 MB of worker memory a row: 5,000 rows take some 40 s and 800 MB, within the task's time limit.
# A longer Section II is left to the revision's CSV, JSON and web page, which the PDF names instead.
REVISION_PDF_MAX_ROWS = env.int("REVISION_PDF_MAX_ROWS", default=5000)
# A revision's CSV and JSON take some 20 and 26 µs a Section II row to write (50,000 rows: 6.8 MB in 1 s, 24 MB
# in 1.3 s). Past this many rows they are written by a worker, once for each public version, and sent from a file.
REVISION_DOWNLOAD_MAX_ROWS = env.int("REVISION_DOWNLOAD_MAX_ROWS", default=5000)
# The corrections' CSV and JSON: some 0.15 ms and 0.9 KB (JSON) a correction; past this many, written by a worker too.
CORRECTIONS_DOWNLOAD_MAX_ROWS = env.int("CORRECTIONS_DOWNLOAD_MAX_ROWS", default=2000)
TASK_MAX_RETRIES = env.int("TASK_MAX_RETRIES", default=8)
TASK_RETRY_BACKOFF_MAX = env.int("TASK_RETRY_BACKOFF_MAX", default=300)

# The sweeper (run by `celery -A config beat`) queues side effects still undone after the grace period.
SWEEP_INTERVAL_SECONDS = env.float("SWEEP_INTERVAL_SECONDS", default=60)
SWEEP_GRACE_SECONDS = env.float("SWEEP_GRACE_SECONDS", default=120)
CELERY_BEAT_SCHEDULE = {
    "sweep": {
        "task": "config.operations.tasks.sweep",
        "schedule": SWEEP_INTERVAL_SECONDS,
        # A sweep not started within one interval is superseded by the next one.
        "options": {"expires": SWEEP_INTERVAL_SECONDS},
    },
    **SCHEDULE,
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "config.throttles.AnonRateThrottle",
        "config.throttles.UserRateThrottle",
        "config.throttles.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", default="120/minute"),
        "user": env("THROTTLE_USER", default="600/minute"),
        "token": env("THROTTLE_TOKEN", default="10/minute"),
        "uploads": env("THROTTLE_UPLOADS", default="30/minute"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "config.api_errors.Pagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "config.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Detainer Corrections API",
    "DESCRIPTION": "Dispute, review and publish corrections to Declined Detainer Outcome Reports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EntryStateEnum": "reports.models.ListedDetainer.State",
        "CaseStatusEnum": "disputes.models.Case.Status",
        "DisputeMarkEnum": "reports.serializers.DISPUTE_MARKS",
        "ReportStatusEnum": "reports.models.Report.Status",
    },
}

# API tokens: stored hashed, expire after TOKEN_TTL_HOURS, revoked by POST /api/v1/token/logout/.
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(hours=env.float("TOKEN_TTL_HOURS", default=10)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 20,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every render at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "weasyprint.progress")},
}

# Deadlines of the dispute process (see disputes/deadlines.py and README "Deadlines").
DISPUTE_WINDOW_DAYS = env.int("DISPUTE_WINDOW_DAYS", default=30)
REVIEW_WORKING_DAYS = env.int("REVIEW_WORKING_DAYS", default=10)
APPEAL_WINDOW_DAYS = env.int("APPEAL_WINDOW_DAYS", default=30)
DRAFT_REMINDER_DAYS = env.int("DRAFT_REMINDER_DAYS", default=7)
