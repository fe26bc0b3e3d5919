"""Every demo account the README lists logs in with the README's password (R-X-2)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from skillcert.accounts.models import User
from skillcert.accounts.tests.helpers import login
from skillcert.demo.builders import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_every_printed_demo_account_logs_in_with_the_readme_password(client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    printed = [
        line.split("用户名")[1].split()[0]
        for line in out.getvalue().splitlines()
        if line.startswith("  ") and "用户名" in line
    ]
    assert "candidate_final" in printed
    soon = timezone.now() + timedelta(days=30)
    demo = [u for u in User.objects.filter(is_active=True) if u.check_password(DEMO_PASSWORD)]
    assert {"inst_beijiang_manager", *printed} <= {u.username for u in demo}
    stale = [u.username for u in demo if u.password_expired(soon)]
    assert not stale, f"demo passwords past or near the change policy: {stale}"
    answer = login(client, "inst_beijiang_clerk", DEMO_PASSWORD)
    assert answer.status_code == 302 and answer["Location"] != reverse("accounts:password_change")
