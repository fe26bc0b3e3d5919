"""The Content-Security-Policy in a real browser (issue #17): the pages whose behaviour used inline
scripts or on* handlers still work with the policy on, and the browser reports no violation."""

from __future__ import annotations

import pytest

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory, enrol_totp
from skillcert.core.browser_testing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def _violations(page) -> list[str]:
    return page.evaluate("window.__csp")


def test_pages_work_under_the_policy_with_no_violation(page, live_server, screenshot):
    page.add_init_script(WATCH)
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)

    # Swagger UI starts from its own script file.
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert _violations(page) == []

    # The QR page's verifier runs (an empty payload is answered by the script, not by the server).
    page.goto(f"{live_server.url}/V")
    page.get_by_role("button", name="核验").click()
    page.locator("[data-role=verdict][data-valid]").wait_for()
    assert _violations(page) == []

    # A confirmation declared with data-confirm asks, and cancelling keeps the account active.
    manager = UserFactory(username="csp_mgr", full_name="严负责人", roles=[Role.MANAGER])
    secret = enrol_totp(manager)
    clerk = UserFactory(username="csp_clerk", organisation=manager.organisation, roles=[Role.CLERK])
    sign_in(page, live_server.url, manager.username, DEFAULT_PASSWORD, secret)
    page.goto(f"{live_server.url}/accounts/users/{clerk.pk}/")
    asked = []

    def dismiss(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("button", name="停用账号").click()
    page.wait_for_timeout(300)
    assert asked == ["确定停用该账号？停用后不能再登录。"]
    clerk.refresh_from_db()
    assert clerk.is_active
    screenshot(page, "csp-user-detail")
    assert _violations(page) == []
    assert [text for text in console if "Content Security Policy" in text] == []
