"""The login flows in a real browser (R-X-2): password login, lockout message, TOTP enrolment
and the second-factor step, on Chinese pages."""

from __future__ import annotations

import pyotp
import pytest

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory, authority, enrol_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username: str, password: str = DEFAULT_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_password_login_lands_on_the_workbench(page, live_server, screenshot):
    user = UserFactory(username="browser_clerk", full_name="张经办", roles=[Role.CLERK])
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.title().startswith("用户登录")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    screenshot(page, "login")
    _login(page, live_server, user.username)
    page.wait_for_url(f"{live_server.url}/workbench/")
    assert page.get_by_role("heading", name="工作台").is_visible()
    assert "张经办" in page.locator("header").inner_text()

    page.get_by_role("link", name="账号安全").click()
    page.get_by_label("令牌名称").fill("考务系统数据同步")
    page.get_by_role("button", name="创建令牌").click()
    key = page.locator("#new-token-key").inner_text()
    assert key.startswith("sc_") and "只显示这一次" in page.locator("#new-token").inner_text()
    screenshot(page, "security-token-created")
    page.goto(f"{live_server.url}/accounts/security/")
    assert page.locator("#new-token-key").count() == 0, "the key is not shown again"
    assert key[:11] in page.locator("#tokens").inner_text()


def test_lockout_message_after_five_failures(page, live_server, screenshot):
    user = UserFactory(username="browser_locked", roles=[Role.CLERK])
    for _ in range(4):
        _login(page, live_server, user.username, "Wrong#Pass1")
        assert "用户名或密码错误" in page.locator("#login-error").inner_text()
    _login(page, live_server, user.username, "Wrong#Pass1")
    message = page.locator("#login-error").inner_text()
    assert "该账号因连续登录失败已被锁定" in message and "北京时间" in message
    screenshot(page, "login-locked")
    _login(page, live_server, user.username)  # the right password, still locked
    assert "已被锁定" in page.locator("#login-error").inner_text()
    assert "/accounts/login/" in page.url


def test_totp_enrolment_then_workbench(page, live_server, screenshot):
    user = UserFactory(
        username="browser_bureau",
        full_name="李监管",
        organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"),
        roles=[Role.CLERK],
    )
    _login(page, live_server, user.username)
    page.wait_for_url(f"{live_server.url}/accounts/second-factor/enrol/")
    assert page.locator(".qr-box svg").is_visible()
    screenshot(page, "totp-enrol")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_role("textbox", name="动态口令").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="确认绑定").click()
    page.wait_for_url(f"{live_server.url}/workbench/")
    assert "动态口令已绑定" in page.locator(".messages").inner_text()
    screenshot(page, "workbench-after-enrolment")


def test_second_factor_step(page, live_server, screenshot):
    user = UserFactory(username="browser_manager", full_name="王负责人", roles=[Role.MANAGER])
    secret = enrol_totp(user)
    _login(page, live_server, user.username)
    page.wait_for_url(f"{live_server.url}/accounts/second-factor/")
    page.get_by_role("textbox", name="动态口令").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name="验证").click()
    assert "动态口令不正确" in page.locator(".error").inner_text()
    screenshot(page, "second-factor")
    page.get_by_role("textbox", name="动态口令").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(f"{live_server.url}/workbench/")
