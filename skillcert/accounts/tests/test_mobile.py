"""A user's mobile number is personal data (R-X-3): encrypted at rest, found through its blind
index, shown masked, and shown in full only through an audited reveal by those who manage
the account."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from skillcert.accounts import services
from skillcert.accounts.choices import AuthEvent, Role
from skillcert.accounts.models import User
from skillcert.accounts.tests.factories import UserFactory
from skillcert.accounts.tests.helpers import page_text
from skillcert.core import crypto
from skillcert.core.audit import verify_chain
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.fields import blind_index_for
from skillcert.core.models import AuditEvent

NUMBER = "13812345678"


@pytest.fixture
def manager(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="mobile_mgr", roles=[Role.MANAGER])


@pytest.fixture
def holder(manager):  # type: ignore[no-untyped-def]
    return services.create_user(
        actor=manager,
        organisation=manager.organisation,
        username="holder",
        full_name="号码持有人",
        password="Init#Pass2026",
        roles=[Role.CLERK],
        mobile=NUMBER,
    )


def _raw_mobile(user: User) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT mobile FROM {User._meta.db_table} WHERE id = %s", [user.pk])
        return cursor.fetchone()[0]  # type: ignore[no-any-return]


def _reveals() -> int:
    return AuditEvent.objects.filter(action="pii.reveal").count()


@pytest.mark.django_db
class TestStorage:
    def test_the_column_holds_a_token_not_the_number(self, holder):
        raw = _raw_mobile(holder)
        assert crypto.is_token(raw) and NUMBER not in raw and "5678" not in raw
        assert User.objects.get(pk=holder.pk).mobile == NUMBER

    def test_blind_index_finds_the_user_in_any_spelling(self, holder):
        UserFactory(username="someone_else")
        for spelling in (NUMBER, "138 1234 5678", "138-1234-5678"):
            assert User.objects.get(mobile_index=blind_index_for(User, "mobile", spelling)) == holder
        assert not User.objects.filter(mobile_index=blind_index_for(User, "mobile", "13812345679")).exists()

    def test_two_users_may_share_a_number(self, holder, manager):
        services.update_contact(actor=manager, user=manager, mobile=NUMBER)
        assert User.objects.filter(mobile_index=blind_index_for(User, "mobile", NUMBER)).count() == 2

    def test_the_audit_log_never_holds_the_number(self, holder, manager):
        services.update_contact(actor=manager, user=holder, mobile="13900001111")
        created = AuditEvent.objects.get(action=AuthEvent.USER_CREATED, object_id=str(holder.pk))
        changed = AuditEvent.objects.get(action=AuthEvent.CONTACT_UPDATED)
        assert created.after["mobile"] == "***" and created.after["mobile_index"]
        assert changed.before["mobile_index"] != changed.after["mobile_index"]
        for event in AuditEvent.objects.all():
            text = f"{event.before}{event.after}"
            assert NUMBER not in text and "13900001111" not in text and "5678" not in text


@pytest.mark.django_db
class TestValidation:
    def test_create_user_normalises_and_rejects(self, manager):
        user = services.create_user(
            actor=None,
            organisation=manager.organisation,
            username="plus86",
            full_name="区号",
            password="Init#Pass2026",
            roles=[Role.CLERK],
            mobile="+86 138-1234-5678",
        )
        assert user.mobile == NUMBER
        with pytest.raises(DomainError) as exc:
            services.create_user(
                actor=None,
                organisation=manager.organisation,
                username="badmobile",
                full_name="错号",
                password="Init#Pass2026",
                roles=[Role.CLERK],
                mobile="1234567",
            )
        assert exc.value.field == "mobile" and exc.value.message == "手机号码格式错误：应为11位数字，以13-19开头"
        assert not User.objects.filter(username="badmobile").exists()

    def test_update_contact_clears_and_is_idempotent(self, holder, manager):
        services.update_contact(actor=manager, user=holder, mobile=NUMBER)
        assert not AuditEvent.objects.filter(action=AuthEvent.CONTACT_UPDATED).exists()
        services.update_contact(actor=manager, user=holder, mobile="  ")
        holder.refresh_from_db()
        assert holder.mobile == "" and holder.mobile_index is None and _raw_mobile(holder) == ""

    def test_the_holder_may_update_their_own_number_others_may_not(self, holder):
        services.update_contact(actor=holder, user=holder, mobile="13900001111")
        assert User.objects.get(pk=holder.pk).mobile == "13900001111"
        outsider = UserFactory(roles=[Role.MANAGER])
        with pytest.raises(NotFoundError):
            services.update_contact(actor=outsider, user=holder, mobile="13700001111")


@pytest.mark.django_db
class TestRevealOnPages:
    def test_list_shows_it_masked(self, manager, holder):
        client = Client()
        client.force_login(manager)
        html = page_text(client.get(reverse("accounts:users")))
        assert "138****5678" in html and NUMBER not in html

    def test_reveal_shows_it_in_full_and_audits_once(self, manager, holder):
        client = Client()
        client.force_login(manager)
        response = client.post(reverse("accounts:user_reveal_mobile", args=[holder.pk]), {"reason": "联系账号持有人"})
        assert response.status_code == 200
        assert f'<strong class="mono" id="revealed-mobile">{NUMBER}</strong>' in page_text(response)
        assert "no-cache" in response["Cache-Control"]
        event = AuditEvent.objects.get(action="pii.reveal")
        assert event.actor_id == manager.pk and event.object_id == str(holder.pk)
        assert event.object_type == "accounts.User"
        assert event.after == {"field": "mobile", "reason": "联系账号持有人"}
        assert _reveals() == 1 and verify_chain().ok
        # The next ordinary view is masked again.
        assert NUMBER not in page_text(client.get(reverse("accounts:user_detail", args=[holder.pk])))

    @pytest.mark.parametrize("role", [Role.CLERK, Role.AUDITOR, Role.EXAMINER])
    def test_others_in_the_institution_get_404_and_no_event(self, holder, role):
        other = UserFactory(organisation=holder.organisation, roles=[role])
        client = Client()
        client.force_login(other)
        assert client.post(reverse("accounts:user_reveal_mobile", args=[holder.pk])).status_code == 404
        assert _reveals() == 0

    def test_another_institutions_manager_gets_404_and_no_event(self, holder):
        client = Client()
        client.force_login(UserFactory(roles=[Role.MANAGER]))
        assert client.post(reverse("accounts:user_reveal_mobile", args=[holder.pk])).status_code == 404
        assert _reveals() == 0


@pytest.mark.django_db
class TestRevealInTheApi:
    def test_list_and_detail_are_masked(self, manager, holder):
        client = APIClient()
        client.force_authenticate(manager)
        rows = client.get("/api/v1/accounts/users/").json()["results"]
        assert {r["username"]: r["mobile_masked"] for r in rows}["holder"] == "138****5678"
        detail = client.get(f"/api/v1/accounts/users/{holder.pk}/")
        assert NUMBER not in detail.content.decode()
        assert "mobile" not in detail.json()

    def test_reveal_returns_the_number_and_audits_once(self, manager, holder):
        client = APIClient()
        client.force_authenticate(manager)
        response = client.post(f"/api/v1/accounts/users/{holder.pk}/reveal-mobile/", {"reason": "回访"}, format="json")
        assert response.status_code == 200 and response.json() == {"mobile": NUMBER}
        assert _reveals() == 1
        assert AuditEvent.objects.get(action="pii.reveal").after == {"field": "mobile", "reason": "回访"}

    def test_someone_else_gets_404_and_no_event(self, holder):
        client = APIClient()
        client.force_authenticate(UserFactory(roles=[Role.MANAGER]))
        assert client.post(f"/api/v1/accounts/users/{holder.pk}/reveal-mobile/", {}, format="json").status_code == 404
        client.force_authenticate(UserFactory(organisation=holder.organisation, roles=[Role.AUDITOR]))
        assert client.post(f"/api/v1/accounts/users/{holder.pk}/reveal-mobile/", {}, format="json").status_code == 404
        assert _reveals() == 0

    def test_contact_errors_name_the_field(self, manager, holder):
        client = APIClient()
        client.force_authenticate(manager)
        response = client.post(f"/api/v1/accounts/users/{holder.pk}/contact/", {"mobile": "99"}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == {"mobile": ["手机号码格式错误：应为11位数字，以13-19开头"]}
        assert User.objects.get(pk=holder.pk).mobile == NUMBER
