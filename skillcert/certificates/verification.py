"""Public verification of a certificate by number and name, or through the signed link in its QR code,
with a per-address rate limit (R-CERT-4, R-PUB-1).

The QR code holds ``<public URL>/certificates/v/<token>/`` where the token is the number signed
with the secret key (Django's `signing`), so nobody can make a QR code that the platform
accepts for a number it did not sign; the page then reads the live status, so a suspension or
revocation shows at once. Answers show the certified fields with name and ID number masked.
A malformed number answers with the validator's explanation of each wrong segment; an unknown
number and a number whose name does not match get the same answer, so numbers cannot be
harvested by guessing.
"""

from __future__ import annotations

import hmac
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core import signing
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from skillcert.catalog.choices import level_label
from skillcert.catalog.models import EMPTY_WORK_TYPE
from skillcert.certificates.choices import CertificateStatus
from skillcert.certificates.models import Certificate, PublicCertificate
from skillcert.certificates.public_address import public_base_url
from skillcert.core.crypto import blind_index
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.masking import mask_id_number, mask_name
from skillcert.core.policy import get_policies
from skillcert.core.validators import validate_certificate_number
from skillcert.exams.choices import IdType

T = TypeVar("T")
SALT = "skillcert.certificates.qr"
NOT_FOUND = gettext_lazy("未查询到与该证书编号和姓名相符的证书，请核对后重试")
_DOTS = re.compile(r"[·•・．.\u00b7\u2022\u2027\u30fb\uff0e]")


class RateLimited(Exception):
    """Too many look-ups from one client address in the current window."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(gettext("查询过于频繁，请%(retry_after)s秒后再试") % {"retry_after": retry_after})
        self.retry_after = retry_after


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def qr_token(number: str) -> str:
    """The signed token for a certificate number."""
    return _signer().sign(number)


def verification_path(number: str) -> str:
    return reverse("certificates:verify_qr", args=[qr_token(number)])


def verification_url(number: str) -> str:
    """The absolute link printed as the QR code (public_base_url() + path)."""
    return f"{public_base_url()}{verification_path(number)}"


def number_from_token(token: str) -> str:
    """The number a token was signed for; a forged or damaged token is refused (R-CERT-4)."""
    try:
        number = _signer().unsign(str(token or "").strip())
    except signing.BadSignature:
        raise DomainError(
            gettext("二维码无效：签名校验不通过，可能是伪造或损坏的二维码，请改用证书编号和姓名查询"),
            field="token",
            code="bad_token",
        ) from None
    return number


def normalise_name(value: Any) -> str:
    """Names compare after NFKC, without spaces, with the middle dots of minority names unified."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = re.sub(r"\s+", "", text)
    return _DOTS.sub("·", text)


def _redis_connection(backend: RedisCache) -> Any:
    """A connection of the backend's write pool kept for the rate limit: taking one from the pool and giving
    it back costs a lock, a readiness poll and a pid check on every look-up. The backend is per thread, so
    is the connection; Django builds a new client (costly) per command, so this one is made once."""
    holder = backend._cache  # type: ignore[attr-defined]  # RedisCacheClient, one per backend instance (per thread)
    conn = getattr(holder, "_skillcert_connection", None)
    if conn is None:
        conn = holder.get_client(write=True).connection_pool.get_connection()
        holder._skillcert_connection = conn
    return conn


def _drop_redis_connection(backend: RedisCache) -> None:
    """Replies left unread must not reach the next command: close the kept connection, make a new one next."""
    holder = backend._cache  # type: ignore[attr-defined]
    conn = getattr(holder, "_skillcert_connection", None)
    holder._skillcert_connection = None
    if conn is not None:
        conn.disconnect()


def check_rate(client: str) -> None:
    """A fixed window per client address: at most `certificates.verify_rate_limit` look-ups (R-CERT-4)."""
    rate_checked(client, lambda: None)


def rate_checked(client: str, lookup: Callable[[], T]) -> T:
    """`lookup()` counted against the client's limit: RateLimited when over it, else lookup's result or error.

    With Redis the count (INCR, and the window's expiry on first use) is sent before the look-up and its
    answer read after it, so the two round trips overlap instead of adding up (issue #16); an address over
    its limit gets RateLimited whatever the look-up found, and the look-up itself is one indexed query.
    """
    limit, window = get_policies("certificates.verify_rate_limit", "certificates.verify_rate_window_seconds")
    limit, window = int(limit), max(1, int(window))
    if limit <= 0:
        return lookup()
    now = time.time()
    slot = int(now // window)
    key = f"skillcert:certverify:{client or 'unknown'}:{slot}"
    backend = caches[DEFAULT_CACHE_ALIAS]  # the backend itself: `cache` is a proxy, never a RedisCache
    result: T | None = None
    error: Exception | None = None
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(key)
        conn = _redis_connection(backend)
        answered = False
        try:
            conn.send_packed_command(conn.pack_commands([("INCR", full_key), ("EXPIRE", full_key, window + 1, "NX")]))
            try:
                result = lookup()
            except Exception as exc:  # noqa: BLE001 - raised below, after the count is read
                error = exc
            count = int(conn.read_response())
            conn.read_response()
            answered = True
        finally:
            if not answered:
                _drop_redis_connection(backend)
    else:
        cache.add(key, 0, window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window + 1)
            count = 1
        if count <= limit:
            try:
                result = lookup()
            except Exception as exc:  # noqa: BLE001 - raised below
                error = exc
    if count > limit:
        raise RateLimited(max(1, int((slot + 1) * window - now) + 1))
    if error is not None:
        raise error
    return result  # type: ignore[return-value]


NAME_KEY_CONTEXT = "certificates.public_name"


def name_key(name: Any) -> str:
    """The keyed hash the public row keeps of a holder's normalised name (no plain name is stored)."""
    return blind_index(normalise_name(name), NAME_KEY_CONTEXT, normalizer=None)


def public_fields(certificate: Any) -> dict[str, Any]:
    """The public row's values for a certificate (or a migration's historical copy of one)."""
    return {
        "number": certificate.number,
        "name_key": name_key(certificate.name),
        "masked_name": mask_name(certificate.name),
        "id_type": certificate.id_type,
        "masked_id_number": mask_id_number(certificate.id_number),
        "occupation_code": certificate.occupation_code,
        "occupation_name": certificate.occupation_name,
        "work_type": certificate.work_type_name.strip() or EMPTY_WORK_TYPE,
        "level": certificate.level,
        "institution_name": certificate.institution_name,
        "issued_on": certificate.issued_on,
        "status": certificate.status,
        "status_reason": certificate.status_reason,
        "status_changed_at": certificate.status_changed_at,
    }


def public_record_for(certificate: Certificate) -> PublicCertificate:
    """The public verification row of a certificate, unsaved: masked name and ID, status (R-CERT-4)."""
    return PublicCertificate(certificate=certificate, **public_fields(certificate))


def public_row(number: str) -> PublicCertificate | None:
    """The public row of a number: one query by the unique index, a prepared statement on PostgreSQL (issue #16).

    The ORM's `filter(...).first()` builds its SQL (with an ORDER BY) and has PostgreSQL parse and plan it on
    every look-up; on PostgreSQL this sends one fixed statement, prepared once per connection, through
    Django's cursor wrappers (query log, error translation), reading the replica when the router says so.
    """
    alias = router.db_for_read(PublicCertificate)
    conn = connections[alias]
    if conn.vendor != "postgresql":
        return PublicCertificate.objects.using(alias).filter(number=number).first()
    from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]

    meta = PublicCertificate._meta
    fields = meta.concrete_fields
    sql = _PUBLIC_ROW_SQL.get(alias)
    if sql is None:
        quote = conn.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        where = quote(meta.get_field("number").column)
        sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where} = %s"  # noqa: S608 - model metadata
        _PUBLIC_ROW_SQL[alias] = sql
    conn.ensure_connection()
    if conn.connection.prepare_threshold is None:
        # Django turns preparing off (threshold None), which refuses even prepare=True; a huge threshold
        # prepares only what asks for it. Django's own (client-side binding) cursors never prepare.
        conn.connection.prepare_threshold = 2**31 - 1
    with conn._prepare_cursor(ServerBindingCursor(conn.connection)) as cursor:  # type: ignore[attr-defined]
        _execute_prepared(conn, cursor, sql, [number])
        row = cursor.fetchone()
    if row is None:
        return None
    return PublicCertificate.from_db(alias, [f.attname for f in fields], row)


_PUBLIC_ROW_SQL: dict[str, str] = {}


def _execute_prepared(conn: Any, cursor: Any, sql: str, params: list[Any]) -> None:
    """cursor.execute with psycopg's prepare=True (Django's backend turns automatic preparing off),
    through Django's execute wrappers, error translation and query log like any other query."""

    def run(sql: str, params: Any, *_: Any) -> Any:
        with conn.wrap_database_errors:
            return cursor.cursor.execute(sql, params, prepare=True)

    if hasattr(cursor, "debug_sql"):  # the query log of DEBUG and of tests' captured queries
        with cursor.debug_sql(sql, params):
            cursor._execute_with_wrappers(sql, params, False, run)
    else:
        cursor._execute_with_wrappers(sql, params, False, run)


def find_by_number_and_name(number: Any, name: Any) -> PublicCertificate:
    """Look a certificate up by number and name: one indexed query, no decryption (R-CERT-4).

    Raises ValidationError (each wrong segment named) for a malformed number, DomainError for
    a missing name, NotFoundError for an unknown number or a name that does not match.
    """
    parts = validate_certificate_number(number)
    wanted = normalise_name(name)
    if not wanted:
        raise DomainError(gettext("姓名：请输入证书持有人姓名"), field="name", code="required")
    record = public_row(parts.number)
    if record is None or not hmac.compare_digest(record.name_key, name_key(wanted)):
        raise NotFoundError(NOT_FOUND)
    return record


def find_by_token(token: str) -> PublicCertificate:
    """The certificate a QR token was signed for (R-CERT-4)."""
    number = number_from_token(token)
    record = PublicCertificate.objects.filter(number=number).first()
    if record is None:
        raise NotFoundError(gettext("未查询到该证书"))
    return record


@dataclass(frozen=True)
class PublicAnswer:
    """What the public sees of a certificate: status and certified fields, personal data masked."""

    number: str
    status: str
    status_label: str
    status_reason: str
    status_changed_on: str
    name: str
    id_type: str
    id_number: str
    occupation_code: str
    occupation: str
    work_type: str
    level: int
    level_label: str
    institution: str
    issued_on: str
    checked_at: str

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID


def public_answer(record: PublicCertificate) -> PublicAnswer:
    changed = record.status_changed_at
    shows_reason = record.status != CertificateStatus.VALID
    return PublicAnswer(
        number=record.number,
        status=record.status,
        status_label=str(CertificateStatus(record.status).label),
        status_reason=record.status_reason if shows_reason else "",
        status_changed_on=timezone.localtime(changed).date().isoformat() if changed and shows_reason else "",
        name=record.masked_name,
        id_type=str(IdType(record.id_type).label),
        id_number=record.masked_id_number,
        occupation_code=record.occupation_code,
        occupation=record.occupation_name,
        work_type=record.work_type,
        level=record.level,
        level_label=level_label(record.level),
        institution=record.institution_name,
        issued_on=record.issued_on.isoformat(),
        checked_at=timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
    )
