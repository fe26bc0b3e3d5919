"""Workforce planning: the planned headcount and training per league, year and group (seed §5(二), R-SUP-8)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from skillcert.accounts.models import Jurisdiction
from skillcert.accounts.types import Acting
from skillcert.core.audit import snapshot
from skillcert.core.errors import DomainError
from skillcert.core.validation import clean_model, clean_text
from skillcert.personnel.choices import Event, StaffGroup
from skillcert.personnel.models import WorkforceTarget
from skillcert.personnel.services.access import require_planner
from skillcert.personnel.services.common import MAX_TEXT, audit

__all__ = ["set_workforce_target"]


def set_workforce_target(
    *,
    actor: Acting,
    jurisdiction: Jurisdiction,
    year: int,
    group: str,
    headcount: int,
    trained: int,
    note: str = "",
) -> WorkforceTarget:
    """Set the planned headcount and training of one group for a year (seed §5(二), R-SUP-8)."""
    require_planner(actor, jurisdiction)
    if group not in StaffGroup.values:
        raise DomainError(
            gettext("人员类别：“%(group)s”应为管理人员、考评人员、督导人员或专家") % {"group": group},
            field="group",
            code="invalid",
        )
    for value, field, label in (
        (headcount, "headcount", gettext("目标人数")),
        (trained, "trained", gettext("目标培训人数")),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DomainError(gettext("%(label)s：应为不小于0的整数") % {"label": label}, field=field, code="invalid")
    existing = WorkforceTarget.objects.filter(jurisdiction=jurisdiction, year=year, group=group).first()
    before = snapshot(existing) if existing is not None else None
    target = existing or WorkforceTarget(jurisdiction=jurisdiction, year=year, group=group)
    target.headcount, target.trained = headcount, trained
    target.note = clean_text(note, field="note", label=gettext("说明"), required=False, max_length=MAX_TEXT)
    clean_model(target, exclude=["jurisdiction"])
    with transaction.atomic():
        target.save()
        audit(actor, Event.WORKFORCE_TARGET_SET, target, before)
    return target
