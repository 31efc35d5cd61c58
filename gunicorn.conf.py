"""gunicorn settings, read from the project root by every `gunicorn` run here.

Threaded workers keep reporting to the arbiter while a request runs, so a
long streamed download (a CSV of a million deals) is not killed by the
worker timeout the way a synchronous worker would be after 30 seconds.
"""

import os

worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
