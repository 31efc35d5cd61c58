"""Settings defaults: a fresh machine needs no services; production is strict."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'],"
        " 'name': str(s.DATABASES['default']['NAME']),"
        " 'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['BACKEND'],"
        " 'debug': s.DEBUG}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_services_the_product_uses_sqlite_and_an_embedded_broker(tmp_path):
    result = load_settings("config.settings.development", CRM_VAR_DIR=str(tmp_path))
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(tmp_path / "db.sqlite3")
    assert values["broker"] == "filesystem://"
    assert values["cache"].endswith("LocMemCache")
    assert values["debug"] is True


def test_database_and_redis_urls_switch_to_postgresql_and_redis(tmp_path):
    result = load_settings(
        "config.settings.development",
        CRM_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://crm@db.internal:5432/crm",
        REDIS_URL="redis://cache.internal:6379/1",
    )
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "crm"
    assert values["broker"] == "redis://cache.internal:6379/1"
    assert values["cache"].endswith("RedisCache")


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = load_settings("config.settings.production", CRM_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = load_settings(
        "config.settings.production", CRM_VAR_DIR=str(tmp_path), SECRET_KEY="x" * 60
    )
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        CRM_VAR_DIR=str(tmp_path),
        SECRET_KEY="k3y-" + "q8Zr!pL2#vW9" * 5,
        ALLOWED_HOSTS="crm.example.com",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
