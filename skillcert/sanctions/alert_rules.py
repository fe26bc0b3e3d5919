"""Alert rules of the sanctions app, found by the supervision engine (R-SUP-2, R-SUP-6)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from skillcert.sanctions.selectors import missed_follow_ups
from skillcert.supervision.choices import Severity
from skillcert.supervision.registry import Finding, RuleContext, alert_rule


@alert_rule(
    kind="sanctions.follow_up_missed",
    severity=Severity.HIGH,
    label=_("限期整改到期未复查"),
    spec="R-SUP-6",
    clause="§5(五)",  # i18n: data (notice clause)
)
def follow_up_missed(ctx: RuleContext) -> Iterator[Finding]:
    """A 限期整改 whose deadline has passed without a recorded follow-up check (R-SUP-6, notice §5(五))."""
    rows = missed_follow_ups(ctx.today)
    if ctx.institution_ids is not None:
        rows = rows.filter(institution_id__in=ctx.institution_ids)
    for row in rows.filter(deadline__isnull=False).values(
        "id", "deadline", "institution_id", "institution__filed_name", "authority__jurisdiction_id"
    ):
        deadline = row["deadline"]
        assert deadline is not None
        yield Finding(
            subject_type="sanctions.Sanction",
            subject_id=row["id"],
            subject_label=_("%(name)s 限期整改") % {"name": row["institution__filed_name"]},
            jurisdiction_id=row["authority__jurisdiction_id"],
            institution_id=row["institution_id"],
            observed_on=deadline,
            evidence={
                "deadline": deadline.isoformat(),
                "days_overdue": (ctx.today - deadline).days,
                "links": [{"label": str(_("整改复查")), "url": reverse("sanctions:detail", args=[row["id"]])}],
            },
        )
