"""Alert rules contributed by the item bank (R-SUP-2, R-BANK-2): banks not renewed in time."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from skillcert.itembank.models import Bank
from skillcert.supervision.choices import Severity
from skillcert.supervision.registry import Finding, RuleContext, alert_rule


@alert_rule(
    kind="itembank.stale_bank",
    severity=Severity.MEDIUM,
    label=_("题库未按期更新"),
    spec="R-BANK-2",
    clause="§4(六)",  # i18n: data
)
def stale_bank(ctx: RuleContext) -> Iterable[Finding]:
    """A bank with no approved change for `itembank.stale_after_months` months (R-BANK-2, notice §4(六))."""
    months = int(ctx.policy("itembank.stale_after_months"))
    cutoff = ctx.now - datetime.timedelta(days=round(months * 365.25 / 12))
    banks = Bank.objects.filter(
        Q(last_approved_at__lt=cutoff) | Q(last_approved_at__isnull=True, created_at__lt=cutoff)
    )
    if ctx.institution_ids is not None:
        banks = banks.filter(institution_id__in=ctx.institution_ids)
    for row in banks.values("id", "name", "institution_id", "institution__area_id", "last_approved_at", "created_at"):
        since = row["last_approved_at"] or row["created_at"]
        yield Finding(
            subject_type="itembank.Bank",
            subject_id=row["id"],
            subject_label=row["name"],
            jurisdiction_id=row["institution__area_id"],
            institution_id=row["institution_id"],
            period="",
            observed_on=(since + datetime.timedelta(days=round(months * 365.25 / 12))).date(),
            evidence={
                "last_approved_at": since.isoformat(),
                "months": months,
                "links": [{"label": str(_("题库")), "url": reverse("itembank:bank", args=[row["id"]])}],
            },
        )
