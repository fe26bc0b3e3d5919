"""Demo accounts: created through the services, idempotent, second factor pre-enrolled, and
`demo_totp` prints a working code only for demo accounts in DEBUG."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from skillcert.accounts import demo, totp
from skillcert.accounts.choices import AuthEvent
from skillcert.accounts.models import User
from skillcert.accounts.tests.factories import UserFactory
from skillcert.accounts.tests.helpers import login, send_code
from skillcert.core.audit import verify_chain
from skillcert.core.models import AuditEvent


@pytest.fixture
def seeded(db):  # type: ignore[no-untyped-def]
    ctx: dict = {}
    demo.seed(ctx)
    return ctx


def test_seed_is_idempotent_and_audited(seeded):
    users = User.objects.count()
    events = AuditEvent.objects.count()
    assert users == len(demo.DEMO_USERS)
    assert AuditEvent.objects.filter(action=AuthEvent.USER_CREATED).count() == users
    again: dict = {}
    demo.seed(again)
    assert User.objects.count() == users and AuditEvent.objects.count() == events
    assert again["summary"] == [f"演示账号 {users} 个（本次新建 0 个）"]
    assert any("demo_totp" in note for note in again["notes"])
    assert verify_chain().ok


def test_second_factor_accounts_are_pre_enrolled_with_the_demo_secret(seeded):
    for user in User.objects.all():
        if user.requires_second_factor:
            assert user.totp_enrolled and user.get_totp_secret() == totp.demo_secret(user.username)
        else:
            assert not user.totp_enrolled
    assert totp.demo_secret("region_admin") != totp.demo_secret("region_auditor")


def test_demo_totp_prints_a_code_that_logs_in(seeded, client, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_totp", "region_admin", stdout=out, stderr=StringIO())
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert login(client, "region_admin", demo.DEMO_PASSWORD)["Location"] == reverse("accounts:second_factor")
    assert send_code(client, code)["Location"] == reverse("portal:dashboard")


def test_demo_totp_refuses_outside_debug(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="只能在 DEBUG 模式"):
        call_command("demo_totp", "region_admin")


def test_demo_totp_refuses_other_accounts(seeded, settings):
    settings.DEBUG = True
    UserFactory(username="real_person")
    with pytest.raises(CommandError, match="不是演示账号"):
        call_command("demo_totp", "real_person")


def test_demo_totp_explains_accounts_without_a_second_factor(seeded, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="不需要动态口令"):
        call_command("demo_totp", "examiner_150100")
