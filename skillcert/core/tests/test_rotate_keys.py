"""Key rotation end to end (R-X-3): `rotate_data_keys` re-encrypts a real column under the new
key, the value and its blind index survive, the run is audited and the chain stays intact."""

from __future__ import annotations

import base64
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from skillcert.accounts import services
from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.accounts.tests.factories import InstitutionFactory
from skillcert.core import crypto
from skillcert.core.audit import verify_chain
from skillcert.core.fields import blind_index_for
from skillcert.core.models import AuditEvent
from skillcert.core.testing import ensure_reference_data

OLD_KEY = base64.b64encode(bytes(range(32))).decode()
NEW_KEY = base64.b64encode(bytes(range(100, 132))).decode()
NUMBER = "13812345678"


def _raw_mobile(user: User) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT mobile FROM {User._meta.db_table} WHERE id = %s", [user.pk])
        return cursor.fetchone()[0]  # type: ignore[no-any-return]


def _rotate() -> str:
    out = StringIO()
    call_command("rotate_data_keys", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_rotation_re_encrypts_under_the_new_key():
    ensure_reference_data()
    with override_settings(SKILLCERT_DATA_KEYS=f"old:{OLD_KEY}"):
        user = services.create_user(
            actor=None,
            organisation=InstitutionFactory(),
            username="rotated",
            full_name="轮换",
            password="Init#Pass2026",
            roles=[Role.CLERK],
            mobile=NUMBER,
        )
        before = _raw_mobile(user)
        assert crypto.token_kid(before) == "old"

    with override_settings(SKILLCERT_DATA_KEYS=f"new:{NEW_KEY},old:{OLD_KEY}"):
        output = _rotate()
        after = _raw_mobile(user)
        assert crypto.token_kid(after) == "new" and after != before and NUMBER not in after
        assert User.objects.get(pk=user.pk).mobile == NUMBER
        assert "accounts.User.mobile: 重新加密 1 行" in output
        assert output.strip().endswith("完成：共重新加密 1 个值")

        event = AuditEvent.objects.get(action="crypto.rotate")
        assert event.actor_repr == "系统" and event.after["accounts.User.mobile"] == 1
        assert verify_chain().ok

        # A second run finds nothing left under the old key: it may be retired.
        assert _rotate().strip().endswith("完成：共重新加密 0 个值")
        assert _raw_mobile(user) == after

    with override_settings(SKILLCERT_DATA_KEYS=f"new:{NEW_KEY}"):
        found = User.objects.get(mobile_index=blind_index_for(User, "mobile", NUMBER))
        assert found.pk == user.pk and found.mobile == NUMBER
    assert AuditEvent.objects.filter(action="crypto.rotate").count() == 2
    assert verify_chain().ok
