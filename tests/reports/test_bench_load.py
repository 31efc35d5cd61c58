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


def test_pages_are_loaded_in_turns_and_their_rounds_added_up(monkeypatch):
    """A machine that slows down half way weighs on every page alike."""
    from reports.bench import load

    asked, clock = [], iter(range(100))
    monkeypatch.setattr(load, "_get", lambda port, url, cookie: (200, 1.0))
    monkeypatch.setattr(load, "cpu_seconds", lambda pid: next(clock) / 10)

    def fake_load(port, url, cookie, *, connections, seconds):
        asked.append((url, seconds))
        # The machine runs at half speed for the later rounds.
        slow = len(asked) > 4
        count = {"/trivial/": 40, "/list/": 20}[url] // (2 if slow else 1)
        return count, 0, [5.0] * count, seconds

    monkeypatch.setattr(load, "load", fake_load)
    targets = [("s", "trivial", "/trivial/", ""), ("s", "list", "/list/", "")]
    trivial, listed = load.measure(
        1, targets, connections=8, seconds=8, server_pid=1, rounds=4
    )
    assert [url for url, _ in asked] == ["/trivial/", "/list/"] * 4
    assert {seconds for _, seconds in asked} == {2}
    assert (trivial.requests, listed.requests) == (120, 60)
    assert (trivial.per_second, listed.per_second) == (15.0, 7.5)
    assert listed.vs_trivial == 0.5
    # Each turn reads the CPU clock before and after: 0.1 s a turn here.
    assert listed.cpu_ms == round(4 * 100 / 60, 1)
