"""Account services (R-ORG-2, R-X-4): validated, scoped to the actor, audited, nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from skillcert.accounts import services
from skillcert.accounts.choices import AuthEvent, OrgKind, Role
from skillcert.accounts.models import Organisation, User, UserRole
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority, jurisdiction
from skillcert.core.audit import verify_chain
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.models import AuditEvent

PASSWORD = "Init#Pass2026"


def _create(actor, organisation, **overrides):  # type: ignore[no-untyped-def]
    kwargs = {"username": "new_clerk", "full_name": "新经办", "password": PASSWORD, "roles": [Role.CLERK]}
    kwargs.update(overrides)
    return services.create_user(actor=actor, organisation=organisation, **kwargs)


@pytest.mark.django_db
class TestCreateUser:
    def test_manager_opens_an_account_in_their_institution(self):
        manager = UserFactory(roles=[Role.MANAGER])
        user = _create(manager, manager.organisation, email="c@example.cn")
        assert user.organisation == manager.organisation and user.role_codes == {Role.CLERK}
        assert user.check_password(PASSWORD) and user.password_changed_at is not None
        assert user.password_must_change, "a password chosen by the manager must be changed"
        event = AuditEvent.objects.get(action=AuthEvent.USER_CREATED)
        assert event.actor_id == manager.pk and event.organisation_id == manager.organisation_id
        assert event.after["roles"] == ["clerk"] and event.after["username"] == "new_clerk"
        assert "password" not in event.after and "totp_secret" not in event.after
        assert verify_chain().ok

    def test_system_creates_without_forced_change(self):
        user = _create(None, InstitutionFactory())
        assert not user.password_must_change
        assert AuditEvent.objects.get(action=AuthEvent.USER_CREATED).actor_repr == "系统"

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"username": "a"}, "username", "用户名：须为 3–150 个字符，只能包含英文字母、数字和 _ . @ + -"),
            ({"username": "张三"}, "username", "用户名：须为 3–150 个字符，只能包含英文字母、数字和 _ . @ + -"),
            ({"full_name": "  "}, "full_name", "姓名：不能为空"),
            ({"roles": []}, "roles", "角色：至少选择一个角色"),
            ({"roles": ["wizard"]}, "roles", "角色：“wizard”不是有效的角色"),
            ({"roles": [Role.CANDIDATE]}, "roles", "角色：“考生”角色只能授予个人用户"),
            ({"roles": [Role.ADMIN]}, "roles", "角色：只有系统管理员可以授予“系统管理员”角色"),
            ({"password": "abc"}, "password", "密码：密码长度至少为 8 个字符（当前 3 个）。"),
            ({"email": "not-an-email"}, "email", "电子邮件地址：请输入合法的邮件地址。"),
        ],
    )
    def test_bad_input_names_the_field_and_rule(self, overrides, field, message):
        manager = UserFactory(roles=[Role.MANAGER])
        with pytest.raises(DomainError) as exc:
            _create(manager, manager.organisation, **overrides)
        assert exc.value.field == field
        assert exc.value.message == message
        assert not User.objects.filter(full_name="新经办").exists()
        assert not AuditEvent.objects.exists()

    def test_usernames_are_unique_ignoring_case(self):
        UserFactory(username="Zhang_San")
        with pytest.raises(DomainError, match="用户名：“zhang_san”已被使用"):
            _create(None, InstitutionFactory(), username="zhang_san")

    def test_individuals_hold_only_the_candidate_role(self):
        individuals = Organisation.objects.get(code="individuals")
        with pytest.raises(DomainError, match="个人用户只能持有"):
            _create(None, individuals, roles=[Role.CLERK])
        assert _create(None, individuals, roles=[Role.CANDIDATE]).role_codes == {Role.CANDIDATE}

    def test_scope_of_who_may_open_accounts(self):
        institution = InstitutionFactory(jurisdiction=jurisdiction("150100"))
        other_league = InstitutionFactory(jurisdiction=jurisdiction("150200"))
        clerk = UserFactory(organisation=institution, roles=[Role.CLERK])
        with pytest.raises(PermissionDenied):
            _create(clerk, institution)
        manager = UserFactory(organisation=institution, roles=[Role.MANAGER])
        with pytest.raises(NotFoundError):
            _create(manager, InstitutionFactory(), username="elsewhere")
        league_admin = UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.ADMIN])
        assert _create(league_admin, institution, username="in_league").organisation == institution
        with pytest.raises(NotFoundError):
            _create(league_admin, other_league, username="out_of_league")
        region_admin = UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN])
        assert _create(region_admin, other_league, username="anywhere", roles=[Role.ADMIN]).role_codes == {Role.ADMIN}


@pytest.mark.django_db
class TestRolesAndDeactivation:
    def test_set_roles_is_audited_with_before_and_after(self):
        admin = UserFactory(roles=[Role.ADMIN])
        user = UserFactory(organisation=admin.organisation, roles=[Role.CLERK])
        services.set_roles(actor=admin, user=user, roles=[Role.CLERK, Role.AUDITOR])
        assert set(UserRole.objects.filter(user=user).values_list("role", flat=True)) == {"clerk", "auditor"}
        assert user.role_codes == {"clerk", "auditor"}
        event = AuditEvent.objects.get(action=AuthEvent.ROLES_SET)
        assert event.before == {"roles": ["clerk"]} and event.after == {"roles": ["auditor", "clerk"]}

    def test_nobody_changes_their_own_roles(self):
        admin = UserFactory(roles=[Role.ADMIN])
        with pytest.raises(DomainError, match="不能修改自己的角色"):
            services.set_roles(actor=admin, user=admin, roles=[Role.CLERK])

    def test_manager_cannot_demote_an_admin(self):
        manager = UserFactory(roles=[Role.MANAGER])
        admin = UserFactory(organisation=manager.organisation, roles=[Role.ADMIN])
        with pytest.raises(DomainError, match="只有系统管理员可以收回"):
            services.set_roles(actor=manager, user=admin, roles=[Role.CLERK])

    def test_other_organisation_answers_like_missing(self):
        manager = UserFactory(roles=[Role.MANAGER])
        stranger = UserFactory(roles=[Role.CLERK])
        with pytest.raises(NotFoundError):
            services.set_roles(actor=manager, user=stranger, roles=[Role.AUDITOR])
        with pytest.raises(NotFoundError):
            services.deactivate_user(actor=manager, user=stranger)

    def test_deactivated_user_cannot_log_in(self, client):
        from skillcert.accounts.tests.helpers import login

        manager = UserFactory(roles=[Role.MANAGER])
        user = UserFactory(organisation=manager.organisation, roles=[Role.CLERK])
        services.deactivate_user(actor=manager, user=user)
        assert login(client, user.username).status_code == 200
        assert AuditEvent.objects.filter(action=AuthEvent.USER_DEACTIVATED, actor_id=manager.pk).exists()
        with pytest.raises(DomainError, match="不能停用自己的账号"):
            services.deactivate_user(actor=manager, user=manager)


@pytest.mark.django_db
def test_role_codes_follow_set_roles_on_a_prefetched_user():
    """A user read by the list selectors has its roles prefetched; a change must not leave them stale."""
    from skillcert.accounts.selectors import users_manageable_by

    manager = UserFactory(roles=[Role.MANAGER])
    clerk = UserFactory(organisation=manager.organisation, roles=[Role.CLERK])
    listed = users_manageable_by(manager).get(pk=clerk.pk)
    assert listed.role_codes == {Role.CLERK}
    services.set_roles(actor=manager, user=listed, roles=[Role.AUDITOR])
    assert listed.role_codes == {Role.AUDITOR}
