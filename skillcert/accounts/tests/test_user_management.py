"""Account management pages (R-ORG-2, R-X-2, R-X-4): who may open and change which accounts,
Chinese errors beside the field, success messages, and 404 for accounts out of reach."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from skillcert.accounts import services
from skillcert.accounts.choices import AuthEvent, OrgKind, Role
from skillcert.accounts.models import User
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority, enrol_totp, jurisdiction
from skillcert.accounts.tests.helpers import login, page_text
from skillcert.core.audit import verify_chain
from skillcert.core.models import AuditEvent

PASSWORD = "Init#Pass2026"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _new_account(organisation_pk: int, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "organisation": organisation_pk,
        "username": "page_clerk",
        "full_name": "页面经办",
        "email": "",
        "mobile": "",
        "roles": [Role.CLERK],
        "password_mode": "typed",
        "password": PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.fixture
def manager(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="inst_mgr", full_name="机构负责人", roles=[Role.MANAGER])


@pytest.fixture
def colleague(manager):  # type: ignore[no-untyped-def]
    return UserFactory(username="colleague", full_name="同事", organisation=manager.organisation, roles=[Role.CLERK])


@pytest.mark.django_db
class TestListPage:
    def test_shows_status_second_factor_and_masked_mobile(self, manager, colleague):
        locked = UserFactory(username="locked_one", organisation=manager.organisation, roles=[Role.CLERK])
        User.objects.filter(pk=locked.pk).update(locked_until=timezone.now() + timedelta(minutes=15))
        gone = UserFactory(username="gone_one", organisation=manager.organisation, roles=[Role.CLERK])
        services.deactivate_user(actor=manager, user=gone)
        enrol_totp(manager)
        services.update_contact(actor=manager, user=colleague, mobile="13812345678")

        html = page_text(_client(manager).get(reverse("accounts:users")))
        row = _row(html, colleague)
        assert "138****5678" in row and "13812345678" not in html
        assert "显示完整号码" in row and "正常" in row and "未绑定" in row
        assert "锁定至 " in _row(html, locked) and "解锁" in _row(html, locked)
        assert "已停用" in _row(html, gone)
        assert "已绑定" in _row(html, manager)
        assert "新建账号" in html

    def test_status_filter(self, manager, colleague):
        User.objects.filter(pk=colleague.pk).update(locked_until=timezone.now() + timedelta(minutes=5))
        html = page_text(_client(manager).get(reverse("accounts:users"), {"status": "locked"}))
        assert "colleague" in html and "inst_mgr" not in html

    def test_an_auditor_sees_the_list_without_management(self, manager, colleague):
        auditor = UserFactory(organisation=manager.organisation, roles=[Role.AUDITOR])
        html = page_text(_client(auditor).get(reverse("accounts:users")))
        assert "colleague" in html
        assert "新建账号" not in html and "显示完整号码" not in html
        assert reverse("accounts:user_detail", args=[colleague.pk]) not in html

    def test_query_count_does_not_grow_with_rows(self, manager, django_assert_max_num_queries):
        client = _client(manager)
        client.get(reverse("accounts:users"))
        with django_assert_max_num_queries(12) as few:
            client.get(reverse("accounts:users"))
        for n in range(15):
            user = UserFactory(organisation=manager.organisation, roles=[Role.CLERK, Role.EXAMINER])
            if n % 3 == 0:
                enrol_totp(user)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(reverse("accounts:users"))
        assert page_text(response).count("管理</a>") == 16


def _row(html: str, user: User) -> str:
    start = html.index(f'id="user-{user.pk}"')
    return html[start : html.index("</tr>", start)]


@pytest.mark.django_db
class TestCreate:
    def test_manager_opens_an_account_with_a_typed_password(self, manager, client):
        response = _client(manager).post(
            reverse("accounts:user_create"), _new_account(manager.organisation_id, mobile="138-1234-5678")
        )
        user = User.objects.get(username="page_clerk")
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:user_detail", args=[user.pk])
        assert user.organisation == manager.organisation and user.role_codes == {Role.CLERK}
        assert user.mobile == "13812345678" and user.password_must_change
        # The holder logs in with it and is sent to change it first.
        assert login(client, "page_clerk", PASSWORD)["Location"] == reverse("portal:dashboard")
        assert client.get(reverse("portal:dashboard"))["Location"].startswith(reverse("accounts:password_change"))

    def test_generated_password_is_shown_once_and_works(self, manager, client):
        actor = _client(manager)
        response = actor.post(
            reverse("accounts:user_create"),
            _new_account(manager.organisation_id, password_mode="generate", password=""),
            follow=False,
        )
        assert response.status_code == 200
        html = page_text(response)
        assert "账号“page_clerk”已创建" in html and "只显示这一次" in html
        password = html.split('<code id="initial-password">', 1)[1].split("</code>", 1)[0]
        assert len(password) >= 14
        assert User.objects.get(username="page_clerk").check_password(password)
        detail = reverse("accounts:user_detail", args=[response.context["account"].pk])
        assert password not in page_text(actor.get(detail))
        event = AuditEvent.objects.get(action=AuthEvent.USER_CREATED)
        assert password not in str(event.after)

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"username": ""}, "username", "用户名：不能为空"),
            ({"username": "张三"}, "username", "用户名：须为 3–150 个字符，只能包含英文字母、数字和 _ . @ + -"),
            ({"username": "inst_mgr"}, "username", "用户名：“inst_mgr”已被使用"),
            ({"full_name": ""}, "full_name", "姓名：不能为空"),
            ({"roles": []}, "roles", "角色：至少选择一个角色"),
            ({"roles": [Role.ADMIN]}, "roles", "角色：“admin”不是可选的角色"),
            ({"mobile": "12345"}, "mobile", "手机号码格式错误：应为11位数字，以13-19开头"),
            ({"email": "nope"}, "email", "电子邮件地址：请输入合法的邮件地址。"),
            ({"password": ""}, "password", "密码：选择手工输入时请填写初始密码"),
            ({"password": "abcdefgh"}, "password", "密码：密码须包含大写字母"),
            ({"organisation": ""}, "organisation", "所属机构：请选择机构"),
        ],
    )
    def test_errors_in_chinese_beside_the_field(self, manager, overrides, field, message):
        data = _new_account(manager.organisation_id, **overrides)
        response = _client(manager).post(reverse("accounts:user_create"), data)
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert any(m.startswith(message) for m in errors[field]), errors
        html = page_text(response)
        beside = html[html.index(f'id="field-{field}"') :]
        assert message.split("：")[0] in beside[: beside.index("</ul>")]
        assert not User.objects.filter(full_name="页面经办").exists()
        assert not AuditEvent.objects.filter(action=AuthEvent.USER_CREATED).exists()

    def test_organisations_offered_are_those_the_actor_manages(self):
        home = InstitutionFactory(jurisdiction=jurisdiction("150100"))
        away = InstitutionFactory(jurisdiction=jurisdiction("150200"))
        league_admin = UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.ADMIN])
        client = _client(league_admin)
        offered = list(client.get(reverse("accounts:user_create")).context["form"].fields["organisation"].queryset)
        assert home in offered and away not in offered
        assert authority(OrgKind.LEAGUE_CENTER, "150100") in offered
        response = client.post(reverse("accounts:user_create"), _new_account(away.pk))
        assert response.status_code == 400
        assert response.context["form"].errors["organisation"] == ["所属机构：请选择您可以管理的机构"]
        assert client.post(reverse("accounts:user_create"), _new_account(home.pk)).status_code == 302

    def test_institution_manager_is_offered_only_their_institution(self, manager):
        InstitutionFactory()
        form = _client(manager).get(reverse("accounts:user_create")).context["form"]
        assert list(form.fields["organisation"].queryset) == [manager.organisation]
        roles = dict(form.fields["roles"].choices)
        assert Role.ADMIN not in roles and Role.CANDIDATE not in roles and Role.CLERK in roles

    def test_a_clerk_may_not_open_accounts(self, colleague):
        client = _client(colleague)
        assert client.get(reverse("accounts:user_create")).status_code == 403
        assert client.post(reverse("accounts:user_create"), _new_account(colleague.organisation_id)).status_code == 403
        assert not User.objects.filter(username="page_clerk").exists()


@pytest.mark.django_db
class TestManageOneAccount:
    def test_roles(self, manager, colleague):
        client = _client(manager)
        url = reverse("accounts:user_roles", args=[colleague.pk])
        response = client.post(url, {"roles": [Role.CLERK, Role.AUDITOR]}, follow=True)
        assert "账号“colleague”的角色已更新。" in page_text(response)
        assert User.objects.get(pk=colleague.pk).role_codes == {Role.CLERK, Role.AUDITOR}
        response = client.post(url, {"roles": []})
        assert response.status_code == 400
        assert response.context["roles_form"].errors["roles"] == ["角色：至少选择一个角色"]

    def test_a_manager_cannot_take_the_admin_role_away(self, manager):
        admin = UserFactory(organisation=manager.organisation, roles=[Role.ADMIN])
        response = _client(manager).post(reverse("accounts:user_roles", args=[admin.pk]), {"roles": [Role.CLERK]})
        assert response.status_code == 400
        assert response.context["roles_form"].errors["roles"] == ["角色：只有系统管理员可以收回“系统管理员”角色"]
        assert "只有系统管理员可以收回" in page_text(response)

    def test_unlock_from_the_list(self, manager, colleague, client):
        User.objects.filter(pk=colleague.pk).update(locked_until=timezone.now() + timedelta(minutes=15))
        actor = _client(manager)
        back = reverse("accounts:users") + "?status=locked"
        response = actor.post(reverse("accounts:user_unlock", args=[colleague.pk]), {"next": back})
        assert response.status_code == 302 and response["Location"] == back
        assert "账号“colleague”已解锁" in page_text(actor.get(back))
        assert not User.objects.get(pk=colleague.pk).is_locked()
        assert login(client, "colleague")["Location"] == reverse("portal:dashboard")
        assert AuditEvent.objects.filter(action=AuthEvent.UNLOCKED, actor_id=manager.pk).count() == 1

    def test_unlock_ignores_a_foreign_next(self, manager, colleague):
        response = _client(manager).post(
            reverse("accounts:user_unlock", args=[colleague.pk]), {"next": "https://evil.example/"}
        )
        assert response["Location"] == reverse("accounts:user_detail", args=[colleague.pk])

    def test_reset_second_factor(self, manager, colleague):
        enrol_totp(colleague)
        client = _client(manager)
        assert "已绑定" in page_text(client.get(reverse("accounts:user_detail", args=[colleague.pk])))
        response = client.post(reverse("accounts:user_reset_second_factor", args=[colleague.pk]), follow=True)
        assert "动态口令已重置" in page_text(response)
        assert not User.objects.get(pk=colleague.pk).totp_enrolled

    def test_deactivate_and_not_oneself(self, manager, colleague):
        client = _client(manager)
        response = client.post(reverse("accounts:user_deactivate", args=[colleague.pk]), follow=True)
        assert "账号“colleague”已停用" in page_text(response)
        assert not User.objects.get(pk=colleague.pk).is_active
        response = client.post(reverse("accounts:user_deactivate", args=[manager.pk]))
        assert response.status_code == 400
        assert "账号：不能停用自己的账号" in page_text(response)
        assert User.objects.get(pk=manager.pk).is_active

    def test_contact(self, manager, colleague):
        client = _client(manager)
        url = reverse("accounts:user_contact", args=[colleague.pk])
        response = client.post(url, {"mobile": "1381234"})
        assert response.status_code == 400
        assert response.context["contact_form"].errors["mobile"] == ["手机号码格式错误：应为11位数字，以13-19开头"]
        response = client.post(url, {"mobile": "+86 139 0000 1111"}, follow=True)
        assert "手机号码已更新" in page_text(response) and "139****1111" in page_text(response)
        assert User.objects.get(pk=colleague.pk).mobile == "13900001111"

    def test_accounts_out_of_reach_answer_404(self, manager):
        stranger = UserFactory(roles=[Role.CLERK])
        User.objects.filter(pk=stranger.pk).update(locked_until=timezone.now() + timedelta(minutes=15))
        client = _client(manager)
        assert client.get(reverse("accounts:user_detail", args=[stranger.pk])).status_code == 404
        assert client.get(reverse("accounts:user_detail", args=[999999])).status_code == 404
        for name in ("user_unlock", "user_reset_second_factor", "user_deactivate", "user_reveal_mobile"):
            assert client.post(reverse(f"accounts:{name}", args=[stranger.pk])).status_code == 404, name
        roles = reverse("accounts:user_roles", args=[stranger.pk])
        contact = reverse("accounts:user_contact", args=[stranger.pk])
        assert client.post(roles, {"roles": ["auditor"]}).status_code == 404
        assert client.post(contact, {"mobile": ""}).status_code == 404
        stranger.refresh_from_db()
        assert stranger.is_active and stranger.is_locked()
        assert not AuditEvent.objects.filter(object_id=str(stranger.pk)).exclude(action=AuthEvent.USER_CREATED).exists()

    def test_a_league_admin_manages_accounts_in_its_league_only(self):
        home = UserFactory(organisation=InstitutionFactory(jurisdiction=jurisdiction("150100")), roles=[Role.CLERK])
        away = UserFactory(organisation=InstitutionFactory(jurisdiction=jurisdiction("150200")), roles=[Role.CLERK])
        league_admin = UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.ADMIN])
        client = _client(league_admin)
        assert client.post(reverse("accounts:user_deactivate", args=[home.pk])).status_code == 302
        assert client.post(reverse("accounts:user_deactivate", args=[away.pk])).status_code == 404
        region_admin = UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN])
        assert _client(region_admin).post(reverse("accounts:user_deactivate", args=[away.pk])).status_code == 302
        assert verify_chain().ok


@pytest.mark.django_db
class TestApi:
    def _client(self, user: User) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_create_with_a_typed_password_returns_no_password(self, manager):
        response = self._client(manager).post(
            "/api/v1/accounts/users/",
            {
                "organisation": manager.organisation_id,
                "username": "api_typed",
                "full_name": "接口经办",
                "roles": [Role.CLERK],
                "mobile": "13812345678",
                "password": PASSWORD,
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["initial_password"] is None and body["mobile_masked"] == "138****5678"
        assert body["status"] == "active" and body["second_factor_enabled"] is False
        assert User.objects.get(username="api_typed").check_password(PASSWORD)

    @pytest.mark.parametrize(
        ("payload", "field", "message"),
        [
            ({"organisation": None}, "organisation", "所属机构：不能为空"),
            ({"organisation": "abc"}, "organisation", "所属机构：须为机构 ID（整数）"),
            ({"username": ""}, "username", "用户名：须为 3–150 个字符，只能包含英文字母、数字和 _ . @ + -"),
            ({"full_name": ""}, "full_name", "姓名：不能为空"),
            ({"roles": "clerk"}, "roles", "角色：须为角色代码的列表"),
            ({"roles": ["wizard"]}, "roles", "角色：“wizard”不是有效的角色"),
            ({"roles": [Role.ADMIN]}, "roles", "角色：只有系统管理员可以授予“系统管理员”角色"),
            ({"mobile": "1"}, "mobile", "手机号码格式错误：应为11位数字，以13-19开头"),
            ({"password": "short"}, "password", "密码：密码长度至少为 8 个字符（当前 5 个）。"),
        ],
    )
    def test_create_errors_name_the_field(self, manager, payload, field, message):
        data = {"organisation": manager.organisation_id, "username": "api_bad", "full_name": "错", "roles": ["clerk"]}
        data.update(payload)
        data = {k: v for k, v in data.items() if v is not None}
        response = self._client(manager).post("/api/v1/accounts/users/", data, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][field][0] == message
        assert not User.objects.filter(username="api_bad").exists()

    def test_unknown_organisation_answers_like_a_foreign_one(self, manager):
        foreign = InstitutionFactory()
        client = self._client(manager)
        data = {"username": "api_x", "full_name": "某", "roles": ["clerk"]}
        for organisation in (foreign.pk, 987654):
            response = client.post("/api/v1/accounts/users/", {**data, "organisation": organisation}, format="json")
            assert response.status_code == 404

    def test_self_service_limits(self, manager):
        client = self._client(manager)
        response = client.post(f"/api/v1/accounts/users/{manager.pk}/deactivate/", format="json")
        assert response.status_code == 400 and response.json()["detail"] == "账号：不能停用自己的账号"
        response = client.post(f"/api/v1/accounts/users/{manager.pk}/roles/", {"roles": ["clerk"]}, format="json")
        assert response.status_code == 400 and response.json()["errors"] == {"roles": ["角色：不能修改自己的角色"]}

    def test_unlock_clears_the_lock(self, manager, colleague):
        User.objects.filter(pk=colleague.pk).update(locked_until=timezone.now() + timedelta(minutes=15))
        client = self._client(manager)
        listed = client.get("/api/v1/accounts/users/", {"status": "locked"}).json()["results"]
        assert [r["username"] for r in listed] == ["colleague"] and listed[0]["status_display"].startswith("锁定至 ")
        body = client.post(f"/api/v1/accounts/users/{colleague.pk}/unlock/", format="json").json()
        assert body["status"] == "active" and body["locked_until"] is None
