"""Rebuild the workbench rollups (issue #16): every few minutes from the huey consumer, and on demand."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, ExpressionWrapper, Q
from django.db.models.fields import BooleanField
from django.utils import timezone

from skillcert.certificates.choices import CertificateStatus
from skillcert.certificates.models import Certificate
from skillcert.portal.models import CertificateTally, RollupClock

CERTIFICATES = "certificates"


def rebuild_certificate_tally() -> int:
    """One grouped pass over the certificate table; returns the rows written."""
    flag = {
        "exported": ExpressionWrapper(Q(export_batch__isnull=False), output_field=BooleanField()),
        "voided": ExpressionWrapper(Q(status=CertificateStatus.VOIDED), output_field=BooleanField()),
    }
    started = timezone.now()
    with transaction.atomic():
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


def as_of(name: str) -> datetime.datetime | None:
    return RollupClock.objects.filter(name=name).values_list("as_of", flat=True).first()
