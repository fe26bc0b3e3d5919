"""TOTP second factor (R-X-2): mandatory for regulators and institution managers, enrolment with
a locally drawn QR code, replay refused, wrong codes count towards the lockout."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from skillcert.accounts import services, totp
from skillcert.accounts.choices import AuthEvent, OrgKind, Role
from skillcert.accounts.middleware import SESSION_SECOND_FACTOR_PENDING
from skillcert.accounts.models import TOTP_SECRET_CONTEXT, User
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority, enrol_totp
from skillcert.accounts.tests.helpers import login, page_text, send_code, wrong_code
from skillcert.core import crypto
from skillcert.core.audit import verify_chain
from skillcert.core.models import AuditEvent


def _secret_on_page(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page_text(response))
    assert match, "the enrolment page shows no secret"
    return match.group(1).replace(" ", "")


@pytest.mark.django_db
class TestWhoNeedsIt:
    def test_regulators_and_institution_managers(self):
        def needs(organisation, role) -> bool:  # type: ignore[no-untyped-def]
            return UserFactory(organisation=organisation, roles=[role]).requires_second_factor

        assert needs(authority(OrgKind.REGION_DEPT), Role.AUDITOR)
        assert needs(authority(OrgKind.LEAGUE_CENTER, "150200"), Role.CLERK)
        assert needs(InstitutionFactory(), Role.MANAGER)
        assert not needs(InstitutionFactory(), Role.CLERK)
        assert not needs(authority(OrgKind.REGION_CENTER), Role.EXTERNAL_SUPERVISOR)


@pytest.mark.django_db
class TestEnrolment:
    def test_first_login_enrols_with_qr_code_and_lands_on_the_workbench(self, client, regulator):
        response = login(client, regulator.username)
        assert response["Location"] == reverse("accounts:totp_enrol")
        page = client.get(reverse("accounts:totp_enrol"))
        html = page_text(page)
        assert "<svg" in html and 'class="segno"' in html, "QR code drawn inline"
        assert "http://" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")
        assert "内蒙古职业技能等级认定监管平台" in html and "绑定动态口令" in html
        secret = _secret_on_page(page)
        # Reloading keeps the same secret (the user may already have scanned it).
        assert _secret_on_page(client.get(reverse("accounts:totp_enrol"))) == secret

        done = send_code(client, pyotp.TOTP(secret).now(), enrol=True)
        assert done["Location"] == reverse("portal:dashboard")
        assert client.get(reverse("accounts:security")).status_code == 200
        regulator.refresh_from_db()
        assert regulator.totp_enrolled
        assert regulator.totp_secret.startswith("v1:") and secret not in regulator.totp_secret
        assert crypto.decrypt(regulator.totp_secret, TOTP_SECRET_CONTEXT) == secret
        actions = list(AuditEvent.objects.filter(actor_id=regulator.pk).values_list("action", flat=True))
        assert actions == [AuthEvent.TOTP_ENROLMENT_STARTED, AuthEvent.TOTP_ENROLLED, AuthEvent.LOGIN]
        assert secret not in str(list(AuditEvent.objects.values_list("after", flat=True)))

    def test_wrong_code_at_enrolment_is_refused_and_counted(self, client, regulator):
        login(client, regulator.username)
        secret = _secret_on_page(client.get(reverse("accounts:totp_enrol")))
        response = send_code(client, wrong_code(secret), enrol=True)
        assert response.status_code == 200
        assert "动态口令不正确" in page_text(response)
        regulator.refresh_from_db()
        assert not regulator.totp_enrolled and regulator.failed_login_count == 1
        assert AuditEvent.objects.filter(action=AuthEvent.TOTP_FAILED).count() == 1

    def test_provisioning_uri_names_the_platform(self):
        uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", "region_admin")
        parsed = pyotp.parse_uri(uri)
        assert parsed.issuer == "内蒙古职业技能等级认定监管平台" and parsed.name == "region_admin"

    def test_optional_enrolment_from_the_security_page(self, client, clerk):
        login(client, clerk.username)
        assert "未启用" in page_text(client.get(reverse("accounts:security")))
        secret = _secret_on_page(client.get(reverse("accounts:totp_enrol")))
        assert send_code(client, pyotp.TOTP(secret).now(), enrol=True)["Location"] == reverse("accounts:security")
        client.post(reverse("accounts:logout"))
        assert login(client, clerk.username)["Location"] == reverse("accounts:second_factor")


@pytest.mark.django_db
class TestLoginWithCode:
    def test_half_logged_in_session_reaches_only_the_second_factor_pages(self, client, regulator):
        enrol_totp(regulator)
        assert login(client, regulator.username)["Location"] == reverse("accounts:second_factor")
        assert client.session[SESSION_SECOND_FACTOR_PENDING] is True
        for url in (reverse("portal:dashboard"), reverse("accounts:security"), reverse("accounts:users")):
            assert client.get(url)["Location"] == reverse("accounts:second_factor")
        api = client.get("/api/v1/accounts/me/")
        assert api.status_code == 403 and api.json()["code"] == "second_factor_required"
        assert "动态口令验证" in page_text(client.get(reverse("accounts:second_factor")))
        assert not AuditEvent.objects.filter(action=AuthEvent.LOGIN).exists(), "not logged in yet"

    def test_right_code_completes_the_login(self, client, regulator):
        secret = enrol_totp(regulator)
        login(client, regulator.username)
        session_before = client.session.session_key
        response = send_code(client, pyotp.TOTP(secret).now())
        assert response["Location"] == reverse("portal:dashboard")
        assert client.session.session_key != session_before, "the session key changes with the privileges"
        assert client.get("/api/v1/accounts/me/").json()["second_factor_enabled"] is True
        event = AuditEvent.objects.get(action=AuthEvent.LOGIN)
        assert event.after == {"second_factor": "totp"}

    def test_next_survives_the_second_factor(self, client, regulator):
        secret = enrol_totp(regulator)
        client.post(
            reverse("accounts:login"),
            {"username": regulator.username, "password": "Skill#Cert2026", "next": "/accounts/users/"},
        )
        assert send_code(client, pyotp.TOTP(secret).now())["Location"] == "/accounts/users/"

    def test_replayed_code_is_refused(self, client, regulator):
        secret = enrol_totp(regulator)
        code = pyotp.TOTP(secret).now()
        login(client, regulator.username)
        assert send_code(client, code).status_code == 302
        client.post(reverse("accounts:logout"))
        login(client, regulator.username)
        replay = send_code(client, code)
        assert replay.status_code == 200
        assert "动态口令不正确或已使用过" in page_text(replay)
        failed = AuditEvent.objects.get(action=AuthEvent.TOTP_FAILED)
        assert failed.after["detail"] == "replay"

    def test_code_from_the_previous_step_is_accepted_once(self, regulator):
        secret = enrol_totp(regulator)
        previous = pyotp.TOTP(secret).at(timezone.now() - timedelta(seconds=30))
        user = User.objects.get(pk=regulator.pk)
        assert services.verify_second_factor(user=user, code=previous) is services.TotpResult.OK
        assert services.verify_second_factor(user=user, code=previous) is services.TotpResult.INVALID
        old = pyotp.TOTP(secret).at(timezone.now() - timedelta(seconds=120))
        assert services.verify_second_factor(user=user, code=old) is services.TotpResult.INVALID

    def test_codes_typed_with_spaces_are_accepted(self, regulator):
        secret = enrol_totp(regulator)
        code = pyotp.TOTP(secret).now()
        assert services.verify_second_factor(user=regulator, code=f"{code[:3]} {code[3:]}") is services.TotpResult.OK

    def test_five_wrong_codes_lock_the_account(self, client, regulator):
        secret = enrol_totp(regulator)
        login(client, regulator.username)
        for _ in range(4):
            assert send_code(client, wrong_code(secret)).status_code == 200
        locked = send_code(client, wrong_code(secret), follow=True)
        assert locked.redirect_chain[-1][0] == reverse("accounts:login")
        assert "该账号因连续登录失败已被锁定" in page_text(locked)
        assert SESSION_KEY not in client.session
        assert AuditEvent.objects.filter(action=AuthEvent.TOTP_FAILED).count() == 5
        assert AuditEvent.objects.filter(action=AuthEvent.LOCKOUT).count() == 1
        # Even the right password and the right code do not get in now.
        assert "已被锁定" in page_text(login(client, regulator.username))

    def test_the_password_alone_does_not_reset_the_failure_count(self, client, regulator):
        secret = enrol_totp(regulator)
        for _ in range(3):
            login(client, regulator.username)
            send_code(client, wrong_code(secret))
            client.post(reverse("accounts:logout"))
        regulator.refresh_from_db()
        assert regulator.failed_login_count == 3, "re-entering the password must not buy more code guesses"
        login(client, regulator.username, "Wrong#Pass1")
        login(client, regulator.username, "Wrong#Pass1")
        regulator.refresh_from_db()
        assert regulator.is_locked()

    def test_administrator_resets_a_lost_authenticator(self, client, regulator):
        enrol_totp(regulator)
        admin = UserFactory(organisation=regulator.organisation, roles=[Role.ADMIN])
        services.reset_second_factor(actor=admin, user=User.objects.get(pk=regulator.pk))
        assert login(client, regulator.username)["Location"] == reverse("accounts:totp_enrol")
        assert AuditEvent.objects.filter(action=AuthEvent.TOTP_RESET, actor_id=admin.pk).exists()
        assert verify_chain().ok
