"""API tokens for machine clients (R-X-2): the key is shown once and never stored; revoked and
expired tokens get a Chinese 401; creation and revocation are audited."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from skillcert.accounts import services
from skillcert.accounts.choices import AuthEvent, Role
from skillcert.accounts.models import ApiToken
from skillcert.accounts.tests.factories import UserFactory, api_token
from skillcert.accounts.tests.helpers import login, page_text
from skillcert.core.audit import verify_chain
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent

ME = "/api/v1/accounts/me/"


def _token_client(key: str) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def staff(db):  # type: ignore[no-untyped-def]
    return UserFactory(roles=[Role.CLERK])


@pytest.mark.django_db
class TestTokenAuthentication:
    def test_key_authenticates_and_stamps_last_use(self, staff):
        token, key = api_token(staff)
        response = _token_client(key).get(ME)
        assert response.status_code == 200
        assert response.json()["username"] == staff.username
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_key_is_never_stored(self, staff):
        token, key = api_token(staff)
        assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
        assert key.startswith("sc_") and len(key) >= 40 and token.prefix == key[:11]
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM accounts_apitoken")
            rows = cursor.fetchall()
            cursor.execute("SELECT after FROM core_auditevent")
            audit = cursor.fetchall()
        assert key not in repr(rows) and key not in repr(audit)
        assert key[11:] not in repr(rows)

    def test_revoked_token_gets_a_chinese_401(self, staff):
        token, key = api_token(staff)
        services.revoke_api_token(actor=staff, token=token)
        response = _token_client(key).get(ME)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        body = response.json()
        assert body["code"] == "token_revoked" and "被撤销" in body["detail"]

    def test_expired_token_gets_a_chinese_401(self, staff):
        token, key = api_token(staff)
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
        response = _token_client(key).get(ME)
        assert response.status_code == 401
        assert response.json()["code"] == "token_expired" and "过期" in response.json()["detail"]

    @pytest.mark.parametrize(
        ("header", "code"),
        [("Token sc_not-a-real-key", "token_invalid"), ("Token", "token_malformed"), ("Token a b", "token_malformed")],
    )
    def test_unknown_and_malformed_keys(self, header, code):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        response = client.get(ME)
        assert response.status_code == 401 and response.json()["code"] == code

    def test_deactivated_user_loses_token_access(self, staff):
        admin = UserFactory(organisation=staff.organisation, roles=[Role.ADMIN])
        token, key = api_token(staff)
        services.deactivate_user(actor=admin, user=staff)
        assert _token_client(key).get(ME).status_code == 401
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert AuditEvent.objects.filter(action=AuthEvent.TOKEN_REVOKED, object_id=str(token.pk)).exists()

    def test_locked_account_loses_token_access_until_the_lock_ends_and_the_refusal_is_audited(self, staff):
        token, key = api_token(staff)
        for _ in range(5):
            services.record_login_failure(user=staff, reason="bad_password")
        staff.refresh_from_db()
        assert staff.is_locked()
        response = _token_client(key).get(ME)
        assert response.status_code == 401 and response.json()["code"] == "user_locked"
        assert "锁定" in response.json()["detail"]
        refused = AuditEvent.objects.filter(action=AuthEvent.TOKEN_REFUSED, object_id=str(staff.pk)).get()
        assert refused.after["reason"] == "locked" and refused.after["token"] == token.pk
        type(staff).objects.filter(pk=staff.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
        assert _token_client(key).get(ME).status_code == 200

    def test_a_token_of_a_deactivated_account_is_refused_and_audited_even_if_not_revoked(self, staff):
        _token, key = api_token(staff)
        type(staff).objects.filter(pk=staff.pk).update(is_active=False)
        response = _token_client(key).get(ME)
        assert response.status_code == 401 and response.json()["code"] == "user_inactive"
        assert AuditEvent.objects.filter(action=AuthEvent.TOKEN_REFUSED, object_id=str(staff.pk)).exists()

    def test_anonymous_api_request_is_asked_for_credentials(self):
        response = APIClient().get(ME)
        assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"

    def test_token_requests_need_no_csrf_and_skip_the_session_rules(self, staff):
        token, key = api_token(staff)
        response = _token_client(key).post(f"/api/v1/accounts/tokens/{token.pk}/revoke/")
        assert response.status_code == 200 and response.json()["status"] == "revoked"


@pytest.mark.django_db
class TestTokenEndpoints:
    def test_create_list_and_revoke_through_the_api(self, staff):
        client = APIClient()
        client.force_authenticate(staff)
        created = client.post("/api/v1/accounts/tokens/", {"name": "考务系统", "days": 30}, format="json")
        assert created.status_code == 201
        key = created.json()["key"]
        assert _token_client(key).get(ME).status_code == 200
        listed = client.get("/api/v1/accounts/tokens/").json()["results"]
        assert [t["name"] for t in listed] == ["考务系统"]
        assert "key" not in listed[0] and key not in str(listed)
        revoked = client.post(f"/api/v1/accounts/tokens/{listed[0]['id']}/revoke/")
        assert revoked.json()["status"] == "revoked" and revoked.json()["status_display"] == "已撤销"
        assert _token_client(key).get(ME).status_code == 401
        actions = list(AuditEvent.objects.values_list("action", flat=True))
        assert actions == [AuthEvent.TOKEN_CREATED, AuthEvent.TOKEN_REVOKED]
        assert verify_chain().ok

    def test_a_token_cannot_mint_tokens(self, staff):
        _token, key = api_token(staff)
        response = _token_client(key).post("/api/v1/accounts/tokens/", {"name": "x"}, format="json")
        assert response.status_code == 403
        assert "不能用接口令牌创建新的令牌" in response.json()["detail"]

    def test_lifetime_is_limited_by_the_policy(self, staff, set_policy):
        set_policy("api_token.max_days", 30)
        client = APIClient()
        client.force_authenticate(staff)
        response = client.post("/api/v1/accounts/tokens/", {"name": "长期", "days": 31}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == {"days": ["有效期：须为 1 到 30 之间的整数天数"]}
        assert not ApiToken.objects.exists()

    def test_names_are_unique_among_active_tokens(self, staff):
        api_token(staff, name="同步")
        with pytest.raises(DomainError, match="已有同名的有效令牌"):
            api_token(staff, name="同步")

    def test_examiners_and_candidates_hold_no_tokens(self):
        examiner = UserFactory(roles=[Role.EXAMINER])
        client = APIClient()
        client.force_authenticate(examiner)
        assert client.post("/api/v1/accounts/tokens/", {"name": "x"}, format="json").status_code == 403


@pytest.mark.django_db
class TestSecurityPage:
    def test_key_is_shown_once(self, client, staff):
        login(client, staff.username)
        response = client.post(reverse("accounts:token_create"), {"name": "数据上报接口", "days": 90})
        html = page_text(response)
        key = re.search(r'id="new-token-key">([^<]+)<', html).group(1)
        assert "它只显示这一次" in html
        assert _token_client(key).get(ME).status_code == 200
        again = page_text(client.get(reverse("accounts:security")))
        assert key not in again and "数据上报接口" in again and key[:11] in again

    def test_page_shows_password_and_second_factor_status(self, client, staff):
        login(client, staff.username)
        html = page_text(client.get(reverse("accounts:security")))
        for text in ("账号安全", "登录密码", "修改密码", "每 90 天须修改一次", "动态口令（二次验证）", "接口令牌"):
            assert text in html

    def test_revoke_from_the_page(self, client, staff):
        token, key = api_token(staff)
        login(client, staff.username)
        response = client.post(reverse("accounts:token_revoke", args=[token.pk]), follow=True)
        assert "已撤销" in page_text(response)
        assert _token_client(key).get(ME).status_code == 401

    def test_cannot_revoke_someone_elses_token_from_the_page(self, client, staff):
        other = UserFactory(organisation=staff.organisation, roles=[Role.CLERK])
        token, _key = api_token(other)
        login(client, staff.username)
        assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_form_errors_in_chinese(self, client, staff):
        login(client, staff.username)
        response = client.post(reverse("accounts:token_create"), {"name": "", "days": 9999})
        assert response.status_code == 400
        assert "请输入令牌名称" in page_text(response)
        response = client.post(reverse("accounts:token_create"), {"name": "x", "days": 9999})
        assert "有效期：须为 1 到 365 之间的整数天数" in page_text(response)

    def test_examiner_sees_no_token_section(self, client):
        examiner = UserFactory(roles=[Role.EXAMINER])
        login(client, examiner.username)
        assert "接口令牌" not in page_text(client.get(reverse("accounts:security")))


@pytest.mark.django_db
def test_token_list_query_count_does_not_grow(staff, django_assert_num_queries):
    client = APIClient()
    client.force_authenticate(staff)
    api_token(staff, name="一")
    with django_assert_num_queries(2) as one:
        client.get("/api/v1/accounts/tokens/")
    for n in range(5):
        api_token(staff, name=f"令牌{n}")
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/accounts/tokens/").json()["results"]) == 6
