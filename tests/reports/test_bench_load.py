"""The load part of `bench`: the server's CPU time counts its workers."""

import os
import subprocess
import sys
import time

import pytest

from reports.bench.load import cpu_seconds

BUSY_CHILD = """
import time
end = time.process_time() + 0.4
while time.process_time() < end:
    pass
print("done", flush=True)
time.sleep(30)
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads /proc")
def test_a_servers_cpu_time_includes_its_workers():
    child = subprocess.Popen(
        [sys.executable, "-c", BUSY_CHILD], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "done"
        own = sum(os.times()[:2])
        assert cpu_seconds(os.getpid()) - own >= 0.35
    finally:
        child.kill()
        child.wait()


def test_a_process_that_is_gone_has_no_cpu_time():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    time.sleep(0.1)
    assert cpu_seconds(child.pid) is None
