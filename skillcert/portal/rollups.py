"""The workbench rollups (issue #16): kept current by the services in each write's transaction,
rebuilt from the tables nightly by the huey consumer and after bulk loads."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, ExpressionWrapper, F, Q
from django.db.models.fields import BooleanField
from django.utils import timezone

from skillcert.certificates.choices import CertificateStatus
from skillcert.certificates.models import Certificate
from skillcert.portal.models import CertificateTally, RollupClock

CERTIFICATES = "certificates"
# institution id, league id, publicity end, exported, voided
Cell = tuple[int, int, datetime.date, bool, bool]


def rebuild_certificate_tally() -> int:
    """One grouped pass over the certificate table; returns the rows written."""
    flag = {
        "exported": ExpressionWrapper(Q(export_batch__isnull=False), output_field=BooleanField()),
        "voided": ExpressionWrapper(Q(status=CertificateStatus.VOIDED), output_field=BooleanField()),
    }
    started = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Writers add to the tally in their own transactions: they wait for the rebuild, and the
            # rebuild's count (taken after the lock) includes every writer that got there first.
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {CertificateTally._meta.db_table} IN EXCLUSIVE MODE")
        rows = (
            Certificate.objects.annotate(**flag)
            .values("institution_id", "league_id", "publicity_ended_on", "exported", "voided")  # type: ignore[misc]
            .annotate(n=Count("id"))
            .order_by()
        )
        CertificateTally.objects.all().delete()
        written = CertificateTally.objects.bulk_create(
            [
                CertificateTally(
                    institution_id=r["institution_id"],
                    league_id=r["league_id"],
                    publicity_ended_on=r["publicity_ended_on"],
                    exported=r["exported"],
                    voided=r["voided"],
                    certificates=r["n"],
                )
                for r in rows.iterator(chunk_size=5000)
            ],
            batch_size=5000,
        )
        RollupClock.objects.update_or_create(name=CERTIFICATES, defaults={"as_of": started})
    return len(written)


def tally_certificates(changes: Iterable[tuple[Cell, int]]) -> None:
    """Add each (cell, delta) to the tally, in the caller's transaction (the writes of R-CERT-1/5/6).

    Cells are touched in one order, so two writers never wait for each other crosswise.
    """
    totals: Counter[Cell] = Counter()
    for cell, delta in changes:
        totals[cell] += delta
    for cell, delta in sorted(totals.items(), key=lambda item: repr(item[0])):
        if delta:
            _add(cell, delta)


def certificate_cell(certificate: Certificate, *, exported: bool | None = None, voided: bool | None = None) -> Cell:
    """The tally cell a certificate is counted in (or would be, with the given flags)."""
    return (
        certificate.institution_id,
        certificate.league_id,
        certificate.publicity_ended_on,
        certificate.export_batch_id is not None if exported is None else exported,
        certificate.status == CertificateStatus.VOIDED if voided is None else voided,
    )


def _add(cell: Cell, delta: int) -> None:
    institution_id, league_id, publicity_ended_on, exported, voided = cell
    key = {
        "institution_id": institution_id,
        "league_id": league_id,
        "publicity_ended_on": publicity_ended_on,
        "exported": exported,
        "voided": voided,
    }
    rows = CertificateTally.objects.filter(**key)
    if rows.update(certificates=F("certificates") + delta) or delta < 0:
        return  # a missing cell to take from: the tally was never built, and the tiles count live
    try:
        with transaction.atomic():
            CertificateTally.objects.create(**key, certificates=delta)
    except IntegrityError:  # another writer created the cell first
        rows.update(certificates=F("certificates") + delta)


def as_of(name: str) -> datetime.datetime | None:
    return RollupClock.objects.filter(name=name).values_list("as_of", flat=True).first()
