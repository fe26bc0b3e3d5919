"""Login lockout (R-X-2): 5 failures lock the account for 15 minutes (both settings), the right
password is refused while locked, the lock ends on time, and nothing reveals which usernames exist."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from skillcert.accounts import services
from skillcert.accounts.choices import AuthEvent, Role
from skillcert.accounts.lockout import format_local
from skillcert.accounts.models import User
from skillcert.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from skillcert.accounts.tests.helpers import login, page_text
from skillcert.core.audit import verify_chain
from skillcert.core.models import AuditEvent

GENERIC = "用户名或密码错误（均区分大小写）。连续输错 5 次，账号将被锁定 15 分钟。"


def _error(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'<div class="auth-alert" role="alert" id="login-error">(.*?)</div>', page_text(response), re.S)
    assert match, "the login page shows no error"
    return match.group(1)


@pytest.mark.django_db
class TestLockout:
    def test_five_failures_lock_for_fifteen_minutes(self, client, clerk):
        for _ in range(4):
            response = login(client, clerk.username, "Wrong#Pass1")
            assert response.status_code == 200
            assert _error(response) == GENERIC
        clerk.refresh_from_db()
        assert clerk.failed_login_count == 4 and clerk.locked_until is None

        fifth = login(client, clerk.username, "Wrong#Pass1")
        clerk.refresh_from_db()
        expected = timezone.now() + timedelta(minutes=15)
        assert abs((clerk.locked_until - expected).total_seconds()) < 5
        message = _error(fifth)
        assert message.startswith("该账号因连续登录失败已被锁定，请于 ")
        assert format_local(clerk.locked_until) in message and "（北京时间）" in message
        lockouts = AuditEvent.objects.filter(action=AuthEvent.LOCKOUT, object_id=str(clerk.pk))
        assert lockouts.count() == 1
        assert lockouts.get().organisation_id == clerk.organisation_id
        assert lockouts.get().actor_repr == "系统"

    def test_right_password_refused_while_locked(self, client, clerk):
        for _ in range(5):
            login(client, clerk.username, "Wrong#Pass1")
        response = login(client, clerk.username, DEFAULT_PASSWORD)
        assert response.status_code == 200
        assert "已被锁定" in _error(response)
        assert SESSION_KEY not in client.session
        assert client.get(reverse("portal:dashboard")).status_code == 302
        refused = AuditEvent.objects.filter(action=AuthEvent.LOGIN_FAILED).last()
        assert refused.after["reason"] == "locked"

    def test_unlocked_after_the_period(self, client, clerk):
        for _ in range(5):
            login(client, clerk.username, "Wrong#Pass1")
        # The lock ran out: move its end into the past instead of sleeping.
        User.objects.filter(pk=clerk.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
        response = login(client, clerk.username, DEFAULT_PASSWORD)
        assert response.status_code == 302
        assert client.session[SESSION_KEY] == str(clerk.pk)
        clerk.refresh_from_db()
        assert clerk.failed_login_count == 0

    def test_a_fresh_count_after_the_lock(self, client, clerk):
        for _ in range(5):
            login(client, clerk.username, "Wrong#Pass1")
        User.objects.filter(pk=clerk.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
        assert _error(login(client, clerk.username, "Wrong#Pass1")) == GENERIC
        clerk.refresh_from_db()
        assert clerk.failed_login_count == 1 and not clerk.is_locked()

    def test_success_resets_the_count(self, client, clerk):
        for _ in range(4):
            login(client, clerk.username, "Wrong#Pass1")
        assert login(client, clerk.username).status_code == 302
        clerk.refresh_from_db()
        assert clerk.failed_login_count == 0

    def test_threshold_and_period_are_settings(self, client, clerk, set_policy):
        set_policy("login.max_failures", 3)
        set_policy("login.lockout_minutes", 60)
        for _ in range(2):
            assert "连续输错 3 次，账号将被锁定 60 分钟" in _error(login(client, clerk.username, "Wrong#Pass1"))
        assert "已被锁定" in _error(login(client, clerk.username, "Wrong#Pass1"))
        clerk.refresh_from_db()
        assert timedelta(minutes=59) < clerk.locked_until - timezone.now() <= timedelta(minutes=60)

    def test_administrator_can_unlock(self, client, clerk):
        admin = UserFactory(organisation=clerk.organisation, roles=[Role.ADMIN])
        for _ in range(5):
            login(client, clerk.username, "Wrong#Pass1")
        services.unlock_user(actor=admin, user=User.objects.get(pk=clerk.pk))
        assert login(client, clerk.username).status_code == 302
        assert AuditEvent.objects.filter(action=AuthEvent.UNLOCKED, actor_id=admin.pk).exists()

    def test_inactive_account_gets_the_generic_message(self, client, clerk):
        User.objects.filter(pk=clerk.pk).update(is_active=False)
        assert _error(login(client, clerk.username)) == GENERIC
        assert AuditEvent.objects.filter(action=AuthEvent.LOGIN_FAILED).last().after["reason"] == "inactive"

    def test_admin_site_login_goes_through_this_login(self, client):
        response = client.get("/django-admin/login/?next=/django-admin/")
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:login") + "?next=%2Fdjango-admin%2F"


@pytest.mark.django_db
class TestNoEnumeration:
    def test_unknown_username_answers_like_a_wrong_password(self, client, clerk):
        wrong = login(client, clerk.username, "Wrong#Pass1")
        unknown = login(client, "no_such_user", "Wrong#Pass1")
        assert wrong.status_code == unknown.status_code == 200
        assert _error(wrong) == _error(unknown) == GENERIC

        def scrub(response) -> str:  # type: ignore[no-untyped-def]
            html = page_text(response)
            html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
            return re.sub(r'name="username"[^>]*value="[^"]*"', 'name="username"', html)

        assert scrub(wrong) == scrub(unknown), "the two pages differ only in the echoed username"

    def test_unknown_username_is_locked_like_a_real_one(self, client):
        for _ in range(4):
            assert _error(login(client, "ghost", "Wrong#Pass1")) == GENERIC
        assert "已被锁定" in _error(login(client, "ghost", "Wrong#Pass1"))
        assert "已被锁定" in _error(login(client, "ghost", "Right#Pass1"))
        assert not User.objects.filter(username="ghost").exists()

    def test_unknown_username_failures_are_audited(self, client):
        login(client, "ghost", "Wrong#Pass1")
        event = AuditEvent.objects.get(action=AuthEvent.LOGIN_FAILED)
        assert event.actor_id is None and event.actor_repr == "匿名"
        assert event.after == {"reason": "unknown_user", "username": "ghost"}
        assert verify_chain().ok
