"""Every login, failure, lockout, logout, timeout and credential change is an audit event in the
hash chain (R-X-1, R-X-2), and no event carries a secret."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from skillcert.accounts.choices import AuthEvent
from skillcert.accounts.middleware import SESSION_LAST_ACTIVITY
from skillcert.accounts.models import User
from skillcert.accounts.tests.factories import DEFAULT_PASSWORD
from skillcert.accounts.tests.helpers import login, send_code, wrong_code
from skillcert.core.audit import verify_chain
from skillcert.core.models import AuditEvent

NEW_PASSWORD = "Second#Pass2026"


@pytest.mark.django_db
def test_a_day_of_logins_leaves_a_complete_verifiable_trail(client, regulator, capsys):
    # Failures up to a lockout, then the lock runs out.
    for _ in range(5):
        login(client, regulator.username, "Wrong#Pass1")
    User.objects.filter(pk=regulator.pk).update(locked_until=None)

    # First login: enrol the second factor, with one wrong code first.
    login(client, regulator.username)
    page = client.get(reverse("accounts:totp_enrol")).content.decode()
    secret = page.split('id="totp-secret">', 1)[1].split("<", 1)[0].replace(" ", "")
    send_code(client, wrong_code(secret), enrol=True)
    send_code(client, pyotp.TOTP(secret).now(), enrol=True)

    # Change the password, make and revoke an API token, log out.
    client.post(
        reverse("accounts:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD},
    )
    key = client.post(reverse("accounts:token_create"), {"name": "夜间同步", "days": 7}).content.decode()
    key = key.split('id="new-token-key">', 1)[1].split("<", 1)[0]
    token_id = APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/accounts/tokens/").json()["results"][0]["id"]
    client.post(reverse("accounts:token_revoke", args=[token_id]))
    client.post(reverse("accounts:logout"))

    # A second session that times out.
    login(client, regulator.username, NEW_PASSWORD)
    session = client.session
    session[SESSION_LAST_ACTIVITY] = time.time() - 3600
    session.save()
    client.get(reverse("portal:dashboard"))

    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    for action in (
        AuthEvent.LOGIN,
        AuthEvent.LOGIN_FAILED,
        AuthEvent.LOCKOUT,
        AuthEvent.LOGOUT,
        AuthEvent.TIMEOUT,
        AuthEvent.PASSWORD_CHANGED,
        AuthEvent.TOTP_ENROLLED,
        AuthEvent.TOTP_FAILED,
        AuthEvent.TOKEN_CREATED,
        AuthEvent.TOKEN_REVOKED,
    ):
        assert action in actions, f"{action} is not in the audit log"
    assert actions.count(AuthEvent.LOGIN_FAILED) == 5 and actions.count(AuthEvent.LOCKOUT) == 1
    # The second session stopped at the TOTP page, so the only completed login is the first.
    assert actions.count(AuthEvent.LOGIN) == 1

    events = AuditEvent.objects.filter(object_id=str(regulator.pk), object_type="accounts.User")
    assert all(e.organisation_id == regulator.organisation_id for e in events), "visible to the user's org auditors"
    assert AuditEvent.objects.exclude(request_id="").count() == AuditEvent.objects.count(), "each names its request"

    everything = repr(list(AuditEvent.objects.values_list("before", "after", "object_repr")))
    for secret_text in (DEFAULT_PASSWORD, NEW_PASSWORD, secret, key, "Wrong#Pass1"):
        assert secret_text not in everything

    assert verify_chain().ok
    call_command("verify_audit")
    assert "审计链完整" in capsys.readouterr().out
