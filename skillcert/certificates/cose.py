"""A small, exact COSE_Sign1 (RFC 9052 §4.2, §4.4) for Ed25519 (alg -8, EdDSA), and Base45 (RFC 9285).

COSE_Sign1 = #6.18([protected: bstr .cbor header_map, unprotected: header_map, payload: bstr,
signature: bstr]). The signature covers the Sig_structure
["Signature1", protected, external_aad (empty), payload], encoded as deterministic CBOR.
Both the algorithm (1) and the key id (4) are in the protected header, so the key id is signed too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext

COSE_SIGN1_TAG = 18
HEADER_ALG = 1
HEADER_KID = 4
ALG_EDDSA = -8

BASE45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_BASE45_VALUE = {c: i for i, c in enumerate(BASE45_ALPHABET)}


class CoseError(ValueError):
    """A malformed COSE_Sign1 or Base45 text; the message says what is wrong."""


def b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        e, n = divmod(n, 45 * 45)
        d, c = divmod(n, 45)
        out.append(BASE45_ALPHABET[c] + BASE45_ALPHABET[d] + BASE45_ALPHABET[e])
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out.append(BASE45_ALPHABET[c] + BASE45_ALPHABET[d])
    return "".join(out)


def b45decode(text: str) -> bytes:
    try:
        values = [_BASE45_VALUE[c] for c in text]
    except KeyError as exc:
        raise CoseError(gettext("Base45 文本含有非法字符 %(item)s") % {"item": repr(exc.args[0])}) from None
    if len(values) % 3 == 1:
        raise CoseError(gettext("Base45 文本长度不正确（可能被截断）"))
    out = bytearray()
    for i in range(0, len(values), 3):
        chunk = values[i : i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 45 * 45
            if n > 0xFFFF:
                raise CoseError(gettext("Base45 文本含有超出范围的三元组"))
            out += n.to_bytes(2, "big")
        else:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise CoseError(gettext("Base45 文本含有超出范围的二元组"))
            out.append(n)
    return bytes(out)


def sig_structure(protected: bytes, payload: bytes, external_aad: bytes = b"") -> bytes:
    """The ToBeSigned bytes of RFC 9052 §4.4 for COSE_Sign1."""
    return cbor2.dumps(["Signature1", protected, external_aad, payload], canonical=True)


def sign1(payload: bytes, *, kid: str, key: Ed25519PrivateKey) -> bytes:
    """A tagged COSE_Sign1 message over `payload`, signed with Ed25519."""
    protected = cbor2.dumps({HEADER_ALG: ALG_EDDSA, HEADER_KID: kid.encode()}, canonical=True)
    signature = key.sign(sig_structure(protected, payload))
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]), canonical=True)


@dataclass(frozen=True)
class Sign1:
    """A parsed COSE_Sign1 whose signature has not been checked yet."""

    protected: bytes
    kid: str
    payload: bytes
    signature: bytes

    def verify(self, key: Ed25519PublicKey) -> bool:
        try:
            key.verify(self.signature, sig_structure(self.protected, self.payload))
        except InvalidSignature:
            return False
        return True


def parse_sign1(data: bytes) -> Sign1:
    """Parse a tagged (or untagged) COSE_Sign1 with alg EdDSA; raises CoseError saying what is wrong."""
    try:
        message = cbor2.loads(data)
    except Exception as exc:  # cbor2 raises several types for damaged input
        raise CoseError(gettext("签名数据不是有效的 CBOR")) from exc
    if isinstance(message, cbor2.CBORTag):
        if message.tag != COSE_SIGN1_TAG:
            raise CoseError(gettext("不是 COSE_Sign1 签名（标签 %(tag)s）") % {"tag": message.tag})
        message = message.value
    if not (isinstance(message, (list, tuple)) and len(message) == 4):
        raise CoseError(gettext("不是 COSE_Sign1 签名结构（应为四元数组）"))
    protected, unprotected, payload, signature = message
    if not (isinstance(protected, bytes) and isinstance(payload, bytes) and isinstance(signature, bytes)):
        raise CoseError(gettext("COSE_Sign1 各部分类型不正确"))
    if not isinstance(unprotected, Mapping):
        raise CoseError(gettext("COSE_Sign1 未保护头部类型不正确"))
    try:
        header = cbor2.loads(protected) if protected else {}
    except Exception as exc:
        raise CoseError(gettext("COSE_Sign1 受保护头部不是有效的 CBOR")) from exc
    if not isinstance(header, Mapping) or header.get(HEADER_ALG) != ALG_EDDSA:
        raise CoseError(gettext("签名算法不是 EdDSA（Ed25519）"))
    kid = header.get(HEADER_KID)
    if not isinstance(kid, bytes) or not kid:
        raise CoseError(gettext("签名缺少密钥标识（kid）"))
    if len(signature) != 64:
        raise CoseError(gettext("签名长度不正确"))
    return Sign1(protected=protected, kid=kid.decode("utf-8", "replace"), payload=payload, signature=signature)
