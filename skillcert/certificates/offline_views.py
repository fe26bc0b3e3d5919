"""Public endpoints of offline verification: JWKS and did:web document, the signed status lists, the
standalone verifier for download, the page a QR code opens, and the credential download (R-CERT-4,
R-CERT-5). All public answers allow any origin, so a verifier opened from a file can read them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from csp.decorators import csp_exempt
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from skillcert.accounts.types import AuthedRequest
from skillcert.catalog.choices import Level
from skillcert.certificates import credentials, issuer_keys, selectors, services, status_list
from skillcert.certificates.credential_models import StatusPurpose
from skillcert.core.errors import DomainError
from skillcert.core.scoping import get_visible_or_404

SCRIPT = Path(__file__).parent / "static" / "certificates" / "offline-verifier.js"
KEYS_MAX_AGE = 300


def _public(response: HttpResponseBase, max_age: int | None) -> HttpResponseBase:
    """Readable from any origin; cacheable for `max_age` seconds, or (None) cacheable but revalidated
    with the ETag on every use."""
    response["Cache-Control"] = "public, no-cache" if max_age is None else f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def messages() -> dict[str, str]:
    """The verifier's texts, translated on the server and handed to the script."""
    return {
        "valid": _("签名有效（离线，未核对最新状态）"),
        "invalid": _("签名无效"),
        "reason": _("原因："),
        "checking": _("正在核验……"),
        "empty": _("未读取到二维码内容"),
        "prefix": _("不是本平台的证书二维码（应以 {prefix} 开头）"),
        "truncated": _("二维码内容已损坏：长度不正确（可能被截断）"),
        "bad_char": _("二维码内容已损坏：含有非法字符“{ch}”"),
        "corrupt": _("二维码内容已损坏，无法解码"),
        "inflate": _("二维码内容已损坏或被截断：无法解压"),
        "structure": _("签名结构不正确：不是 COSE_Sign1 签名"),
        "alg": _("签名算法不是 Ed25519"),
        "unknown_kid": _("签名密钥 {kid} 不在已发布的公钥中"),
        "bad_signature": _("签名与内容不符：内容被改动或二维码损坏"),
        "record": _("证书数据格式不正确"),
        "retired": _("签名时间 {signed} 晚于密钥 {kid} 的停用时间 {retired}，停用的密钥不得再签名"),
        "jwt_format": _("不是有效的凭证 JWT"),
        "jwt_signature": _("签名与内容不符：凭证内容被改动"),
        "no_webcrypto": _("本浏览器不支持 Ed25519 验签，请使用新版 Chrome、Edge 或 Firefox"),
        "list_format": _("状态列表编码不正确"),
        "index_range": _("状态列表序号 {index} 超出范围（列表共 {size} 项）"),
        "status_checking": _("正在联网核对最新状态……"),
        "status_valid": _("最新状态：有效（已联网核对状态列表）"),
        "status_suspended": _("最新状态：已暂停——暂停使用期间证书无效"),
        "status_revoked": _("最新状态：已撤销——证书无效"),
        "status_voided": _("最新状态：已作废——证书无效"),
        "status_revoked_or_voided": _("最新状态：已撤销或作废——证书无效"),
        "list_http": _("状态列表无法读取（HTTP {status}）"),
        "list_purpose": _("状态列表用途与凭证不符"),
        "list_size": _("状态列表每项 {list} 位，与凭证所写的 {entry} 位不符"),
        "list_short": _("状态列表过短（{entries} 项，规范要求至少 {minimum} 项）"),
        "entry_format": _("凭证的状态条目格式不正确（应为2位、4条状态消息）"),
        "entry_purpose": _("不支持的状态用途：{purpose}"),
        "status_offline": _("未能联网核对最新状态（离线），以上仅为签名核验结果"),
        "status_failed": _("状态核对失败："),
        "f_number": _("证书编号"),
        "f_name": _("姓名"),
        "f_id": _("证件号码（脱敏）"),
        "f_occupation": _("职业（编码）"),
        "f_level": _("职业技能等级"),
        "f_institution": _("评价机构统一社会信用代码"),
        "f_issued": _("发证日期"),
    }


def verifier_config(*, read_hash: bool) -> dict[str, Any]:
    return {
        "keys": issuer_keys.jwks()["keys"],
        "issuer": issuer_keys.issuer_did(),
        "statusLists": {purpose: status_list.list_url(purpose) for purpose in StatusPurpose.values},
        "statusSize": status_list.STATUS_SIZE,
        "levels": {str(level.value): str(level.label) for level in Level},
        "messages": messages(),
        "readHash": read_hash,
    }


@require_GET
def jwks(request: HttpRequest) -> HttpResponseBase:
    """The issuer's public keys, current and retired (RFC 7517)."""
    return _public(JsonResponse(issuer_keys.jwks(), content_type="application/jwk-set+json"), KEYS_MAX_AGE)


@require_GET
def did_document(request: HttpRequest) -> HttpResponseBase:
    """The did:web document of the issuer."""
    return _public(JsonResponse(issuer_keys.did_document(), content_type="application/did+json"), KEYS_MAX_AGE)


@require_GET
def status_list_view(request: HttpRequest, purpose: str) -> HttpResponseBase:
    """A signed Bitstring Status List credential (vc+jwt) with its ETag: cacheable, revalidated on every
    use (``no-cache``), so the fetch after a suspension, a lift or a revocation shows it."""
    if purpose not in StatusPurpose.values:
        raise Http404(_("没有这个状态列表"))
    snapshot = status_list.current(purpose)
    if snapshot.etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponseBase = HttpResponse(status=304)
    else:
        response = HttpResponse(snapshot.token, content_type=credentials.MEDIA_TYPE)
    response["ETag"] = snapshot.etag
    response["Last-Modified"] = snapshot.built_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return _public(response, None)


def _standalone_context() -> dict[str, Any]:
    return {"config": verifier_config(read_hash=False), "script": SCRIPT.read_text(encoding="utf-8")}


@csp_exempt()  # one self-contained file, opened from disk: its script is inline by design
@require_GET
def verifier_download(request: HttpRequest) -> HttpResponse:
    """The standalone verifier: one HTML file with its script and the current public keys inside."""
    response = render(request, "certificates/offline_verifier.html", _standalone_context())
    response["Content-Disposition"] = 'attachment; filename="skillcert-verifier.html"'
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def scan(request: HttpRequest) -> HttpResponse:
    """The page a QR code opens: the payload stays in the fragment and is checked in the browser."""
    return render(request, "certificates/scan.html", {"config": verifier_config(read_hash=True)})


@login_required
def credential(request: AuthedRequest, pk: int) -> HttpResponse:
    certificate = get_visible_or_404(selectors.certificates_visible_to(request.user), request.user, pk=pk)
    try:
        token = services.download_credential(actor=request.user, certificate=certificate)
    except DomainError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(token, content_type=credentials.MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="skillcert-{certificate.number}.jwt"'
    return response
