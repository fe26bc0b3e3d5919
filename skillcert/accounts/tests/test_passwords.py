"""Password policy (R-X-2): 等保 level-3 complexity and the change period, both settings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from skillcert.accounts import services
from skillcert.accounts.choices import AuthEvent, Role
from skillcert.accounts.passwords import ComplexityValidator, character_classes
from skillcert.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from skillcert.accounts.tests.helpers import login, page_text
from skillcert.core.audit import verify_chain
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent


def _messages(password: str, validator: ComplexityValidator | None = None) -> list[str]:
    try:
        (validator or ComplexityValidator()).validate(password)
    except ValidationError as exc:
        return list(exc.messages)
    return []


def _change(new: str, confirm: str) -> dict[str, str]:
    return {"old_password": DEFAULT_PASSWORD, "new_password": new, "new_password_confirm": confirm}


@pytest.mark.django_db
class TestComplexity:
    def test_defaults_are_eight_characters_and_three_classes(self):
        assert _messages("Ab1!efgh") == []  # 8 characters, 4 classes
        assert _messages("abcdef12") == [
            "密码须包含大写字母、小写字母、数字、特殊符号四类字符中的至少 3 类（当前只有 2 类：小写字母、数字）。"
        ]
        assert _messages("Ab1!") == ["密码长度至少为 8 个字符（当前 4 个）。"]

    def test_both_rules_are_reported_together(self):
        messages = _messages("abc")
        assert len(messages) == 2
        assert "至少为 8 个字符" in messages[0]
        assert "至少 3 类" in messages[1] and "当前只有 1 类：小写字母" in messages[1]

    def test_each_class_counts(self):
        assert character_classes("aZ9#") == {"lower", "upper", "digit", "symbol"}
        assert character_classes("密码 ") == {"symbol"}  # spaces and other scripts count as symbols
        for ok in ("Abcdefg1", "abcdefg1!", "ABCDEFG1!", "Abcdefg!"):
            assert _messages(ok) == [], ok

    def test_policy_changes_apply_without_restart(self, set_policy):
        set_policy("password.min_length", 12)
        set_policy("password.min_classes", 4)
        messages = _messages("Abcdefg1!")
        assert messages[0] == "密码长度至少为 12 个字符（当前 9 个）。"
        assert _messages("Abcdefgh123!") == []
        assert "至少 4 类" in _messages("abcdefgh1234!")[0]
        help_text = ComplexityValidator().get_help_text()
        assert help_text == "密码至少 12 个字符，且包含大写字母、小写字母、数字、特殊符号中的至少 4 类。"

    def test_installed_first_in_settings_with_chinese_help(self):
        help_texts = password_validators_help_texts()
        assert help_texts[0] == "密码至少 8 个字符，且包含大写字母、小写字母、数字、特殊符号中的至少 3 类。"
        with pytest.raises(ValidationError) as exc:
            validate_password("abcdefgh")
        assert any("至少 3 类" in m for m in exc.value.messages)

    def test_overlong_passwords_refused(self):
        assert "不能超过 128 个字符" in _messages("Aa1!" * 40)[0]


@pytest.mark.django_db
class TestChangePassword:
    def test_change_sets_the_date_and_is_audited(self):
        user = UserFactory()
        user.password_changed_at = timezone.now() - timedelta(days=30)
        before = user.password_changed_at
        services.change_password(actor=user, user=user, old_password=DEFAULT_PASSWORD, new_password="Neu#Passwort9")
        user.refresh_from_db()
        assert user.check_password("Neu#Passwort9")
        assert user.password_changed_at > before
        event = AuditEvent.objects.get(action=AuthEvent.PASSWORD_CHANGED)
        assert event.actor_id == user.pk and event.after["by"] == "self"
        assert "Neu#Passwort9" not in str(event.after) and user.password not in str(event.after)
        assert verify_chain().ok

    def test_wrong_old_password_names_the_field(self):
        user = UserFactory()
        with pytest.raises(DomainError) as exc:
            services.change_password(actor=user, user=user, old_password="nope", new_password="Neu#Passwort9")
        assert exc.value.field == "old_password"
        assert exc.value.message == "当前密码：输入不正确"

    def test_weak_new_password_names_the_field_and_rule(self):
        user = UserFactory()
        with pytest.raises(DomainError) as exc:
            services.change_password(actor=user, user=user, old_password=DEFAULT_PASSWORD, new_password="short")
        assert exc.value.field == "new_password"
        assert exc.value.errors["new_password"][0] == "新密码：密码长度至少为 8 个字符（当前 5 个）。"
        user.refresh_from_db()
        assert user.check_password(DEFAULT_PASSWORD), "nothing is half-saved"
        assert not AuditEvent.objects.filter(action=AuthEvent.PASSWORD_CHANGED).exists()

    def test_same_password_refused(self):
        user = UserFactory()
        with pytest.raises(DomainError, match="不能与当前密码相同"):
            services.change_password(
                actor=user, user=user, old_password=DEFAULT_PASSWORD, new_password=DEFAULT_PASSWORD
            )

    def test_administrator_reset_must_be_changed_at_next_login(self, client):
        admin = UserFactory(roles=[Role.ADMIN])
        user = UserFactory(organisation=admin.organisation, roles=[Role.CLERK])
        services.change_password(actor=admin, user=user, new_password="Temp#Pass2026")
        user.refresh_from_db()
        assert user.password_must_change
        response = login(client, user.username, "Temp#Pass2026", follow=True)
        assert response.redirect_chain[-1][0] == reverse("accounts:password_change")
        assert "您的密码由管理员设置" in page_text(response)

    def test_colleague_without_role_cannot_reset(self):
        clerk = UserFactory(roles=[Role.CLERK])
        other = UserFactory(organisation=clerk.organisation, roles=[Role.CLERK])
        from skillcert.core.errors import NotFoundError

        with pytest.raises(NotFoundError):
            services.change_password(actor=clerk, user=other, new_password="Temp#Pass2026")


@pytest.mark.django_db
class TestExpiry:
    def _expired_user(self, days: int = 91):  # type: ignore[no-untyped-def]
        user = UserFactory(roles=[Role.CLERK])
        user.password_changed_at = timezone.now() - timedelta(days=days)
        user.save(update_fields=["password_changed_at"])
        return user

    def test_expired_password_sends_every_page_to_the_change_page(self, client):
        user = self._expired_user()
        response = login(client, user.username, follow=True)
        assert response.redirect_chain[-1][0] == reverse("accounts:password_change")
        assert "您的密码已超过 90 天未修改" in page_text(response)
        for url in (reverse("portal:dashboard"), reverse("accounts:security"), reverse("accounts:users")):
            assert client.get(url)["Location"] == reverse("accounts:password_change")
        api = client.get("/api/v1/accounts/me/")
        assert api.status_code == 403 and api.json()["code"] == "password_expired"

    def test_changing_it_lets_the_user_in(self, client):
        user = self._expired_user()
        login(client, user.username)
        response = client.post(
            reverse("accounts:password_change"),
            _change("Fresh#Pass2026", "Fresh#Pass2026"),
        )
        assert response.status_code == 302
        assert client.get(reverse("accounts:security")).status_code == 200, "the session survives the change"
        user.refresh_from_db()
        assert not user.password_expired()

    def test_form_shows_rule_errors_in_chinese(self, client):
        user = self._expired_user()
        login(client, user.username)
        response = client.post(
            reverse("accounts:password_change"),
            _change("abcdefgh", "abcdefgh"),
        )
        assert response.status_code == 400
        assert "新密码：密码须包含大写字母、小写字母、数字、特殊符号四类字符中的至少 3 类" in page_text(response)
        mismatch = client.post(
            reverse("accounts:password_change"),
            _change("Fresh#Pass2026", "Other#Pass2026"),
        )
        assert "两次输入的新密码不一致" in page_text(mismatch)

    def test_period_is_a_setting(self, client, set_policy):
        user = self._expired_user(days=40)
        assert not user.password_expired()
        set_policy("password.max_age_days", 30)
        assert user.password_expired()
        login(client, user.username)
        assert client.get(reverse("portal:dashboard"))["Location"] == reverse("accounts:password_change")

    def test_fresh_password_is_not_expired(self, client):
        user = self._expired_user(days=89)
        login(client, user.username)
        assert client.get(reverse("accounts:security")).status_code == 200
