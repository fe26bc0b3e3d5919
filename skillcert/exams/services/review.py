"""Eligibility review (资格审核): evidence files checked for type and size, approval with an exam
number, rejection with a reason the candidate sees (R-EXAM-4)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.types import Actor
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.scoping import actor_may, require_row
from skillcert.core.validation import clean_text
from skillcert.exams.choices import Event, EvidenceKind, PlanStatus, RegistrationStatus, StaffingTrigger
from skillcert.exams.models import EvidenceFile, ExamPlan, Registration
from skillcert.exams.models.policies import REGISTRATION_POLICY
from skillcert.exams.services.access import check_exam_upload, is_plan_staff, require_plan_staff, user_or_none
from skillcert.exams.services.registration import lock_level, registration_snapshot, save_evidence
from skillcert.exams.services.staffing_checks import recheck_plan

MAX_EVIDENCE_FILES = 20
REVIEW_STATUSES = frozenset({PlanStatus.OPEN, PlanStatus.CLOSED})
"""Reviews happen while registration is open and after it closes, before the exams begin."""


def add_evidence(*, actor: Actor, registration: Registration, kind: str, upload: Any) -> EvidenceFile:
    """Attach an evidence file to a registration: the candidate while it awaits review, the institution
    any time before the exams; PDF, JPG or PNG within the size limit (R-EXAM-4)."""
    require_row(actor, "view", registration)
    staff = is_plan_staff(actor, registration.plan) or getattr(actor, "is_superuser", False)
    if staff:
        require_plan_staff(actor, registration.plan)
    else:
        require_row(actor, "apply", registration)
        if registration.status not in (RegistrationStatus.SUBMITTED, RegistrationStatus.REJECTED):
            raise DomainError(
                gettext("报名状态为“%(get_status_display)s”，不能再补充材料")
                % {"get_status_display": registration.get_status_display()},
                field="file",
                code="status",
            )
    if kind not in EvidenceKind.values:
        names = "、".join(str(c.label) for c in EvidenceKind)
        raise DomainError(
            gettext("材料类别：“%(kind)s”无效，应为%(names)s之一") % {"kind": kind, "names": names},
            field="kind",
            code="invalid",
        )
    if registration.plan.status not in REVIEW_STATUSES:
        raise DomainError(
            gettext("计划状态为“%(get_status_display)s”，不能再补充材料")
            % {"get_status_display": registration.plan.get_status_display()},
            code="status",
        )
    checked = check_exam_upload(upload, field="file", label=gettext("证明材料"))
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.evidence.count() >= MAX_EVIDENCE_FILES:
            raise DomainError(
                gettext("证明材料：每个报名最多%(MAX_EVIDENCE_FILES)s个文件")
                % {"MAX_EVIDENCE_FILES": MAX_EVIDENCE_FILES},
                field="file",
                code="too_many",
            )
        evidence = save_evidence(locked, kind, checked, actor)
        record_event(
            actor=actor,
            action=Event.EVIDENCE_ADDED,
            obj=locked,
            after={
                **snapshot(evidence, ["kind", "original_name", "content_type", "size", "sha256"]),
                "id": evidence.pk,
            },
            organisation=registration.plan.institution.organisation,
        )
    return evidence


def _require_reviewer(actor: Actor, registration: Registration) -> None:
    require_plan_staff(actor, registration.plan, "review")
    if not getattr(actor, "is_superuser", False) and not actor_may(actor, "review", REGISTRATION_POLICY):
        raise PermissionDenied(gettext("您的角色不能审核报名"))


def _next_exam_number(plan: ExamPlan, level: int) -> str:
    plan = ExamPlan.objects.select_for_update().get(pk=plan.pk)
    plan.exam_number_seq += 1
    plan.save(update_fields=["exam_number_seq", "updated_at"])
    return f"{plan.first_session_on:%y}{plan.pk:05d}{level}{plan.exam_number_seq:05d}"


def approve_registration(*, actor: Actor, registration: Registration, reason: str = "") -> Registration:
    """Approve a registration after looking at its facts and evidence; it gets its exam number (R-EXAM-4)."""
    _require_reviewer(actor, registration)
    reason = clean_text(reason, field="reason", label=gettext("审核意见"), max_length=1000, required=False)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("plan").get(pk=registration.pk)
        if registration.plan.status not in REVIEW_STATUSES:
            raise DomainError(
                gettext("计划状态为“%(get_status_display)s”，不能审核")
                % {"get_status_display": registration.plan.get_status_display()},
                code="status",
            )
        if registration.status != RegistrationStatus.SUBMITTED:
            raise DomainError(
                gettext("报名状态为“%(get_status_display)s”，不能审核通过")
                % {"get_status_display": registration.get_status_display()},
                code="status",
            )
        before = registration_snapshot(registration)
        registration.status = RegistrationStatus.APPROVED
        registration.review_reason = reason
        registration.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
        registration.reviewed_at = timezone.now()
        registration.exam_number = _next_exam_number(registration.plan, registration.level)
        registration.save()
        record_event(
            actor=actor,
            action=Event.REGISTRATION_APPROVED,
            obj=registration,
            before=before,
            after=registration_snapshot(registration),
        )
        recheck_plan(
            plan=registration.plan,
            level=registration.level,
            trigger=StaffingTrigger.CANDIDATES_APPROVED,
            actor=user_or_none(actor),
        )
    return registration


def reject_registration(*, actor: Actor, registration: Registration, reason: str) -> Registration:
    """Reject a registration with the reason the candidate sees; the place is freed (R-EXAM-4)."""
    _require_reviewer(actor, registration)
    reason = clean_text(reason, field="reason", label=gettext("不通过原因"), max_length=1000)
    with transaction.atomic():
        lock_level(registration.plan, registration.level)
        registration = Registration.objects.select_for_update().select_related("plan").get(pk=registration.pk)
        if registration.plan.status not in REVIEW_STATUSES:
            raise DomainError(
                gettext("计划状态为“%(get_status_display)s”，不能审核")
                % {"get_status_display": registration.plan.get_status_display()},
                code="status",
            )
        if registration.status not in (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED):
            raise DomainError(
                gettext("报名状态为“%(get_status_display)s”，不能审核不通过")
                % {"get_status_display": registration.get_status_display()},
                code="status",
            )
        if registration.seats.exists():
            raise DomainError(gettext("该考生已安排座位，不能再改为审核不通过"), code="seated")
        before = registration_snapshot(registration)
        registration.status = RegistrationStatus.REJECTED
        registration.review_reason = reason
        registration.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
        registration.reviewed_at = timezone.now()
        registration.exam_number = ""
        registration.save()
        record_event(
            actor=actor,
            action=Event.REGISTRATION_REJECTED,
            obj=registration,
            before=before,
            after=registration_snapshot(registration),
        )
        recheck_plan(
            plan=registration.plan,
            level=registration.level,
            trigger=StaffingTrigger.CANDIDATES_CHANGED,
            actor=user_or_none(actor),
        )
    return registration


def approve_registrations(*, actor: Actor, plan: ExamPlan, ids: Sequence[int], reason: str = "") -> int:
    """Approve several waiting registrations of one plan at once, all or none (R-EXAM-4)."""
    require_plan_staff(actor, plan, "review")
    registrations = list(
        Registration.objects.filter(plan=plan, pk__in=list(ids), status=RegistrationStatus.SUBMITTED).order_by("pk")
    )
    if not registrations:
        raise DomainError(gettext("请选择待审核的报名"), field="ids", code="required")
    with transaction.atomic():
        for registration in registrations:
            approve_registration(actor=actor, registration=registration, reason=reason)
    return len(registrations)
