"""Sessions (R-X-2): idle timeout after session.idle_minutes, logout, each audited."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from skillcert.accounts.choices import AuthEvent
from skillcert.accounts.middleware import SESSION_LAST_ACTIVITY
from skillcert.accounts.tests.factories import DEFAULT_PASSWORD
from skillcert.accounts.tests.helpers import login, page_text
from skillcert.core.models import AuditEvent

TIMEOUT_MESSAGE = "由于长时间未操作，您已自动退出"


def _idle_for(client, seconds: float) -> None:  # type: ignore[no-untyped-def]
    session = client.session
    session[SESSION_LAST_ACTIVITY] = time.time() - seconds
    session.save()


@pytest.mark.django_db
class TestIdleTimeout:
    def test_thirty_idle_minutes_log_the_session_out(self, client, clerk):
        login(client, clerk.username)
        _idle_for(client, 30 * 60 + 5)
        response = client.get(reverse("portal:dashboard"))
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:login") + "?next=%2Fworkbench%2F"
        assert SESSION_KEY not in client.session
        page = client.get(response["Location"])
        assert TIMEOUT_MESSAGE in page_text(page)
        event = AuditEvent.objects.get(action=AuthEvent.TIMEOUT)
        assert event.actor_id == clerk.pk and event.after == {"idle_minutes": 30}

    def test_activity_within_the_period_keeps_the_session(self, client, clerk):
        login(client, clerk.username)
        _idle_for(client, 29 * 60)
        assert client.get(reverse("accounts:security")).status_code == 200
        assert time.time() - client.session[SESSION_LAST_ACTIVITY] < 5, "the request counts as activity"
        assert client.get(reverse("accounts:security")).status_code == 200

    def test_period_is_a_setting(self, client, clerk, set_policy):
        set_policy("session.idle_minutes", 5)
        login(client, clerk.username)
        _idle_for(client, 5 * 60 + 5)
        assert client.get(reverse("portal:dashboard")).status_code == 302

    def test_api_request_gets_a_json_401(self, client, clerk):
        login(client, clerk.username)
        _idle_for(client, 31 * 60)
        response = client.get("/api/v1/accounts/me/")
        assert response.status_code == 401
        assert response.json() == {"code": "session_timeout", "detail": "由于长时间未操作，您已自动退出，请重新登录。"}

    def test_the_session_itself_lives_no_longer_than_the_idle_period(self, client, clerk, set_policy):
        set_policy("session.idle_minutes", 10)
        login(client, clerk.username)
        response = client.get(reverse("accounts:security"))
        assert response.status_code == 200
        age = client.session.get_expiry_age()
        assert 10 * 60 <= age <= 10 * 60 + 60, age
        cookie = client.cookies["sessionid"]
        assert cookie["max-age"] and int(cookie["max-age"]) <= 10 * 60 + 60

    def test_login_starts_the_clock(self, client, clerk):
        login(client, clerk.username)
        assert time.time() - client.session[SESSION_LAST_ACTIVITY] < 5


@pytest.mark.django_db
class TestLogout:
    def test_logout_is_audited_and_ends_the_session(self, client, clerk):
        login(client, clerk.username)
        response = client.post(reverse("accounts:logout"), follow=True)
        assert "您已安全退出" in page_text(response)
        assert SESSION_KEY not in client.session
        assert AuditEvent.objects.filter(action=AuthEvent.LOGOUT, actor_id=clerk.pk).count() == 1

    def test_logout_needs_post(self, client, clerk):
        login(client, clerk.username)
        assert client.get(reverse("accounts:logout")).status_code == 405
        assert SESSION_KEY in client.session

    def test_login_page_is_chinese(self, client):
        html = page_text(client.get(reverse("accounts:login")))
        expected = (
            "用户登录",
            "用户名",
            "密码",
            "职业技能等级认定监管平台",
            "连续输错密码 <b>5</b> 次",
            "<b>15</b> 分钟",
        )
        for text in expected:
            assert text in html

    def test_login_honours_a_safe_next_only(self, client, clerk):
        response = client.post(
            reverse("accounts:login"),
            {"username": clerk.username, "password": DEFAULT_PASSWORD, "next": "/accounts/security/"},
        )
        assert response["Location"] == "/accounts/security/"
        client.post(reverse("accounts:logout"))
        evil = client.post(
            reverse("accounts:login"),
            {"username": clerk.username, "password": DEFAULT_PASSWORD, "next": "https://evil.example.com/"},
        )
        assert evil["Location"] == reverse("portal:dashboard")
