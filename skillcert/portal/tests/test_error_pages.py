"""With DJANGO_DEBUG off the platform answers its own 404 and 500 pages, never the technical page."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_the_platforms_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in text and "Page not found" not in text and "URLconf" not in text


def test_a_server_error_is_the_platforms_500(settings):
    settings.DEBUG = False
    response = server_error(RequestFactory().get("/"))
    text = response.content.decode()
    assert response.status_code == 500 and "服务器出错" in text and "Traceback" not in text
