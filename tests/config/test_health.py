"""/health/ answers 200 only when a page could be served."""

import pytest
from django.db import OperationalError
from django.urls import reverse

import config.health
from config.celery import app as celery_app

MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


def test_health_is_ok_when_every_part_a_page_needs_works(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "templates": "ok",
        "static": "ok",
        "broker": "ok",
    }


def test_health_is_503_when_static_files_were_never_collected(
    client, db, settings, tmp_path
):
    # Production settings with an empty STATIC_ROOT: every page would be a 500.
    settings.STORAGES = MANIFEST_STORAGE
    settings.STATIC_ROOT = tmp_path
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["static"] == "error: ValueError"
    assert response.json()["templates"].startswith("error")
    assert response.json()["database"] == "ok"


def test_health_is_ok_in_development_without_collected_static_files(
    client, db, settings, tmp_path
):
    # `scripts/run`: DEBUG on, the manifest storage, nothing collected; pages
    # link the files by their own names, so they are served.
    settings.STORAGES = MANIFEST_STORAGE
    settings.STATIC_ROOT = tmp_path
    settings.DEBUG = True
    response = client.get(reverse("health"))
    assert response.json()["static"] == "ok"
    assert response.status_code == 200


class BrokenConnection:
    def cursor(self):
        raise OperationalError("connection refused")


def test_health_is_503_when_the_database_is_down(client, db, monkeypatch):
    monkeypatch.setattr(config.health, "connection", BrokenConnection())
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"


@pytest.mark.parametrize("url", ["redis://127.0.0.1:1/0"])
def test_health_is_503_when_the_broker_is_unreachable(client, db, monkeypatch, url):
    monkeypatch.setattr(celery_app.conf, "broker_url", url)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
