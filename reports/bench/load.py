"""Throughput under load: gunicorn with two workers, a bounded load generator.

The server runs the product with production settings on 127.0.0.1; a pool
of `connections` threads asks one page over and over for `seconds`, with a
logged-in session cookie. Each page's requests per second are compared with
a trivial page (the profile) on the same server.

Pages are loaded in turns, a few seconds each, one page after the other and
round again, so that a machine whose speed drifts while it is measured (a
shared machine, a CPU clock) weighs on every page alike. The CPU time the
server's processes spent per request (read from /proc, on Linux) does not
count the time other work took from them: `cpu_vs_trivial` compares it with
the trivial page's (the trivial page's CPU per request / the page's).
"""

import http.client
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
# The server's key: the benchmark signs its login sessions with it too.
SECRET_KEY = "bench-only-" + "k" * 60


@dataclass
class Throughput:
    role: str
    page: str
    url: str
    requests: int
    errors: int
    per_second: float
    median_ms: float
    vs_trivial: float = 0.0
    cpu_ms: float | None = None
    cpu_vs_trivial: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)


# Production settings, except that static files need no manifest: the
# benchmark asks for pages, not assets, and needs no `collectstatic` run.
BENCH_SETTINGS = """
from config.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
"""


def server_env(port: int) -> dict[str, str]:
    """Production settings for a local run: no HTTPS redirect, a throwaway key."""
    var = os.environ.get("CRM_BENCH_VAR") or tempfile.mkdtemp(prefix="crm-bench-")
    Path(var, "bench_settings.py").write_text(BENCH_SETTINGS)
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([var, str(BASE_DIR)]),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CRM_VAR_DIR": var,
        "PORT": str(port),
    }


class Server:
    """`gunicorn -w 2` on 127.0.0.1:port for the length of a `with` block."""

    def __init__(self, port: int, workers: int = 2):
        self.port, self.workers = port, workers
        self.env = server_env(port)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        python = sys.executable
        gunicorn = str(Path(python).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [
                gunicorn,
                "config.wsgi",
                "-w",
                str(self.workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                _get(self.port, "/accounts/login/", "")
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


def _get(port: int, url: str, cookie: str, conn=None) -> tuple[int, float]:
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    conn.request("GET", url, headers={"Cookie": cookie, "X-Forwarded-Proto": "https"})
    response = conn.getresponse()
    response.read()
    return response.status, (time.perf_counter() - started) * 1000


def load(port: int, url: str, cookie: str, *, connections: int, seconds: float):
    """Ask `url` from `connections` threads for `seconds`; (count, errors, times)."""
    stop = time.monotonic() + seconds
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop:
            try:
                status, ms = _get(port, url, cookie, conn)
            except OSError:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status, ms = 0, 0.0
            with lock:
                if status == 200:
                    times.append(ms)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(times), errors[0], times, time.monotonic() - started


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user and system) of process `pid` and its children, or None.

    The children are gunicorn's workers; read from /proc, so None elsewhere.
    """
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for process in [pid, *map(int, children)]:
            # Fields after the command's closing parenthesis; utime, stime: 14, 15.
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1]
            utime, stime = fields.split()[11:13]
            total += int(utime) + int(stime)
    except (OSError, ValueError):
        return None
    return total / os.sysconf("SC_CLK_TCK")


def measure(
    port: int,
    targets,
    *,
    connections: int,
    seconds: float,
    server_pid=None,
    rounds: int = 5,
) -> list[Throughput]:
    """`targets`: (role, page, url, cookie); the first row is the trivial page.

    Each page is loaded for `seconds` in all, in `rounds` turns taken one page
    after the other, so that a machine that speeds up or slows down while
    the pages are measured (other work, its clock) weighs on every page
    alike and not on whichever came first. With `server_pid`, also the
    server's CPU time per request of each page.
    """
    for _role, _page, url, cookie in targets:
        _get(port, url, cookie)  # warm the workers' caches
    tally = [_Tally() for _ in targets]
    for _ in range(rounds):
        for (_role, _page, url, cookie), counted in zip(targets, tally, strict=True):
            cpu_before = cpu_seconds(server_pid) if server_pid else None
            count, errors, times, elapsed = load(
                port, url, cookie, connections=connections, seconds=seconds / rounds
            )
            cpu_after = cpu_seconds(server_pid) if server_pid else None
            counted.add(count, errors, times, elapsed)
            if cpu_before is None or cpu_after is None:
                counted.cpu = None
            elif counted.cpu is not None:
                counted.cpu += cpu_after - cpu_before
    rows = [
        counted.row(role, page, url)
        for (role, page, url, _cookie), counted in zip(targets, tally, strict=True)
    ]
    trivial = rows[0] if rows else None
    for row in rows:
        if trivial and trivial.per_second:
            row.vs_trivial = round(row.per_second / trivial.per_second, 2)
        if trivial and trivial.cpu_ms and row.cpu_ms:
            row.cpu_vs_trivial = round(trivial.cpu_ms / row.cpu_ms, 2)
    return rows


@dataclass
class _Tally:
    """One page's requests, errors, times and CPU over its rounds."""

    count: int = 0
    errors: int = 0
    elapsed: float = 0.0
    cpu: float | None = 0.0
    times: list = field(default_factory=list)

    def add(self, count: int, errors: int, times: list, elapsed: float) -> None:
        self.count += count
        self.errors += errors
        self.times += times
        self.elapsed += elapsed

    def row(self, role: str, page: str, url: str) -> Throughput:
        row = Throughput(
            role=role,
            page=page,
            url=url,
            requests=self.count,
            errors=self.errors,
            per_second=round(self.count / self.elapsed, 1) if self.elapsed else 0.0,
            median_ms=round(statistics.median(self.times), 1) if self.times else 0.0,
        )
        if self.cpu is not None and self.count:
            row.cpu_ms = round(self.cpu * 1000 / self.count, 1)
        return row
