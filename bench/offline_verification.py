"""Offline verification benchmark (R-CERT-4): signed QR payloads made per second and offline
verifications per second, each against a bare Ed25519 sign / verify of the same record bytes in the
same run (the ratio is the cost of CBOR, COSE_Sign1, zlib, Base45 and the checks around them)."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable


def _rate(fn: Callable[[], None], n: int) -> float:
    started = time.perf_counter()
    fn()
    return n / (time.perf_counter() - started)


def bench_offline_verification(n: int = 3000) -> list[tuple[str, float, str]]:
    import cbor2

    from skillcert.certificates import cose, issuer_keys, offline_qr

    record = {
        offline_qr.NUMBER: "S000015000101264000001",
        offline_qr.NAME: "乌云其其格",
        offline_qr.MASKED_ID: "150102********1234",
        offline_qr.OCCUPATION: "4-03-02-01",
        offline_qr.LEVEL: 3,
        offline_qr.INSTITUTION: "91150100MA0N000000",
        offline_qr.ISSUED_ON: 20260305,
        offline_qr.STATUS_INDEX: 104857,
        offline_qr.SIGNED_AT: int(datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC).timestamp()),
    }
    kid, key = issuer_keys.signer()
    keys = issuer_keys.known_keys()
    public = keys[kid].key
    data = cbor2.dumps(record, canonical=True)
    to_be_signed = cose.sig_structure(cbor2.dumps({1: -8, 4: kid.encode()}, canonical=True), data)
    signature = key.sign(to_be_signed)
    payload = offline_qr.encode_record(record)
    assert offline_qr.verify(payload, keys).valid

    def bare_sign() -> None:
        for _ in range(n):
            key.sign(to_be_signed)

    def bare_verify() -> None:
        for _ in range(n):
            public.verify(signature, to_be_signed)

    def signed() -> None:
        for _ in range(n):
            offline_qr.encode_record(record)

    def verified() -> None:
        for _ in range(n):
            offline_qr.verify(payload, keys)

    sign_base, sign_rate = _rate(bare_sign, n), _rate(signed, n)
    verify_base, verify_rate = _rate(bare_verify, n), _rate(verified, n)
    return [
        (
            f"QR payloads: bare Ed25519 sign / signed payload ({sign_rate:.0f}/s vs {sign_base:.0f}/s)",
            sign_base / sign_rate,
            "goal ≤ 20 (a query for the active key, CBOR, COSE, zlib, Base45)",
        ),
        (
            f"offline checks: bare Ed25519 verify / verification ({verify_rate:.0f}/s vs {verify_base:.0f}/s)",
            verify_base / verify_rate,
            "goal ≤ 3 (decode, parse, key look-up)",
        ),
    ]
