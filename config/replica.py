"""Reading from a PostgreSQL streaming replica, when one is configured.

With `DATABASE_REPLICA_URL` set, settings add a `replica` database and this
router. Only code that asks for it reads there: reports, exports and list
totals run inside `replica_reads()`. Everything else, every write, and
every read after a write stays on the primary:

- a write in a request pins the rest of that request to the primary;
- `ReplicaPinMiddleware` pins every unsafe request (POST, …) and, through a
  short-lived cookie, the requests that follow it, so the page a form
  redirects to shows what was just saved even if the replica lags.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"
PIN_COOKIE = "crm_primary"
# How long after a write a browser keeps reading from the primary.
PIN_SECONDS = 10

_wanted: ContextVar[bool] = ContextVar("replica_wanted", default=False)
_pinned: ContextVar[bool] = ContextVar("replica_pinned", default=False)


def replica_configured() -> bool:
    """Whether a replica is set up and this router sends reads to it."""
    router = f"{__name__}.{ReplicaRouter.__name__}"
    return REPLICA in settings.DATABASES and router in settings.DATABASE_ROUTERS


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside go to the replica, unless this request has written."""
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


def pin_to_primary() -> None:
    _pinned.set(True)


@contextmanager
def pin_scope(pinned: bool = False) -> Iterator[None]:
    """A unit of work (a request) with its own pin; writes inside pin it only.

    Outside any scope a write pins the rest of the thread's work to the
    primary, the safe choice for tasks and commands.
    """
    token = _pinned.set(pinned)
    try:
        yield
    finally:
        _pinned.reset(token)


def is_pinned() -> bool:
    return _pinned.get()


def read_alias() -> str:
    """Where a read made now goes."""
    if _wanted.get() and not _pinned.get() and replica_configured():
        return REPLICA
    return DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Reads asked for the replica go there; writes and the rest to the primary."""

    def db_for_read(self, model, **hints) -> str:
        return read_alias()

    def db_for_write(self, model, **hints) -> str:
        pin_to_primary()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaPinMiddleware:
    """Pin unsafe requests, and those shortly after them, to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unsafe = request.method not in ("GET", "HEAD", "OPTIONS")
        had_cookie = PIN_COOKIE in request.COOKIES
        with pin_scope(unsafe or had_cookie):
            response = self.get_response(request)
            # A write (or a form sent) starts the window; a request pinned only
            # by the cookie lets it run out.
            if is_pinned() and (unsafe or not had_cookie):
                response.set_cookie(
                    PIN_COOKIE, "1", max_age=PIN_SECONDS, httponly=True, samesite="Lax"
                )
        return response
