"""Each certificate as a W3C Verifiable Credential (Data Model 2.0) shaped as an Open Badges 3.0
AchievementCredential, secured as a JWT after VC-JOSE-COSE (``typ: vc+jwt``) by the region's key.

The credential (the JWT's claims, plus ``iat``):

* ``@context``: VC 2.0 and OB 3.0 (3.0.3); ``type``: VerifiableCredential, OpenBadgeCredential.
* ``id``: ``urn:skillcert:certificate:<证书编号>``; ``issuer``: the did:web of the platform, a Profile
  named after the regional department; ``validFrom``: the issue date; ``name``: 职业技能等级证书.
* ``credentialSubject``: an AchievementSubject whose ``identifier`` entries carry the certificate
  number, the holder's name and the masked ID number, with an ``achievement`` (type Certificate)
  naming the occupation, its code (``humanCode``), the level, and the issuing institution as
  ``creator``.
* ``credentialStatus``: one BitstringStatusListEntry (the OB 3.0 schema allows a single status
  object) with ``statusPurpose`` message, ``statusSize`` 2 and the four ``statusMessage`` values of
  `status_list.STATUS_MESSAGES` (0x0 valid, 0x1 suspended, 0x2 revoked, 0x3 voided), pointing at
  ``…/status/message``. Credentials issued before it carry a revocation entry
  (``…/status/revocation``; the same index in ``…/status/suspension`` tells a suspension); both
  lists stay published and `verify_credential` reads either kind.
* ``credentialSchema``: the OB 3.0 AchievementCredential JSON Schema.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from joserfc import jws
from joserfc.errors import BadSignatureError, JoseError
from joserfc.jwk import OKPKey

from skillcert.certificates import issuer_keys, status_list
from skillcert.certificates.choices import CertificateStatus
from skillcert.certificates.credential_models import StatusPurpose
from skillcert.certificates.issuer_keys import PublicKeyInfo
from skillcert.certificates.models import Certificate

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
ISSUER_NAME = "内蒙古自治区人力资源和社会保障厅"  # i18n: data (the issuer's legal name, signed into credentials)
MEDIA_TYPE = "application/vc+jwt"


class CredentialError(ValueError):
    """A credential or JWT that does not verify; the message (Chinese) says why."""


def credential_id(number: str) -> str:
    return f"urn:skillcert:certificate:{number}"


def status_entry(index: int, purpose: str = StatusPurpose.MESSAGE) -> dict[str, Any]:
    """The ``credentialStatus`` of a credential: the 2-bit message entry, or (``purpose``
    revocation) the one-bit entry of credentials issued before it."""
    url = status_list.list_url(purpose)
    entry: dict[str, Any] = {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }
    if purpose == StatusPurpose.MESSAGE:
        entry["statusSize"] = status_list.STATUS_SIZE
        entry["statusMessage"] = status_list.STATUS_MESSAGES
    return entry


def credential_for(certificate: Certificate) -> dict[str, Any]:
    """The unsecured credential of a certificate (what the JWT carries)."""
    index = status_list.entry_for(certificate).index
    did = issuer_keys.issuer_did()
    level = certificate.level_label
    occupation = certificate.occupation_name
    institution_code = certificate.institution.credit_code or certificate.institution_id
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id(certificate.number),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": f"{certificate.issued_on.isoformat()}T00:00:00+08:00",
        "name": _("职业技能等级证书"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": certificate.number,
                    "identityType": "identifier",
                    "hashed": False,
                },
                {"type": "IdentityObject", "identityHash": certificate.name, "identityType": "name", "hashed": False},
                {
                    "type": "IdentityObject",
                    "identityHash": certificate.masked_id_number,
                    "identityType": "nationalIdentityNumber",
                    "hashed": False,
                },
            ],
            "achievement": {
                "id": f"urn:skillcert:achievement:{certificate.occupation_code}:{certificate.level}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": f"{occupation} {level}",
                "description": _("职业技能等级认定：%(occupation)s（%(occupation_code)s）%(level)s")
                % {"occupation": occupation, "occupation_code": certificate.occupation_code, "level": level},
                "humanCode": certificate.occupation_code,
                "fieldOfStudy": occupation,
                "specialization": certificate.work_type_display,
                "criteria": {"narrative": _("经评价机构按国家职业标准评价认定，达到相应职业技能等级。")},
                "creator": {
                    "id": f"urn:skillcert:institution:{institution_code}",
                    "type": ["Profile"],
                    "name": certificate.institution_name,
                },
            },
        },
        "credentialStatus": status_entry(index),
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def issue_jwt(certificate: Certificate) -> str:
    """The certificate as a signed vc+jwt."""
    return status_list.sign_jwt(credential_for(certificate), now=timezone.now())


def _segments(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    parts = (token or "").strip().split(".")
    if len(parts) != 3 or not all(parts):
        raise CredentialError(_("不是 JWT 格式（应为以两个点分隔的三段）"))
    try:
        header = json.loads(issuer_keys.b64url_decode(parts[0]))
        claims = json.loads(issuer_keys.b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CredentialError(_("JWT 内容已损坏，无法解码")) from exc
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise CredentialError(_("JWT 内容已损坏，无法解码"))
    return header, claims


def verify_jwt(token: str, keys: dict[str, PublicKeyInfo] | None = None) -> dict[str, Any]:
    """The claims of a JWT signed by a published key that was not retired when it signed."""
    header, claims = _segments(token)
    if header.get("alg") != issuer_keys.ALGORITHM:
        raise CredentialError(_("签名算法 %(alg)s 不受支持") % {"alg": header.get("alg")})
    kid = str(header.get("kid", "")).rpartition("#")[2]
    keys = issuer_keys.known_keys() if keys is None else keys
    info = keys.get(kid)
    if info is None:
        raise CredentialError(_("签名密钥 %(kid)s 不在已发布的公钥中") % {"kid": kid or _("（缺失）")})
    public = OKPKey.import_key({"kty": "OKP", "crv": "Ed25519", "x": info.x})
    try:
        jws.deserialize_compact(token.strip(), public, algorithms=[issuer_keys.ALGORITHM])
    except BadSignatureError:
        raise CredentialError(_("签名与内容不符：凭证内容被改动")) from None
    except JoseError as exc:
        raise CredentialError(_("JWT 无法校验：%(detail)s") % {"detail": exc.error}) from None
    iat = claims.get("iat")
    if not isinstance(iat, int):
        raise CredentialError(_("JWT 缺少签发时间（iat）"))
    signed_at = datetime.datetime.fromtimestamp(iat, tz=datetime.UTC)
    if info.retired_before(signed_at):
        raise CredentialError(_("签名时间晚于密钥 %(kid)s 的停用时间，停用的密钥不得再签名") % {"kid": kid})
    return claims


@dataclass(frozen=True)
class CredentialVerdict:
    valid: bool
    message: str
    reason: str = ""
    status: str = ""
    claims: dict[str, Any] = field(default_factory=dict)


def _entry(claims: dict[str, Any]) -> dict[str, Any] | None:
    """The credential's status entry (an array is accepted; its message entry is preferred)."""
    entry = claims.get("credentialStatus")
    if isinstance(entry, list):
        entries = [e for e in entry if isinstance(e, dict)]
        entry = next((e for e in entries if e.get("statusPurpose") == StatusPurpose.MESSAGE), None) or next(
            iter(entries), None
        )
    return entry if isinstance(entry, dict) else None


def _message_entry_ok(entry: dict[str, Any]) -> bool:
    """A message entry as the platform issues it: 2 bits and one message for each of the 4 values."""
    messages = entry.get("statusMessage")
    return (
        entry.get("statusSize") == status_list.STATUS_SIZE
        and isinstance(messages, list)
        and [m.get("status") if isinstance(m, dict) else None for m in messages]
        == [f"0x{value:x}" for value in range(2**status_list.STATUS_SIZE)]
    )


def _status_from_entry(entry: dict[str, Any], lists: dict[str, str], keys: dict[str, PublicKeyInfo] | None) -> str:
    """The certificate status the entry's signed list gives; StatusListError when it cannot be read."""
    index = entry.get("statusListIndex")
    purpose = entry.get("statusPurpose")
    if purpose == StatusPurpose.MESSAGE:
        if not _message_entry_ok(entry):
            raise status_list.StatusListError(_("凭证的状态条目格式不正确（应为2位、4条状态消息）"))
        token_list = lists.get(StatusPurpose.MESSAGE) or status_list.current(StatusPurpose.MESSAGE).token
        return status_list.lookup(index, token=token_list, keys=keys)
    if purpose != StatusPurpose.REVOCATION:
        raise status_list.StatusListError(_("不支持的状态用途：%(purpose)s") % {"purpose": purpose})
    # A credential issued before the message list: the revocation bit, then the suspension bit.
    for list_purpose, marks in (
        (StatusPurpose.REVOCATION, CertificateStatus.REVOKED),
        (StatusPurpose.SUSPENSION, CertificateStatus.SUSPENDED),
    ):
        token_list = lists.get(list_purpose) or status_list.current(list_purpose).token
        if status_list.check(token_list, index, keys, purpose=list_purpose).set:
            return marks.value
    return CertificateStatus.VALID.value


def verify_credential(
    token: str,
    *,
    lists: dict[str, str] | None = None,
    keys: dict[str, PublicKeyInfo] | None = None,
) -> CredentialVerdict:
    """Verify a credential JWT, then its status in the given (or current) signed status list."""
    try:
        claims = verify_jwt(token, keys)
    except CredentialError as exc:
        return CredentialVerdict(valid=False, message=_("凭证无效"), reason=str(exc))
    entry = _entry(claims)
    if entry is None:
        return CredentialVerdict(valid=False, message=_("凭证无效"), reason=_("凭证缺少状态信息"), claims=claims)
    try:
        status = _status_from_entry(entry, lists or {}, keys)
    except status_list.StatusListError as exc:
        return CredentialVerdict(valid=False, message=_("凭证无效"), reason=str(exc), claims=claims)
    if status != CertificateStatus.VALID:
        label = str(CertificateStatus(status).label)
        return CredentialVerdict(
            valid=False, message=_("签名有效，但证书%(label)s") % {"label": label}, status=status, claims=claims
        )
    return CredentialVerdict(valid=True, message=_("凭证有效"), status=status, claims=claims)
