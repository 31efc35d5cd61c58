"""The image's own build and start steps, run on a clean copy of the repository.

No container engine runs in CI, so the steps the Dockerfile and
docker-compose.yml run are run here as processes: `scripts/build-static`
(collectstatic and `check --deploy` with production settings),
`scripts/release` (migrations, the demo only when asked) and
`scripts/start-web` (gunicorn), then a page and /health/ are fetched.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT = 300


def tracked_files() -> list[str]:
    """What a fresh clone holds: committed files and new ones not ignored."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return [name for name in listing.split("\0") if name and (REPO / name).exists()]


def clean_copy(target: Path) -> Path:
    for name in tracked_files():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, destination)
    return target


def production_env(checkout: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CRM_", "SEED_"))
    }
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="production-test-key-3c8e1f7a9b2d4e6f8a0c1e3f5a7b9d1c3e5f",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CRM_VAR_DIR=str(checkout / "var"),
        DATABASE_URL=f"sqlite:///{checkout / 'var' / 'production.sqlite3'}",
    )
    return env


def run(checkout: Path, *command: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command,
        cwd=checkout,
        env={**production_env(checkout), **extra},
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class WebProcess:
    """`scripts/start-web` on a free port, stopped on exit."""

    def __init__(self, checkout: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            ["scripts/start-web"],
            cwd=checkout,
            env={
                **production_env(checkout),
                "HOST": "127.0.0.1",
                "PORT": str(self.port),
                "WEB_CONCURRENCY": "1",
                # Fetched over plain HTTP here, as behind a TLS-ending proxy.
                "SECURE_SSL_REDIRECT": "0",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> "WebProcess":
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn stopped: {self.process.stderr.read()}")
            try:
                fetch(self.url("/health/"))
                return self
            except OSError:
                time.sleep(0.3)
        pytest.fail("gunicorn did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def shell(checkout: Path, code: str) -> str:
    result = run(checkout, "python", "manage.py", "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    checkout = clean_copy(tmp_path_factory.mktemp("checkout"))
    result = run(checkout, "scripts/build-static")
    assert result.returncode == 0, result.stdout + result.stderr
    return checkout


def test_the_built_image_serves_pages_and_reports_healthy(built):
    assert run(built, "scripts/release").returncode == 0
    with WebProcess(built) as web:
        status, body = fetch(web.url("/health/"))
        assert status == 200, body
        status, page = fetch(web.url("/accounts/login/"))
    assert status == 200
    # Static files are served under their hashed, cacheable names.
    assert "/static/vendor/bootstrap/bootstrap.min." in page
    assert "/static/vendor/bootstrap/bootstrap.min.css" not in page


def test_a_restart_keeps_a_changed_admin_password_and_adds_no_demo_unasked(built):
    users = "from users.models import User; "
    assert shell(built, users + "print(User.objects.count())") == "0"

    assert run(built, "scripts/release", SEED_DEMO="1").returncode == 0
    with WebProcess(built):
        pass
    shell(
        built,
        users + "u = User.objects.get(username='admin'); "
        "u.set_password('changed-in-production-42'); u.save()",
    )

    # Restarted twice: with the demo asked for again, then as production runs.
    assert run(built, "scripts/release", SEED_DEMO="1").returncode == 0
    with WebProcess(built):
        pass
    assert run(built, "scripts/release").returncode == 0
    with WebProcess(built) as web:
        assert fetch(web.url("/health/"))[0] == 200

    checks = shell(
        built,
        users + "u = User.objects.get(username='admin'); "
        "print(u.check_password('changed-in-production-42'), "
        "u.check_password('demo12345'))",
    )
    assert checks == "True False"


def test_production_starts_without_demo_data_unless_asked(tmp_path):
    checkout = clean_copy(tmp_path)
    assert run(checkout, "scripts/release").returncode == 0
    counts = shell(
        checkout,
        "from users.models import User; from customers.models import Customer; "
        "print(User.objects.count(), Customer.objects.count())",
    )
    assert counts == "0 0"


def test_the_build_fails_when_a_vendored_file_names_a_missing_source_map(tmp_path):
    checkout = clean_copy(tmp_path)
    broken = checkout / "static" / "vendor" / "broken"
    broken.mkdir(parents=True)
    (broken / "lib.min.js").write_text(
        "var x=1;\n//# sourceMappingURL=lib.min.js.map\n"
    )
    result = run(checkout, "scripts/build-static")
    assert result.returncode != 0
    assert "lib.min.js.map" in result.stderr
