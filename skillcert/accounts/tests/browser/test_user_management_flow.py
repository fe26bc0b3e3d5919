"""Account management in a real browser (R-ORG-2, R-X-2, R-X-3): an institution manager opens
an account with a generated password, reveals its mobile number and unlocks a locked colleague."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory, enrol_totp
from skillcert.core.models import AuditEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_creates_an_account_and_unlocks_another(page, live_server, screenshot):
    manager = UserFactory(username="browser_inst_mgr", full_name="赵负责人", roles=[Role.MANAGER])
    secret = enrol_totp(manager)
    locked = UserFactory(
        username="browser_locked_clerk", full_name="钱经办", organisation=manager.organisation, roles=[Role.CLERK]
    )
    User.objects.filter(pk=locked.pk).update(locked_until=timezone.now() + timedelta(minutes=15))

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(manager.username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("textbox", name="动态口令").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(f"{live_server.url}/workbench/")

    page.goto(f"{live_server.url}/accounts/users/")
    page.get_by_role("link", name="新建账号").click()
    page.get_by_role("button", name="创建账号").click()  # empty form: errors beside the fields
    assert "用户名：不能为空" in page.locator("#field-username").inner_text()
    assert "角色：至少选择一个角色" in page.locator("#field-roles").inner_text()
    screenshot(page, "user-create-errors")

    page.get_by_label("用户名").fill("browser_new_clerk")
    page.get_by_label("姓名").fill("孙新人")
    page.get_by_label("手机号码").fill("138 1234 5678")
    page.get_by_label("经办人").check()
    page.get_by_role("button", name="创建账号").click()
    assert "账号“browser_new_clerk”已创建" in page.locator(".messages").inner_text()
    password = page.locator("#initial-password").inner_text()
    assert len(password) >= 14
    assert "138****5678" in page.locator("#account-mobile").inner_text()
    screenshot(page, "user-created")

    page.get_by_role("button", name="显示完整号码").click()
    assert page.locator("#revealed-mobile").inner_text() == "13812345678"
    assert AuditEvent.objects.filter(action="pii.reveal").count() == 1

    page.goto(f"{live_server.url}/accounts/users/")
    row = page.locator(f"#user-{locked.pk}")
    assert re.search(r"锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}", row.inner_text())
    new_row = page.locator(f"#user-{User.objects.get(username='browser_new_clerk').pk}")
    assert "138****5678" in new_row.inner_text() and "未绑定" in new_row.inner_text()
    screenshot(page, "users-list")
    row.get_by_role("button", name="解锁").click()
    assert "账号“browser_locked_clerk”已解锁" in page.locator(".messages").inner_text()
    assert "正常" in page.locator(f"#user-{locked.pk}").inner_text()
    assert not User.objects.get(pk=locked.pk).is_locked()
    screenshot(page, "users-list-unlocked")
