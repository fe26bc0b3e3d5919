"""The path a QR code takes, in a real browser (R-CERT-4): the signed link printed on the certificate
opens the public verification page without login and shows the live status; after a two-person
revocation the same link shows "已撤销" with its grounds; a tampered link is refused."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from skillcert.accounts.choices import Role
from skillcert.certificates import services
from skillcert.certificates.choices import ProposalKind
from skillcert.certificates.printing import render_certificate
from skillcert.certificates.tests.factories import final_plan
from skillcert.certificates.verification import verification_path
from skillcert.institutions.tests.factories import bureau_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_qr_link_shows_status_then_revocation(page, live_server, screenshot, settings):
    settings.SKILLCERT_PUBLIC_URL = live_server.url
    f = final_plan(1)
    cert = f.issue(0)
    # The link is the one printed under the QR code of the PDF.
    text = PdfReader(io.BytesIO(render_certificate(cert))).pages[0].extract_text().replace(" ", "").replace("\n", "")
    link = live_server.url + verification_path(cert.number)
    assert link in text

    page.goto(link)
    status = page.locator(".answer .status")
    assert status.inner_text() == "证书状态：有效"
    assert cert.number in page.content() and cert.id_number not in page.content()
    screenshot(page, "certificates-qr-valid")

    proposal = services.propose_status_change(
        actor=f.s.bureau, certificate=cert, kind=ProposalKind.REVOKE, grounds="经查替考取得，依法撤销"
    )
    services.approve_status_change(actor=bureau_user("150100", Role.MANAGER), proposal=proposal)
    page.reload()
    assert page.locator(".answer .status").inner_text() == "证书状态：已撤销"
    assert "经查替考取得，依法撤销" in page.locator(".answer").inner_text()
    screenshot(page, "certificates-qr-revoked")

    page.goto(link.replace(cert.number, cert.number[:16] + "999999"))
    assert "二维码无效" in page.locator("[role=alert]").inner_text()

    # The same certificate through the form: number and name.
    page.goto(f"{live_server.url}/certificates/verify/")
    page.get_by_label("证书编号").fill(cert.number)
    page.get_by_label("姓名").fill(cert.name)
    page.get_by_role("button", name="查验").click()
    assert page.locator(".answer .status").inner_text() == "证书状态：已撤销"
