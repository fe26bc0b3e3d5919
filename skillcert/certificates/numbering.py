"""Certificate numbers (R-CERT-1): the 16-character prefix of an issuance and the next serial under it.

The prefix is type letter + institution code + province 15 + site serial + 2-digit year +
level; the last six digits are a serial per prefix. `take_serial` must run inside the
caller's transaction: it locks the prefix's counter row (``SELECT ... FOR UPDATE`` on
PostgreSQL; SQLite's IMMEDIATE transactions hold the database write lock), so two
issuances can never read the same last serial. A counter never goes down: a voided
certificate keeps its number and the next issuance gets a new one.
"""

from __future__ import annotations

from typing import Literal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from skillcert.certificates.models import NumberCounter, SiteSerial
from skillcert.core.errors import DomainError
from skillcert.core.validators import INNER_MONGOLIA_PROVINCE_CODE, build_certificate_number
from skillcert.institutions.models import Institution

MAX_SERIAL = 999_999


def institution_code(institution: Institution) -> str:
    """Positions 2-5: the ministry's 4-digit code, or 0000 for a province-filed institution (R-CERT-1)."""
    root = institution.root
    return root.ministry_code if root.ministry_filed and root.ministry_code else "0000"


def number_prefix(*, institution: Institution, site_serial: SiteSerial, year: int, level: int) -> str:
    """The first 16 characters shared by every certificate of one institution site, year and level."""
    kind = institution.root.certificate_kind
    code = institution_code(institution)
    return f"{kind}{code}{INNER_MONGOLIA_PROVINCE_CODE}{site_serial.serial}{year % 100:02d}{level}"


def _locked_counter(prefix: str) -> NumberCounter:
    counter = NumberCounter.objects.select_for_update().filter(prefix=prefix).first()
    if counter is not None:
        return counter
    try:
        # A savepoint: when another transaction creates the same prefix first, only this insert fails
        # (after waiting for that transaction on the unique index) and the row is then locked below.
        with transaction.atomic():
            NumberCounter.objects.create(prefix=prefix, last_serial=0)
    except IntegrityError:
        pass
    return NumberCounter.objects.select_for_update().get(prefix=prefix)


def take_serial(prefix: str) -> int:
    """The next serial under a prefix, counted up under a row lock; call inside transaction.atomic()."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_serial must run inside the issuing transaction")
    counter = _locked_counter(prefix)
    if counter.last_serial >= MAX_SERIAL:
        raise DomainError(
            gettext(
                "证书编号前缀 %(prefix)s 的流水号已用尽（000001-999999），请联系自治区人社厅为该站点分配新的站点序号"
            )
            % {"prefix": prefix},
            field="number",
            code="serial_exhausted",
        )
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial


def allocate_number(*, institution: Institution, site_serial: SiteSerial, year: int, level: int) -> tuple[str, int]:
    """A new, never used certificate number and its serial (R-CERT-1); inside the issuing transaction."""
    prefix = number_prefix(institution=institution, site_serial=site_serial, year=year, level=level)
    serial = take_serial(prefix)
    kind: Literal["Y", "S"] = "Y" if institution.root.certificate_kind == "Y" else "S"
    number = build_certificate_number(
        kind=kind,
        institution_code=institution_code(institution),
        site_serial=site_serial.serial,
        year=year,
        level=level,
        serial=serial,
    )
    return number, serial
