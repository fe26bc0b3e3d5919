"""Personal-data encryption and blind index (R-X-3)."""

from __future__ import annotations

import base64
import importlib
import os
import re
from collections.abc import Iterator

import pytest
from django.test import override_settings

from skillcert.core import crypto


def b64(byte: int, length: int = 32) -> str:
    return base64.b64encode(bytes([byte]) * length).decode()


OLD = f"old:{b64(1)}"
NEW = f"new:{b64(2)}"
INDEX_KEY = b64(9)
CONTEXT = "candidates.candidate.id_number"


@pytest.fixture(autouse=True)
def keys() -> Iterator[None]:
    with override_settings(SKILLCERT_DATA_KEYS=OLD, SKILLCERT_BLIND_INDEX_KEY=INDEX_KEY):
        yield
    crypto.reset_keyring()


def test_round_trip() -> None:
    for text in ["150102199003071237", "张三丰 ☃", ""]:
        token = crypto.encrypt(text, CONTEXT)
        assert crypto.decrypt(token, CONTEXT) == text


def test_token_format_and_random_nonce() -> None:
    first = crypto.encrypt("13812345678", CONTEXT)
    second = crypto.encrypt("13812345678", CONTEXT)
    assert re.fullmatch(r"v1:old:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+", first)
    assert first != second
    assert "13812345678" not in first
    assert crypto.is_token(first)
    assert not crypto.is_token("13812345678")
    assert crypto.token_kid(first) == "old"


def test_wrong_context_fails() -> None:
    token = crypto.encrypt("150102199003071237", CONTEXT)
    with pytest.raises(crypto.DecryptionError, match="authentication failed"):
        crypto.decrypt(token, "candidates.candidate.mobile")


def test_tampered_ciphertext_fails() -> None:
    token = crypto.encrypt("150102199003071237", CONTEXT)
    head, sealed = token.rsplit(":", 1)
    raw = bytearray(base64.b64decode(sealed))
    raw[0] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{head}:{base64.b64encode(bytes(raw)).decode()}", CONTEXT)


@pytest.mark.parametrize("token", ["", "plain text", "v2:old:AAAA:AAAA", "v1:old:AAAA", "v1:old:!!!!:AAAA"])
def test_malformed_tokens_fail(token: str) -> None:
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, CONTEXT)


def test_rotation() -> None:
    old_token = crypto.encrypt("150102199003071237", CONTEXT)
    with override_settings(SKILLCERT_DATA_KEYS=f"{NEW},{OLD}"):
        # The old key still decrypts; new writes use the first key.
        assert crypto.decrypt(old_token, CONTEXT) == "150102199003071237"
        assert crypto.token_kid(crypto.encrypt("x", CONTEXT)) == "new"
        assert crypto.needs_rotation(old_token)

        rotated = crypto.rotate(old_token, CONTEXT)
        assert crypto.token_kid(rotated) == "new"
        assert crypto.decrypt(rotated, CONTEXT) == "150102199003071237"
        assert not crypto.needs_rotation(rotated)
        assert crypto.rotate(rotated, CONTEXT) == rotated

    with override_settings(SKILLCERT_DATA_KEYS=NEW):
        assert crypto.decrypt(rotated, CONTEXT) == "150102199003071237"
        with pytest.raises(crypto.DecryptionError, match="'old'"):
            crypto.decrypt(old_token, CONTEXT)


def test_key_id_cannot_be_swapped() -> None:
    # Same key bytes under another kid: the kid is authenticated too.
    with override_settings(SKILLCERT_DATA_KEYS=f"new:{b64(1)},old:{b64(1)}"):
        token = crypto.encrypt("x", CONTEXT)
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(token.replace("v1:new:", "v1:old:"), CONTEXT)


def test_rotate_with_wrong_context_fails() -> None:
    token = crypto.encrypt("x", CONTEXT)
    with override_settings(SKILLCERT_DATA_KEYS=f"{NEW},{OLD}"), pytest.raises(crypto.DecryptionError):
        crypto.rotate(token, "other.context")


def test_blind_index_is_deterministic_and_normalised() -> None:
    a = crypto.blind_index("15010219900307123x", CONTEXT)
    assert re.fullmatch(r"[0-9a-f]{64}", a)
    assert crypto.blind_index(" 15010219900307123X ", CONTEXT) == a
    assert crypto.blind_index("１５０１０２１９９００３０７１２３Ｘ", CONTEXT) == a
    assert crypto.blind_index("150102-19900307-123X", CONTEXT) == a
    assert crypto.blind_index("150102199003071237", CONTEXT) != a
    assert crypto.blind_index("15010219900307123X", "examiners.examiner.id_number") != a


def test_blind_index_depends_on_its_key_and_survives_data_key_rotation() -> None:
    a = crypto.blind_index("13812345678", CONTEXT)
    with override_settings(SKILLCERT_DATA_KEYS=f"{NEW},{OLD}"):
        assert crypto.blind_index("13812345678", CONTEXT) == a
    with override_settings(SKILLCERT_BLIND_INDEX_KEY=b64(8)):
        assert crypto.blind_index("13812345678", CONTEXT) != a


def test_blind_index_without_normalizer() -> None:
    assert crypto.blind_index("abc", CONTEXT, normalizer=None) != crypto.blind_index("ABC", CONTEXT, normalizer=None)
    assert crypto.blind_index("abc", CONTEXT) == crypto.blind_index("ABC", CONTEXT)


@pytest.mark.parametrize(
    ("data_keys", "index_key", "message"),
    [
        ("", INDEX_KEY, "SKILLCERT_DATA_KEYS"),
        ("nokid", INDEX_KEY, "kid:base64key"),
        ("bad kid:" + b64(1), INDEX_KEY, "kid:base64key"),
        ("k1:not-base64!", INDEX_KEY, "base64"),
        (f"k1:{b64(1, 20)}", INDEX_KEY, "16, 24 or 32"),
        (f"k1:{b64(1)},k1:{b64(2)}", INDEX_KEY, "twice"),
        (OLD, "", "SKILLCERT_BLIND_INDEX_KEY"),
        (OLD, b64(1, 8), "at least 16 bytes"),
    ],
)
def test_bad_key_configuration(data_keys: str, index_key: str, message: str) -> None:
    with (
        override_settings(SKILLCERT_DATA_KEYS=data_keys, SKILLCERT_BLIND_INDEX_KEY=index_key),
        pytest.raises(crypto.KeyConfigurationError, match=message),
    ):
        crypto.encrypt("x", CONTEXT)


def test_accepts_128_and_192_bit_keys() -> None:
    for length in (16, 24):
        with override_settings(SKILLCERT_DATA_KEYS=f"k{length}:{b64(3, length)}"):
            assert crypto.decrypt(crypto.encrypt("x", CONTEXT), CONTEXT) == "x"


def test_context_is_required() -> None:
    with pytest.raises(crypto.CryptoError):
        crypto.encrypt("x", "")
    with pytest.raises(crypto.CryptoError):
        crypto.blind_index("x", "")


def test_project_settings_provide_working_keys() -> None:
    # The keys config/settings.py derives (or reads from the environment) parse and work.
    project = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    with override_settings(
        SKILLCERT_DATA_KEYS=project.SKILLCERT_DATA_KEYS,
        SKILLCERT_BLIND_INDEX_KEY=project.SKILLCERT_BLIND_INDEX_KEY,
    ):
        assert crypto.decrypt(crypto.encrypt("x", CONTEXT), CONTEXT) == "x"
        assert len(crypto.blind_index("x", CONTEXT)) == 64
