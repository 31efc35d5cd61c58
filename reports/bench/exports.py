"""Time the CSV export of every deal a viewer sees, as a browser receives it."""

import resource
import time

from django.test import Client

from reports.bench.pages import allowed_host
from users.models import User


def time_export(user: User, url: str = "/opportunities/export/?format=csv") -> dict:
    """Rows, megabytes, seconds and rows per second of one streamed download.

    `rss_growth_mb` is how much the process's peak memory grew: a streamed
    export keeps it flat however many rows it writes.
    """
    client = Client(HTTP_HOST=allowed_host())
    client.force_login(user)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.get(url)
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows = max(0, lines - 1)  # less the header
    return {
        "url": url,
        "status": response.status_code,
        "rows": rows,
        "mb": round(size / 1e6, 1),
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds) if seconds else 0,
        "rss_growth_mb": round((peak_after - peak_before) / 1024, 1),
    }
