"""Personal-data encryption at rest and blind indexes for look-up (R-X-3).

Keys come from two settings (read through `django.conf.settings`, filled from the
environment in config/settings.py):

* ``SKILLCERT_DATA_KEYS`` — ``"kid1:base64key,kid2:base64key"``. AES-GCM keys of 16, 24 or
  32 bytes. The first key encrypts new values; every listed key can decrypt, so a key is
  rotated by putting the new one first, re-encrypting (`rotate`) and later dropping the old.
* ``SKILLCERT_BLIND_INDEX_KEY`` — base64, at least 16 bytes, the HMAC-SHA256 key of the
  blind index. Changing it invalidates every stored index (they must be recomputed).

A token is text: ``v1:<kid>:<b64 nonce>:<b64 ciphertext+tag>``. The associated data binds
the token to its context (normally ``app_label.model.field``) and to its key id, so a
ciphertext copied into another column or relabelled with another kid fails to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

__all__ = [
    "TOKEN_VERSION",
    "CryptoError",
    "DecryptionError",
    "KeyConfigurationError",
    "blind_index",
    "decrypt",
    "encrypt",
    "is_token",
    "needs_rotation",
    "normalize_identifier",
    "reset_keyring",
    "rotate",
    "token_kid",
]

TOKEN_VERSION = "v1"
_NONCE_BYTES = 12
_KID_RE = re.compile(r"[A-Za-z0-9_.-]{1,32}")
_TOKEN_RE = re.compile(r"v1:[A-Za-z0-9_.-]{1,32}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+")
_SETTINGS = ("SKILLCERT_DATA_KEYS", "SKILLCERT_BLIND_INDEX_KEY")


class CryptoError(Exception):
    """Base class for personal-data encryption failures."""


class KeyConfigurationError(CryptoError, ImproperlyConfigured):
    """The key settings are missing or malformed."""


class DecryptionError(CryptoError):
    """A token is malformed, names an unknown key, or fails authentication."""


@dataclass(frozen=True)
class _Keyring:
    active_kid: str
    keys: Mapping[str, AESGCM]
    index_key: bytes


def _b64decode(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyConfigurationError(f"{what} is not valid base64") from exc


def _parse_data_keys(raw: object) -> tuple[str, dict[str, AESGCM]]:
    if isinstance(raw, str):
        entries = [e for e in (part.strip() for part in raw.split(",")) if e]
    elif isinstance(raw, Sequence):
        entries = [str(e).strip() for e in raw if str(e).strip()]
    else:
        raise KeyConfigurationError("SKILLCERT_DATA_KEYS must be a string 'kid:base64key,...'")
    if not entries:
        raise KeyConfigurationError("SKILLCERT_DATA_KEYS is empty: at least one 'kid:base64key' is required")
    keys: dict[str, AESGCM] = {}
    for entry in entries:
        kid, sep, b64 = entry.partition(":")
        kid = kid.strip()
        if not sep or not _KID_RE.fullmatch(kid):
            raise KeyConfigurationError(
                "SKILLCERT_DATA_KEYS entries must look like 'kid:base64key' (kid: 1-32 of A-Z a-z 0-9 _ . -)"
            )
        if kid in keys:
            raise KeyConfigurationError(f"SKILLCERT_DATA_KEYS lists key id {kid!r} twice")
        key = _b64decode(b64, f"SKILLCERT_DATA_KEYS key {kid!r}")
        if len(key) not in (16, 24, 32):
            raise KeyConfigurationError(
                f"SKILLCERT_DATA_KEYS key {kid!r} is {len(key)} bytes; AES-GCM needs 16, 24 or 32"
            )
        keys[kid] = AESGCM(key)
    return entries[0].partition(":")[0].strip(), keys


_lock = threading.Lock()
_cached: _Keyring | None = None


def _keyring() -> _Keyring:
    """The parsed keys, built once per process (tests call `reset_keyring`)."""
    global _cached
    ring = _cached
    if ring is not None:
        return ring
    with _lock:
        if _cached is None:
            for name in _SETTINGS:
                if not getattr(settings, name, None):
                    raise KeyConfigurationError(f"setting {name} is not set")
            active, keys = _parse_data_keys(settings.SKILLCERT_DATA_KEYS)
            index_key = _b64decode(str(settings.SKILLCERT_BLIND_INDEX_KEY), "SKILLCERT_BLIND_INDEX_KEY")
            if len(index_key) < 16:
                raise KeyConfigurationError("SKILLCERT_BLIND_INDEX_KEY must be at least 16 bytes")
            _cached = _Keyring(active_kid=active, keys=keys, index_key=index_key)
        return _cached


def reset_keyring() -> None:
    """Forget the parsed keys so the next call re-reads the settings."""
    global _cached
    with _lock:
        _cached = None


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in _SETTINGS:
        reset_keyring()


# `override_settings` in tests sends this; the receiver only clears a cache.
setting_changed.connect(_on_setting_changed, dispatch_uid="skillcert.core.crypto.reset_keyring")


def _aad(kid: str, context: str) -> bytes:
    if not context:
        raise CryptoError("an encryption context is required (e.g. 'app_label.model.field')")
    return f"{TOKEN_VERSION}:{kid}:{context}".encode()


def encrypt(plaintext: str, context: str) -> str:
    """Encrypt `plaintext` with the active key, bound to `context`."""
    if not isinstance(plaintext, str):
        raise TypeError(f"encrypt() takes str, not {type(plaintext).__name__}")
    ring = _keyring()
    nonce = os.urandom(_NONCE_BYTES)
    sealed = ring.keys[ring.active_kid].encrypt(nonce, plaintext.encode(), _aad(ring.active_kid, context))
    return ":".join(
        (TOKEN_VERSION, ring.active_kid, base64.b64encode(nonce).decode(), base64.b64encode(sealed).decode())
    )


def _split(token: str) -> tuple[str, bytes, bytes]:
    if not isinstance(token, str) or not _TOKEN_RE.fullmatch(token):
        raise DecryptionError("not an encrypted token of the form 'v1:<kid>:<nonce>:<ciphertext>'")
    _version, kid, nonce_b64, sealed_b64 = token.split(":")
    try:
        nonce = base64.b64decode(nonce_b64, validate=True)
        sealed = base64.b64decode(sealed_b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError("encrypted token has invalid base64") from exc
    if len(nonce) != _NONCE_BYTES:
        raise DecryptionError("encrypted token has a nonce of the wrong length")
    return kid, nonce, sealed


def is_token(value: object) -> bool:
    """True when `value` has the shape of an encrypted token (it is not decrypted)."""
    return isinstance(value, str) and _TOKEN_RE.fullmatch(value) is not None


def token_kid(token: str) -> str:
    """The key id a token was encrypted with."""
    return _split(token)[0]


def decrypt(token: str, context: str) -> str:
    """Decrypt a token produced by `encrypt` for the same `context`."""
    kid, nonce, sealed = _split(token)
    ring = _keyring()
    key = ring.keys.get(kid)
    if key is None:
        raise DecryptionError(f"encrypted with key id {kid!r}, which is not in SKILLCERT_DATA_KEYS")
    try:
        plain = key.decrypt(nonce, sealed, _aad(kid, context))
    except InvalidTag as exc:
        raise DecryptionError(
            f"authentication failed for context {context!r}: wrong column, wrong key or tampered data"
        ) from exc
    return plain.decode()


def needs_rotation(token: str) -> bool:
    """True when the token was not encrypted with the active key."""
    return token_kid(token) != _keyring().active_kid


def rotate(token: str, context: str) -> str:
    """Re-encrypt a token with the active key.

    The token is always decrypted (so a corrupt one raises); one already under the active
    key is returned unchanged, which lets a rotation command skip rows cheaply.
    """
    plaintext = decrypt(token, context)
    if not needs_rotation(token):
        return token
    return encrypt(plaintext, context)


def normalize_identifier(value: str) -> str:
    """Canonical form for look-ups: NFKC (full-width to ASCII), no spaces or hyphens, upper-case.

    Suits ID numbers (a trailing x and X are the same) and phone numbers.
    """
    text = unicodedata.normalize("NFKC", value)
    return re.sub(r"[\s\-]+", "", text).upper()


def blind_index(value: str, context: str, normalizer: Callable[[str], str] | None = normalize_identifier) -> str:
    """Deterministic HMAC-SHA256 (hex, 64 chars) of the normalised value within `context`.

    Equal normalised values give equal indexes in the same context and unrelated ones in
    different contexts; pass `normalizer=None` to index the value exactly as given.
    """
    if not isinstance(value, str):
        raise TypeError(f"blind_index() takes str, not {type(value).__name__}")
    if not context:
        raise CryptoError("a blind-index context is required")
    normalised = normalizer(value) if normalizer is not None else value
    message = context.encode() + b"\x00" + normalised.encode()
    return hmac.new(_keyring().index_key, message, hashlib.sha256).hexdigest()
