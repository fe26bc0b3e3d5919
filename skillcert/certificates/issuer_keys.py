"""The region's Ed25519 signing keys: creation, rotation, signing, and their public forms (JWKS and a
did:web document) for verifiers (R-CERT-4).

The private key is stored encrypted with the platform's data keys (`skillcert.core.crypto`, through
`EncryptedTextField`); the key id is the start of the key's RFC 7638 thumbprint. One key is active at
a time. `rotate()` retires it and creates the next in one transaction; a retired key is published
with its retirement time, keeps verifying what it signed before, and is never used to sign again.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.db import IntegrityError, transaction
from django.utils import timezone

from skillcert.certificates.credential_models import SigningKey
from skillcert.certificates.public_address import public_base_url

ALGORITHM = "Ed25519"
"""JOSE algorithm name of RFC 9864 (fully specified); COSE messages use alg -8 (EdDSA, RFC 9053)."""
KID_LENGTH = 8


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def thumbprint(x: str) -> str:
    """RFC 7638 JWK thumbprint (SHA-256, base64url) of an Ed25519 public key."""
    canonical = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode()).digest())


@dataclass(frozen=True)
class PublicKeyInfo:
    """What a verifier knows of one key: its id, public key and when (if ever) it was retired."""

    kid: str
    x: str
    created_at: datetime.datetime
    retired_at: datetime.datetime | None

    @property
    def key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(b64url_decode(self.x))

    def retired_before(self, moment: datetime.datetime) -> bool:
        """True when the key had already been retired at `moment` (it must not have signed then)."""
        return self.retired_at is not None and moment > self.retired_at


_private_cache: dict[str, Ed25519PrivateKey] = {}
_cache_lock = threading.Lock()


def _create(now: datetime.datetime) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    raw_public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    raw_private = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    x = b64url(raw_public)
    return SigningKey.objects.create(
        kid=thumbprint(x)[:KID_LENGTH],
        algorithm=ALGORITHM,
        public_key=x,
        private_key=b64url(raw_private),
        created_at=now,
    )


def active_key() -> SigningKey:
    """The key that signs now; the first one is created on first use."""
    key = SigningKey.objects.filter(retired_at__isnull=True).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return _create(timezone.now())
    except IntegrityError:  # another process created it at the same moment
        return SigningKey.objects.get(retired_at__isnull=True)


def rotate(now: datetime.datetime | None = None) -> tuple[SigningKey, SigningKey | None]:
    """Retire the active key (if any) and create its successor; returns (new, retired)."""
    now = now or timezone.now()
    with transaction.atomic():
        old = SigningKey.objects.select_for_update().filter(retired_at__isnull=True).first()
        if old is not None:
            old.retired_at = now
            old.save(update_fields=["retired_at"])
        new = _create(now)
    return new, old


def private_key(key: SigningKey) -> Ed25519PrivateKey:
    with _cache_lock:
        cached = _private_cache.get(key.kid)
    if cached is None:
        cached = Ed25519PrivateKey.from_private_bytes(b64url_decode(key.private_key))
        with _cache_lock:
            _private_cache[key.kid] = cached
    return cached


def signer() -> tuple[str, Ed25519PrivateKey]:
    """The active key id and private key; a retired key is never returned."""
    key = active_key()
    if key.retired_at is not None:  # pragma: no cover - active_key filters on it
        raise RuntimeError("retired key")
    return key.kid, private_key(key)


def known_keys() -> dict[str, PublicKeyInfo]:
    """Every published key, current and retired, by key id."""
    return {
        key.kid: PublicKeyInfo(kid=key.kid, x=key.public_key, created_at=key.created_at, retired_at=key.retired_at)
        for key in SigningKey.objects.order_by("created_at", "id")
    }


def _iso(moment: datetime.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def public_jwk(info: PublicKeyInfo) -> dict[str, Any]:
    """The public JWK; `retired_at` (an extra member, RFC 7517 §4) tells when the key stopped signing."""
    jwk: dict[str, Any] = {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": info.x,
        "kid": info.kid,
        "use": "sig",
        "created_at": _iso(info.created_at),
    }
    if info.retired_at is not None:
        jwk["retired_at"] = _iso(info.retired_at)
    return jwk


def jwks() -> dict[str, Any]:
    """All keys as a JWK Set (RFC 7517), the active key first."""
    infos = sorted(known_keys().values(), key=lambda i: (i.retired_at is not None, -i.created_at.timestamp()))
    if not infos:
        active_key()
        infos = list(known_keys().values())
    return {"keys": [public_jwk(info) for info in infos]}


def issuer_did() -> str:
    """did:web of the platform's public host (a port is percent-encoded, as did:web requires)."""
    host = urlsplit(public_base_url()).netloc
    return f"did:web:{quote(host, safe='')}"


def verification_method(kid: str) -> str:
    return f"{issuer_did()}#{kid}"


def did_document() -> dict[str, Any]:
    """The did:web document served at /.well-known/did.json: every key as a JsonWebKey2020 method."""
    did = issuer_did()
    keys = jwks()["keys"]
    methods = [
        {
            "id": f"{did}#{jwk['kid']}",
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": {k: jwk[k] for k in ("kty", "crv", "x", "kid")},
        }
        for jwk in keys
    ]
    refs = [m["id"] for m in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": refs,
        "authentication": refs[:1],
    }
