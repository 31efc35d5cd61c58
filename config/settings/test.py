"""Test run: fast hashing, no manifest lookups, an isolated broker folder."""

import atexit
import shutil
import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import REDIS_URL, embedded_broker

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def scratch_folder(prefix: str) -> Path:
    """A temporary folder for this test process, removed when it exits."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


MEDIA_ROOT = scratch_folder("crm-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
NOTIFICATION_RETRY_DELAYS = [0, 0]

if not REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS, CELERY_RESULT_BACKEND = embedded_broker(
        scratch_folder("crm-broker-")
    )
else:
    # Keep test caches apart from a running product's.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Query budgets count the session read, with or without Redis.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# A tiny owned model that tests the visibility rule apart from any business app.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.ownedapp"]  # noqa: F405

# Connections are closed after each request and each Celery task, so threads
# (live server, in-process worker) leave no session that blocks dropping the
# PostgreSQL test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# A second alias on the same database, for testing the replica router
# (config/replica.py); the router itself is on only where a test turns it on.
DATABASES.setdefault(  # noqa: F405
    "replica",
    {**DATABASES["default"], "TEST": {"MIRROR": "default"}},  # noqa: F405
)
