"""Friendly error pages in both languages; the 500 page needs no database."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import permission_denied, server_error


def test_a_missing_page_keeps_a_logged_in_person_in_the_product(client, alice):
    client.force_login(alice)
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and "返回工作台" in body
    assert 'class="app-sidebar' in body  # the product's own layout


def test_a_missing_page_for_a_visitor_is_plain_and_in_english(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and "Back to the workbench" in body
    assert "app-sidebar" not in body


def test_a_refusal_reads_as_one(rf_user):
    with translation.override("zh-hans"):
        response = permission_denied(rf_user, PermissionDenied())
    assert response.status_code == 403
    assert "你无权执行此操作" in response.content.decode()


def test_the_server_error_page_touches_no_database():
    # No `db` fixture: any query would fail the test.
    request = RequestFactory().get("/")
    with translation.override("zh-hans"):
        response = server_error(request)
    assert response.status_code == 500
    assert "出错了" in response.content.decode()


@pytest.fixture
def rf_user(alice):
    request = RequestFactory().get("/")
    request.user = alice
    return request
