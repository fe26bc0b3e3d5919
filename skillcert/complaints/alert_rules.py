"""Alert rules of the complaints app, found by the supervision engine (R-SUP-2, R-SUP-5)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Case, DateField, F, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from skillcert.complaints.choices import Status
from skillcert.complaints.models import Complaint
from skillcert.complaints.selectors import overdue_q
from skillcert.supervision.choices import Severity
from skillcert.supervision.registry import Finding, RuleContext, alert_rule


@alert_rule(
    kind="complaints.overdue",
    severity=Severity.MEDIUM,
    label=_("投诉举报办理逾期"),
    spec="R-SUP-5",
    clause="§5(三)",  # i18n: data (notice clause)
)
def complaints_overdue(ctx: RuleContext) -> Iterator[Finding]:
    """A complaint not accepted (or refused) within 15 days of receipt, or not concluded by its
    deadline, as extended (R-SUP-5, 信访工作条例 art. 32, notice §5(三))."""
    rows = Complaint.objects.filter(overdue_q(ctx.today)).annotate(
        due=Case(
            When(status=Status.RECEIVED, then=F("accept_due")),
            default=F("conclude_due"),
            output_field=DateField(),
        )
    )
    if ctx.institution_ids is not None:
        rows = rows.filter(institution_id__in=ctx.institution_ids)
    for row in rows.values("id", "tracking_code", "title", "status", "due", "jurisdiction_id", "institution_id"):
        stage = _("受理") if row["status"] == Status.RECEIVED else _("办结")
        yield Finding(
            subject_type="complaints.Complaint",
            subject_id=row["id"],
            subject_label=f"{row['tracking_code']} {row['title']}"[:300],
            jurisdiction_id=row["jurisdiction_id"],
            institution_id=row["institution_id"],
            observed_on=row["due"],
            evidence={
                "stage": str(stage),
                "due": row["due"].isoformat(),
                "days_overdue": (ctx.today - row["due"]).days,
                "links": [{"label": row["tracking_code"], "url": reverse("complaints:detail", args=[row["id"]])}],
            },
        )
