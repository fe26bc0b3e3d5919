"""Qualifications and training, recorded by the centres that train (seed §2(二), R-PER-1, R-SUP-8)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from skillcert.accounts.types import Acting
from skillcert.catalog.choices import clean_level, level_label
from skillcert.catalog.models import Occupation
from skillcert.catalog.selectors import occupation_levels
from skillcert.core.audit import snapshot
from skillcert.core.errors import DomainError
from skillcert.core.locking import lock
from skillcert.core.validation import clean_model, clean_text
from skillcert.personnel.choices import Event, TrainingResult
from skillcert.personnel.models import Person, Qualification, TrainingRecord
from skillcert.personnel.services.access import actor_org, require_trainer, require_visible
from skillcert.personnel.services.common import MAX_TEXT, audit, check_role, date_not_future, recheck_sessions, today

__all__ = ["grant_qualification", "record_training", "revoke_qualification"]


def grant_qualification(
    *, actor: Acting, person: Person, occupation: Occupation, level: int, granted_on: date | None = None
) -> Qualification:
    """Qualify a person for an occupation up to a level, after training by a centre (R-PER-1)."""
    require_visible(actor, person)
    require_trainer(actor, person)
    level = clean_level(level)
    if not occupation.is_active:
        raise DomainError(
            gettext("职业：“%(name)s”已停止认定") % {"name": occupation.name}, field="occupation", code="inactive"
        )
    levels = occupation_levels(occupation)
    if levels and level not in levels:
        offered = "、".join(level_label(lv) for lv in levels)
        raise DomainError(
            gettext("等级：职业“%(name)s”的现行标准没有%(level_label)s（只有%(offered)s）")
            % {"name": occupation.name, "level_label": level_label(level), "offered": offered},
            field="level",
            code="level_not_in_standard",
        )
    granted_on = date_not_future(granted_on or today(), field="granted_on", label=gettext("取得日期"))
    existing = Qualification.objects.filter(person=person, occupation=occupation).first()
    before = snapshot(existing) if existing is not None else None
    qualification = existing or Qualification(person=person, occupation=occupation)
    if existing is not None and existing.is_active and existing.level == level:
        raise DomainError(
            gettext("等级：%(name)s已具备“%(name2)s”%(level_label)s资格")
            % {"name": person.name, "name2": occupation.name, "level_label": level_label(level)},
            field="level",
            code="duplicate",
        )
    qualification.level, qualification.granted_on = level, granted_on
    qualification.granted_by, qualification.is_active, qualification.revoked_reason = actor_org(actor), True, ""
    clean_model(qualification, exclude=["person", "occupation"])
    with transaction.atomic():
        qualification.save()
        audit(actor, Event.QUALIFICATION_GRANTED, qualification, before)
    return qualification


def revoke_qualification(*, actor: Acting, qualification: Qualification, reason: str) -> Qualification:
    """Withdraw a qualification (R-PER-1)."""
    require_visible(actor, qualification)
    require_trainer(actor, qualification.person)
    reason = clean_text(reason, field="reason", label=gettext("撤销原因"), max_length=MAX_TEXT)
    with transaction.atomic():
        lock(qualification)
        if not qualification.is_active:
            raise DomainError(gettext("状态：该资格已撤销"), field="status", code="state")
        before = snapshot(qualification)
        qualification.revoked_reason = reason
        qualification.is_active = False
        qualification.save()
        audit(actor, Event.QUALIFICATION_REVOKED, qualification, before)
        recheck_sessions(qualification.person_id, "qualification_withdrawn")
    return qualification


def record_training(
    *,
    actor: Acting,
    person: Person,
    role: str,
    course: str,
    hours: Any,
    result: str,
    completed_on: date | None,
) -> TrainingRecord:
    """Record a course the person took with a centre: course, hours, result (R-PER-1, R-SUP-8)."""
    require_visible(actor, person)
    check_role(role)
    require_trainer(actor, person, role)
    if result not in TrainingResult.values:
        raise DomainError(
            gettext("培训结果：“%(result)s”应为“合格”或“不合格”") % {"result": result}, field="result", code="invalid"
        )
    try:
        hours_value = Decimal(str(hours))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(
            gettext("学时：“%(hours)s”不是数字") % {"hours": hours}, field="hours", code="invalid"
        ) from exc
    record = TrainingRecord(
        person=person,
        role=role,
        course=clean_text(course, field="course", label=gettext("培训课程"), max_length=MAX_TEXT),
        hours=hours_value,
        result=result,
        completed_on=date_not_future(completed_on, field="completed_on", label=gettext("结业日期")),
        provider=actor_org(actor),
    )
    clean_model(record, exclude=["person"])
    with transaction.atomic():
        record.save()
        audit(actor, Event.TRAINING_RECORDED, record, None)
    return record
