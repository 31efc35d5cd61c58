"""A health endpoint for load balancers and container health checks.

It answers 200 only when a page could be served: the database answers, a
page template renders (templates, context processors, translations), every
static file the layout links is in the static storage (with production
settings, in collectstatic's manifest and on disk), and the broker that
background jobs go through accepts a connection.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from config.celery import app as celery_app

# What the base layout links on every page.
LAYOUT_STATIC_FILES = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "css/app.css",
    "js/app.js",
)


def check_database(request: HttpRequest) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_templates(request: HttpRequest) -> None:
    # The login page goes through the layout, so it needs what every page does.
    form = AuthenticationForm(request)
    render_to_string("registration/login.html", {"form": form}, request=request)


def check_static(request: HttpRequest) -> None:
    for name in LAYOUT_STATIC_FILES:
        # With DEBUG on, a manifest storage links the files by their own names
        # (`scripts/run`'s development server never collects them).
        if isinstance(staticfiles_storage, ManifestFilesMixin) and not settings.DEBUG:
            # Raises ValueError when collectstatic's manifest lacks the file.
            stored = staticfiles_storage.stored_name(name)
            if not staticfiles_storage.exists(stored):
                raise FileNotFoundError(stored)
        elif not finders.find(name):
            raise FileNotFoundError(name)


def check_broker(request: HttpRequest) -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


CHECKS: dict[str, Callable[[HttpRequest], None]] = {
    "database": check_database,
    "templates": check_templates,
    "static": check_static,
    "broker": check_broker,
}


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        try:
            check(request)
            results[name] = "ok"
        except Exception as exc:  # any failure means unhealthy; report its kind
            results[name] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(results, status=200 if healthy else 503)
