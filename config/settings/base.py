"""Settings shared by every environment, read from environment variables.

Without any variables set, the project runs on a SQLite file and an embedded
(filesystem) Celery broker, so a fresh machine needs no services.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Local state of a run without services: the SQLite file, broker queue, uploads.
VAR_DIR = Path(os.environ.get("CRM_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


def embedded_broker(folder: Path) -> tuple[dict, str]:
    """Kombu filesystem transport options and a file result backend in `folder`."""
    for sub in ("queue", "processed", "results", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    options = {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "store_processed": False,
        "control_folder": str(folder / "control"),
    }
    return options, f"file://{folder / 'results'}"


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.admin.CRMAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "import_export",
    "simple_history",
    "axes",
    "users",
    "leads",
    "customers",
    "opportunities",
    "contracts",
    "payments",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
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
                "django.template.context_processors.i18n",
                "users.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, worker and beat read while one of them writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Covering indexes and constraints (INCLUDE) serve PostgreSQL's reports;
    # SQLite has none and Django builds plain ones or, for the follow-up
    # counts PostgreSQL alone keeps, none. Expected there, so not a warning.
    SILENCED_SYSTEM_CHECKS = ["models.W039", "models.W040"]

# PostgreSQL's JIT compiles the plan of any query it costs as large, such as
# a report's grouped scan of a year of deals: at a million deals, compiling
# took 2.1 s of a 3.9 s query (EXPLAIN ANALYZE of the coaching hygiene). Pages
# here are many short queries, where compiling does not pay for itself.
POSTGRES_OPTIONS = {"options": "-c jit=off"}

# A PostgreSQL streaming replica for reports, exports and list totals
# (config/replica.py); writes and reads right after a write stay on default.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASE_ROUTERS = []
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASE_ROUTERS = ["config.replica.ReplicaRouter"]
    MIDDLEWARE.insert(1, "config.replica.ReplicaPinMiddleware")

for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("OPTIONS", {}).update(POSTGRES_OPTIONS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username or address before the password check.
    "axes.backends.AxesStandaloneBackend",
    "users.backends.RoleBackend",
]

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failed logins for
# one username, or from one address, further logins are refused for
# LOGIN_COOLOFF_MINUTES. Administrators see and clear lockouts in the admin.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))
)
# How many reverse proxies in front of the app append to X-Forwarded-For.
LOGIN_TRUSTED_PROXIES = int(os.environ.get("LOGIN_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "users.login_throttle.client_address"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "users.login_throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USERNAME_FORM_FIELD = "username"
# The lockouts are logged; the version banner on every start is not needed.
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Contract numbers: `{year}`, `{month}` and `{seq}` (contracts/numbering.py).
CONTRACT_NUMBER_PATTERN = os.environ.get(
    "CONTRACT_NUMBER_PATTERN", "HT-{year}-{seq:04d}"
)
# The starting value of the reminder settings' "stale after (days)": an open
# deal with no follow-up for this many days, or no next contact, is stale.
STALE_AFTER_DAYS = int(os.environ.get("STALE_AFTER_DAYS", "14"))

# Contract attachments: the largest upload, and the file types accepted.
CONTRACT_ATTACHMENT_MAX_MB = int(os.environ.get("CONTRACT_ATTACHMENT_MAX_MB", "20"))
CONTRACT_ATTACHMENT_EXTENSIONS = env_list(
    "CONTRACT_ATTACHMENT_EXTENSIONS",
    "pdf,doc,docx,xls,xlsx,ppt,pptx,odt,ods,txt,png,jpg,jpeg,zip",
)

# Change history is an audit trail: admins read it, they do not revert through
# it, which would skip the services that keep stages, numbers and plans true.
SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Redis is the broker and cache when configured; otherwise everything stays
# in-process or on the local disk.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # Sessions are read from the cache and written through to the database,
    # so any web process serves any user and a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Beat answers `celery inspect ping` (its container health check).
    CELERY_BEAT_ENABLE_REMOTE_CONTROL = True
    # With Redis down a send gives up within about two seconds, so a page that
    # queues work still answers (users/task_queue.py logs the failure).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
        "max_retries": 1,
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS, CELERY_RESULT_BACKEND = embedded_broker(
        VAR_DIR / "broker"
    )

CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Schedules live in the database; with Redis, one beat sends (config/beat.py).
CELERY_BEAT_SCHEDULER = "config.beat:SingleBeatScheduler"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "crm@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "") == "1"
EMAIL_TIMEOUT = 20
# Where links in e-mails and team-chat messages point.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Seconds before each retry of a notification channel that failed; after the
# last, the failure stays recorded.
NOTIFICATION_RETRY_DELAYS = [60, 300, 1800]

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
