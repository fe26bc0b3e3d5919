"""The standalone verifier in a real browser (R-CERT-4): the QR code is decoded from the rendered
certificate page image (pdftoppm + zxing-cpp), the verifier downloaded from the platform is opened
from disk with the network off and says "签名有效（离线，未核对最新状态）"; damaged payloads say
"签名无效" with the reason; online, the public page reads the signed status list and shows a
revocation; the script's own building blocks are checked against the RFC examples."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from skillcert.accounts.choices import Role
from skillcert.certificates import credentials, issuer_keys, offline_qr, services, status_list
from skillcert.certificates.choices import ProposalKind
from skillcert.certificates.printing import render_certificate
from skillcert.certificates.tests.factories import final_plan
from skillcert.institutions.tests.factories import bureau_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _qr_from_pdf(pdf: bytes, tmp_path: Path) -> str:
    import zxingcpp
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: run `make browsers` (Debian's poppler-utils)")
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf)
    # 200 dpi: about what a phone camera resolves of an A4 page held at reading distance.
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(source), str(tmp_path / "page")], check=True)
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    codes = [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(codes) == 1, found
    return codes[0]


def _verify(page, text: str) -> tuple[str, str, str]:
    page.locator("[data-role=payload]").fill(text)
    page.get_by_role("button", name="核验").click()
    verdict = page.locator("[data-role=verdict]")
    verdict.locator("xpath=self::*[@data-valid]").wait_for()
    page.wait_for_function("() => !document.querySelector('[data-role=status]').textContent.startsWith('正在')")
    return (
        verdict.inner_text(),
        page.locator("[data-role=reason]").inner_text(),
        page.locator("[data-role=status]").inner_text(),
    )


def _download_verifier(page, live_server, tmp_path: Path) -> Path:
    page.goto(f"{live_server.url}/V")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载离线核验页面").click()
    target = tmp_path / "skillcert-verifier.html"
    info.value.save_as(target)
    return target


def test_pdf_qr_verifies_in_the_standalone_page_with_the_network_off(page, live_server, settings, tmp_path, screenshot):
    settings.SKILLCERT_PUBLIC_URL = live_server.url
    cert = final_plan(1).issue(0)
    scanned = _qr_from_pdf(render_certificate(cert), tmp_path)
    assert scanned.startswith(f"{live_server.url.upper()}/V#SC1:")
    assert offline_qr.verify(scanned).valid

    verifier = _download_verifier(page, live_server, tmp_path)
    requests: list[str] = []
    page.context.set_offline(True)
    page.on("requestfinished", lambda r: requests.append(r.url))  # the status list fetch fails offline
    page.goto(verifier.as_uri())

    verdict, reason, status = _verify(page, scanned)
    assert verdict == "签名有效（离线，未核对最新状态）" and reason == ""
    fields = page.locator("[data-role=fields]").inner_text()
    assert cert.number in fields and cert.name in fields and cert.masked_id_number in fields
    assert cert.id_number not in fields and cert.occupation_code in fields
    assert "未能联网核对最新状态" in status
    screenshot(page, "certificates-offline-verifier-valid")

    payload = offline_qr.extract_payload(scanned)
    flipped = payload[:-20] + ("A" if payload[-20] != "A" else "B") + payload[-19:]
    verdict, reason, _ = _verify(page, flipped)
    assert verdict == "签名无效" and reason.startswith("原因：") and len(reason) > 3
    verdict, reason, _ = _verify(page, payload[:-31])
    assert verdict == "签名无效" and "损坏" in reason
    verdict, reason, _ = _verify(page, "HC1:NCFOXN%TS3DH")
    assert verdict == "签名无效" and "SC1:" in reason
    screenshot(page, "certificates-offline-verifier-invalid")
    assert requests and all(url.startswith("file:") for url in requests), requests


def test_live_page_checks_the_status_list_and_shows_a_revocation(page, live_server, settings, screenshot):
    settings.SKILLCERT_PUBLIC_URL = live_server.url
    f = final_plan(1)
    cert = f.issue(0)
    url = offline_qr.qr_url(offline_qr.payload_for(cert))
    page.goto(url)  # what a phone camera opens
    page.wait_for_function("() => document.querySelector('[data-role=status]').dataset.status")
    assert page.locator("[data-role=verdict]").inner_text() == "签名有效（离线，未核对最新状态）"
    assert page.locator("[data-role=status]").inner_text() == "最新状态：有效（已联网核对状态列表）"
    screenshot(page, "certificates-scan-valid")

    proposal = services.propose_status_change(
        actor=f.s.bureau, certificate=cert, kind=ProposalKind.REVOKE, grounds="经查替考取得，依法撤销"
    )
    services.approve_status_change(actor=bureau_user("150100", Role.MANAGER), proposal=proposal)
    page.reload()
    page.wait_for_function("() => document.querySelector('[data-role=status]').dataset.status")
    assert page.locator("[data-role=status]").get_attribute("data-status") == "revoked"
    assert "已撤销" in page.locator("[data-role=status]").inner_text()
    screenshot(page, "certificates-scan-revoked")


def test_credentials_in_the_page_altered_subject_and_index_out_of_range(page, live_server, settings):
    settings.SKILLCERT_PUBLIC_URL = live_server.url
    cert = final_plan(1).issue(0)
    token = credentials.issue_jwt(cert)
    page.goto(f"{live_server.url}/V")
    verdict, reason, status = _verify(page, token)
    assert verdict == "签名有效（离线，未核对最新状态）" and "有效" in status

    header, payload, signature = token.split(".")
    claims = json.loads(issuer_keys.b64url_decode(payload))
    claims["credentialSubject"]["identifier"][1]["identityHash"] = "李四"
    altered = f"{header}.{issuer_keys.b64url(json.dumps(claims, ensure_ascii=False).encode())}.{signature}"
    verdict, reason, _ = _verify(page, altered)
    assert verdict == "签名无效" and reason == "原因：签名与内容不符：凭证内容被改动"

    claims = json.loads(issuer_keys.b64url_decode(payload))
    claims["credentialStatus"]["statusListIndex"] = "99999999"
    from django.utils import timezone

    out_of_range = status_list.sign_jwt(claims, now=timezone.now())
    verdict, reason, status = _verify(page, out_of_range)
    assert verdict == "签名有效（离线，未核对最新状态）"
    assert status.startswith("状态核对失败：状态列表序号 99999999 超出范围")


def test_script_building_blocks_match_the_rfc_examples(page, live_server):
    page.goto(f"{live_server.url}/V")
    result = page.evaluate(
        """() => {
        const hex = (a) => Array.from(a, (b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
        const V = window.SkillCertVerifier;
        return {
          b45: new TextDecoder().decode(V.b45decode("%69 VD92EX0")),
          ietf: new TextDecoder().decode(V.b45decode("QED8WEX0")),
          tbs: hex(V.sigStructure(
            new Uint8Array([0xA1, 0x01, 0x26]), new TextEncoder().encode("This is the content."))),
          cbor: JSON.stringify(Array.from(
            V.cborDecode(new Uint8Array([0xA2, 0x01, 0x38, 0x1B, 0x02, 0x63, 0x61, 0x62, 0x63])).entries())),
        };
    }"""
    )
    assert result["b45"] == "Hello!!" and result["ietf"] == "ietf!"
    assert result["tbs"] == "846A5369676E61747572653143A101264054546869732069732074686520636F6E74656E742E"
    assert result["cbor"] == '[[1,-28],[2,"abc"]]'


# --- the 2-bit status entry (statusPurpose message) in both pages ----------------------------------


def _status_of(page, text: str) -> tuple[str, str, str]:
    verdict, _reason, status = _verify(page, text)
    return verdict, status, page.locator("[data-role=status]").get_attribute("data-status") or ""


def _approve(f, cert, kind: str) -> None:
    proposal = services.propose_status_change(actor=f.s.bureau, certificate=cert, kind=kind, grounds="经查违规取得")
    services.approve_status_change(actor=bureau_user("150100", Role.MANAGER), proposal=proposal)


def test_both_pages_read_the_two_bit_entry_valid_suspended_lifted_revoked(page, live_server, settings, tmp_path):
    settings.SKILLCERT_PUBLIC_URL = live_server.url
    f = final_plan(1)
    cert = f.issue(0)
    qr = offline_qr.qr_url(offline_qr.payload_for(cert))
    token = credentials.issue_jwt(cert)
    assert json.loads(issuer_keys.b64url_decode(token.split(".")[1]))["credentialStatus"]["statusPurpose"] == "message"
    verifier = _download_verifier(page, live_server, tmp_path)

    def both_pages() -> set[tuple[str, str, str]]:
        seen = set()
        for where in (f"{live_server.url}/V", verifier.as_uri()):  # the public page, then the file, online
            page.goto(where)
            for text in (qr, token):
                seen.add(_status_of(page, text))
        return seen

    assert both_pages() == {("签名有效（离线，未核对最新状态）", "最新状态：有效（已联网核对状态列表）", "valid")}
    _approve(f, cert, ProposalKind.SUSPEND)
    assert both_pages() == {("签名有效（离线，未核对最新状态）", "最新状态：已暂停——暂停使用期间证书无效", "suspended")}
    _approve(f, cert, ProposalKind.REINSTATE)
    assert both_pages() == {("签名有效（离线，未核对最新状态）", "最新状态：有效（已联网核对状态列表）", "valid")}
    issuer_keys.rotate()
    _approve(f, cert, ProposalKind.REVOKE)  # the list is now signed by the new key, which the file lacks
    page.goto(f"{live_server.url}/V")
    assert _status_of(page, qr) == ("签名有效（离线，未核对最新状态）", "最新状态：已撤销——证书无效", "revoked")
    assert _status_of(page, token)[2] == "revoked"
    page.goto(verifier.as_uri())
    verdict, status, state = _status_of(page, qr)
    assert state == "invalid" and "不在已发布的公钥中" in status  # 请重新下载: the README says so
    verifier = _download_verifier(page, live_server, tmp_path)
    page.goto(verifier.as_uri())
    assert _status_of(page, token)[1:] == ("最新状态：已撤销——证书无效", "revoked")

    # Offline the same file still says only what the signature tells.
    page.context.set_offline(True)
    verdict, status, state = _status_of(page, qr)
    assert verdict == "签名有效（离线，未核对最新状态）" and state == "offline"


def test_old_credentials_and_malformed_lists_in_the_page(page, live_server, settings):
    from django.utils import timezone

    settings.SKILLCERT_PUBLIC_URL = live_server.url
    f = final_plan(1)
    cert = f.issue(0)
    claims = credentials.credential_for(cert)
    claims["credentialStatus"] = credentials.status_entry(cert.status_entry.index, "revocation")
    old = status_list.sign_jwt(claims, now=timezone.now())
    token = credentials.issue_jwt(cert)
    page.goto(f"{live_server.url}/V")
    assert _status_of(page, old)[2] == "valid"
    _approve(f, cert, ProposalKind.SUSPEND)
    assert _status_of(page, old)[1:] == ("最新状态：已暂停——暂停使用期间证书无效", "suspended")
    _approve(f, cert, ProposalKind.REVOKE)
    assert _status_of(page, old)[1:] == ("最新状态：已撤销或作废——证书无效", "revoked_or_voided")

    def serve(body: str, status: int = 200) -> None:
        page.unroute("**/.well-known/skillcert/status/message")
        page.route(
            "**/.well-known/skillcert/status/message",
            lambda route: route.fulfill(
                status=status,
                body=body,
                headers={"Content-Type": "application/vc+jwt", "Access-Control-Allow-Origin": "*"},
            ),
        )

    def signed(**subject) -> str:
        list_claims = status_list.credential("message", bytes(65536), timezone.now())
        list_claims["credentialSubject"].update(subject)
        return status_list.sign_jwt(list_claims, now=timezone.now())

    for body, status, reason in (
        (signed(encodedList="uAAAA"), 200, "状态列表编码不正确"),
        (
            signed(encodedList=status_list.encode_list(bytes(1024))),
            200,
            "状态列表过短（4096 项，规范要求至少 131072 项）",
        ),
        (signed(statusSize=1), 200, "状态列表每项 1 位，与凭证所写的 2 位不符"),
        (signed(statusPurpose="revocation"), 200, "状态列表用途与凭证不符"),
        ("not a list", 200, "不是有效的凭证 JWT"),
        ("", 500, "状态列表无法读取（HTTP 500）"),
    ):
        serve(body, status)
        for text in (token, offline_qr.qr_url(offline_qr.payload_for(cert))):
            verdict, shown, state = _status_of(page, text)
            assert verdict == "签名有效（离线，未核对最新状态）" and state == "invalid"
            assert shown == "状态核对失败：" + reason, shown
