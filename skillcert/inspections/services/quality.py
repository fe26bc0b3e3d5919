"""External supervisors' on-site records and reports, internal supervisors' records and the
rectification orders serious findings propose (R-SUP-3, R-SUP-9, R-SUP-6)."""

from __future__ import annotations

import datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.archives.choices import FilePurpose
from skillcert.archives.files import store_file
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy
from skillcert.core.validation import IMAGE_TYPES, check_upload, clean_text
from skillcert.core.workdays import add_working_days
from skillcert.exams.choices import SessionStaffRole
from skillcert.exams.models import ExamSession, SessionStaff
from skillcert.inspections.choices import (
    SUPERVISION_CHECKLIST,
    Event,
    Grade,
    OrderSource,
    OrderStatus,
    ReportStatus,
)
from skillcert.inspections.models import InternalRecord, RectificationOrder, SupervisionPhoto, SupervisionReport
from skillcert.inspections.services._auth import clean_answers, is_edit_staff, require_decision_authority
from skillcert.institutions.choices import InstitutionStatus
from skillcert.institutions.models import StatusChange
from skillcert.institutions.services import change_status
from skillcert.sanctions import services as sanction_services
from skillcert.sanctions.choices import FollowUpResult

REPORT_FIELDS = [
    "status",
    "arrived_at",
    "checklist",
    "notes",
    "grade",
    "findings",
    "countersigned_by",
    "countersigned_at",
    "submitted_at",
    "submitted_late",
]


def report_due_on(session: ExamSession) -> datetime.date:
    """The report is due N working days after the session's day (R-SUP-3, policy default 3)."""
    day = timezone.localtime(session.ends_at).date()
    return add_working_days(day, int(get_policy("inspections.report_working_days")))


def _assigned_person(actor: User, session: ExamSession, role: str) -> Any:
    row = (
        SessionStaff.objects.select_related("person")
        .filter(session=session, role=role, person__user_id=actor.pk or 0)
        .first()
    )
    if row is None:
        what = _("外部质量督导员") if role == SessionStaffRole.EXTERNAL_SUPERVISOR else _("内部质量督导员")
        raise DomainError(
            _("考试场次：您不是本场次安排的%(what)s，不能填写督导记录") % {"what": what},
            field="session",
            code="not_assigned",
        )
    return row.person


def clean_checklist(value: Any, *, required: bool) -> dict[str, str]:
    """Every on-site item answered yes / no / not applicable; unknown items refused (R-SUP-3)."""
    return clean_answers(value, SUPERVISION_CHECKLIST, label=_("督导检查项"), required=required)


def _grade(value: str) -> str:
    if value not in Grade.values:
        raise DomainError(_("发现问题等级：应为未发现问题、一般问题或严重问题"), field="grade", code="invalid_choice")
    return value


def open_report(*, actor: User, session: ExamSession) -> SupervisionReport:
    """The assigned external supervisor opens the on-site record of a session (R-SUP-3)."""
    person = _assigned_person(actor, session, SessionStaffRole.EXTERNAL_SUPERVISOR)
    existing = SupervisionReport.objects.filter(session=session, supervisor=person).first()
    if existing is not None:
        return existing
    plan = session.plan
    try:
        with transaction.atomic():
            report = SupervisionReport.objects.create(
                session=session,
                supervisor=person,
                institution=plan.institution,
                league=plan.league,
                due_on=report_due_on(session),
            )
            record_event(actor=actor, action=Event.REPORT_OPENED, obj=report, after=snapshot(report, REPORT_FIELDS))
    except IntegrityError:
        return SupervisionReport.objects.get(session=session, supervisor=person)
    return report


def _require_own(actor: User, report: SupervisionReport) -> None:
    if report.supervisor.user_id != actor.pk:
        raise PermissionDenied(_("只有本场次的外部质量督导员可以填写督导报告"))


def _lock_own_draft(actor: User, report: SupervisionReport) -> SupervisionReport:
    locked = SupervisionReport.objects.select_for_update().select_related("supervisor").get(pk=report.pk)
    _require_own(actor, locked)
    if locked.status != ReportStatus.DRAFT:
        raise DomainError(
            _("督导报告：报告已于%(at)s提交，不能再修改或重复提交")
            % {"at": timezone.localtime(locked.submitted_at).strftime("%Y-%m-%d %H:%M") if locked.submitted_at else ""},
            field="__all__",
            code="already_submitted",
        )
    return locked


def save_report(
    *,
    actor: User,
    report: SupervisionReport,
    arrived_at: datetime.datetime | None = None,
    checklist: dict[str, str] | None = None,
    notes: str = "",
    grade: str = Grade.NONE,
    findings: str = "",
) -> SupervisionReport:
    """Save the on-site record as it is being filled in (R-SUP-3)."""
    checked = clean_checklist(checklist, required=False)
    grade = _grade(grade)
    notes = clean_text(notes, field="notes", label=_("督导记录"), max_length=5000, required=False)
    findings = clean_text(findings, field="findings", label=_("发现的问题"), max_length=5000, required=False)
    with transaction.atomic():
        locked = _lock_own_draft(actor, report)
        before = snapshot(locked, REPORT_FIELDS)
        if arrived_at is not None:
            session_day = timezone.localtime(locked.session.starts_at).date()
            if timezone.localtime(arrived_at).date() != session_day:
                raise DomainError(
                    _("到场时间：应为考试当天（%(day)s）") % {"day": session_day}, field="arrived_at", code="invalid"
                )
            locked.arrived_at = arrived_at
        locked.checklist = checked
        locked.notes = notes
        locked.grade = grade
        locked.findings = findings
        locked.save()
        record_event(
            actor=actor, action=Event.REPORT_SAVED, obj=locked, before=before, after=snapshot(locked, REPORT_FIELDS)
        )
    return locked


def add_photo(
    *, actor: User, report: SupervisionReport, upload: IO[bytes] | Any, caption: str = ""
) -> SupervisionPhoto:
    """Attach a photo taken on site: a JPG or PNG image (checked by content) within the size limit, kept
    through the archives file service in the plan's dossier (R-SUP-3, R-ARC-1)."""
    _require_own(actor, report)
    checked = check_upload(
        upload,
        field="photo",
        label=_("照片"),
        allowed=IMAGE_TYPES,
        max_mb=int(get_policy("inspections.photo_max_mb")),
    )
    caption = clean_text(caption, field="caption", label=_("说明"), max_length=200, required=False)
    with transaction.atomic():
        locked = _lock_own_draft(actor, report)
        photo = SupervisionPhoto(
            report=locked,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            caption=caption,
        )
        photo.file.name = store_file(
            actor=actor,
            content=checked.content,
            name=checked.original_name,
            purpose=FilePurpose.SUPERVISION_PHOTO,
            subject=locked,
            plan=locked.session.plan,
            allowed=IMAGE_TYPES,
            label=_("照片"),
            field="photo",
        ).name
        photo.save()
        record_event(
            actor=actor,
            action=Event.PHOTO_ADDED,
            obj=locked,
            after={"photo": photo.pk, "name": checked.original_name, "size": checked.size, "sha256": checked.sha256},
        )
    return photo


def countersign_report(*, actor: User, report: SupervisionReport, name: str = "", note: str = "") -> SupervisionReport:
    """The institution countersigns the record: on the supervisor's phone (its representative's name)
    or from its own account (R-SUP-3)."""
    note = clean_text(note, field="countersign_note", label=_("机构意见"), max_length=300, required=False)
    with transaction.atomic():
        locked = (
            SupervisionReport.objects.select_for_update().select_related("supervisor", "institution").get(pk=report.pk)
        )
        by_institution = is_edit_staff(actor) and actor.organisation_id == locked.institution.organisation_id
        if locked.supervisor.user_id != actor.pk and not by_institution:
            raise PermissionDenied(_("机构签字：只能在督导员的记录上或由本机构人员签字"))
        if locked.status != ReportStatus.DRAFT:
            raise DomainError(_("机构签字：报告已提交，不能再签字"), field="countersigned_by", code="already_submitted")
        signer = clean_text(
            name or (actor.full_name if by_institution else ""),
            field="countersigned_by",
            label=_("机构签字人"),
            max_length=50,
            required=False,
        )
        if not signer:
            raise DomainError(_("机构签字人：请填写签字人姓名"), field="countersigned_by", code="required")
        before = snapshot(locked, REPORT_FIELDS)
        locked.countersigned_by = signer
        locked.countersigned_at = timezone.now()
        locked.countersign_note = note
        locked.save(update_fields=["countersigned_by", "countersigned_at", "countersign_note", "updated_at"])
        record_event(
            actor=actor,
            action=Event.REPORT_COUNTERSIGNED,
            obj=locked,
            before=before,
            after=snapshot(locked, REPORT_FIELDS),
        )
    return locked


def submit_report(*, actor: User, report: SupervisionReport) -> SupervisionReport:
    """Submit the report; a serious finding proposes a rectification order to the league bureau (R-SUP-3)."""
    with transaction.atomic():
        locked = _lock_own_draft(actor, report)
        if locked.arrived_at is None:
            raise DomainError(_("到场时间：提交前请填写到场时间"), field="arrived_at", code="required")
        clean_checklist(locked.checklist, required=True)
        if locked.grade != Grade.NONE and not locked.findings.strip():
            raise DomainError(_("发现的问题：发现问题时须写明问题"), field="findings", code="required")
        if not locked.countersigned_by:
            raise DomainError(_("机构签字：提交前须由评价机构签字确认"), field="countersigned_by", code="required")
        before = snapshot(locked, REPORT_FIELDS)
        locked.status = ReportStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_late = timezone.localdate() > locked.due_on
        locked.save()
        record_event(
            actor=actor, action=Event.REPORT_SUBMITTED, obj=locked, before=before, after=snapshot(locked, REPORT_FIELDS)
        )
        if locked.grade == Grade.SERIOUS:
            order = RectificationOrder.objects.create(
                institution=locked.institution,
                league=locked.league,
                source=OrderSource.REPORT,
                report=locked,
                proposal=locked.findings,
            )
            record_event(actor=actor, action=Event.ORDER_PROPOSED, obj=order, after=snapshot(order))
    return locked


def file_internal_record(
    *,
    actor: User,
    session: ExamSession,
    checklist: dict[str, str] | None,
    notes: str = "",
    grade: str = Grade.NONE,
    findings: str = "",
) -> InternalRecord:
    """The institution's internal supervisor files their record of a session they were assigned to (R-SUP-9)."""
    person = _assigned_person(actor, session, SessionStaffRole.INTERNAL_SUPERVISOR)
    checked = clean_checklist(checklist, required=True)
    grade = _grade(grade)
    notes = clean_text(notes, field="notes", label=_("督导记录"), max_length=5000, required=False)
    findings = clean_text(findings, field="findings", label=_("发现的问题"), max_length=5000, required=False)
    if grade != Grade.NONE and not findings:
        raise DomainError(_("发现的问题：发现问题时须写明问题"), field="findings", code="required")
    plan = session.plan
    try:
        with transaction.atomic():
            record = InternalRecord.objects.create(
                session=session,
                supervisor=person,
                institution=plan.institution,
                league=plan.league,
                checklist=checked,
                notes=notes,
                grade=grade,
                findings=findings,
                filed_at=timezone.now(),
            )
            record_event(actor=actor, action=Event.INTERNAL_FILED, obj=record, after=snapshot(record))
    except IntegrityError as exc:
        raise DomainError(
            _("考试场次：您已提交过本场次的内部督导记录，不能重复提交"), field="session", code="duplicate"
        ) from exc
    return record


# --- rectification orders (R-SUP-3, R-SUP-6) -----------------------------------------------------


def _lock_proposed(order: RectificationOrder) -> RectificationOrder:
    locked = RectificationOrder.objects.select_for_update().select_related("institution").get(pk=order.pk)
    if locked.status != OrderStatus.PROPOSED:
        raise DomainError(
            _("整改通知：已是“%(status)s”，不能再决定") % {"status": locked.get_status_display()},
            field="__all__",
            code="decided",
        )
    return locked


def issue_order(
    *,
    actor: User,
    order: RectificationOrder,
    grounds: str,
    deadline: datetime.date | None,
    follow_up_on: datetime.date | None,
) -> RectificationOrder:
    """The league bureau issues the order as a sanctions 限期整改: the institution enters rectification through
    its lifecycle, with a deadline and a follow-up check (R-SUP-3, R-SUP-6, R-INS-8)."""
    require_decision_authority(actor, order.league_id)
    grounds = clean_text(grounds, field="grounds", label=_("决定依据"), max_length=2000, required=False)
    if not grounds:
        raise DomainError(_("决定依据：请写明下达整改的依据"), field="grounds", code="required")
    if deadline is None:
        raise DomainError(_("整改期限：请填写整改期限"), field="deadline", code="required")
    if deadline <= timezone.localdate():
        raise DomainError(_("整改期限：应晚于今天"), field="deadline", code="invalid")
    if follow_up_on is None:
        raise DomainError(_("复查日期：请填写复查日期"), field="follow_up_on", code="required")
    if follow_up_on < deadline:
        raise DomainError(
            _("复查日期：应不早于整改期限（%(deadline)s）") % {"deadline": deadline},
            field="follow_up_on",
            code="invalid",
        )
    with transaction.atomic():
        locked = _lock_proposed(order)
        before = snapshot(locked)
        sanction = sanction_services.order_rectification(
            actor=actor,
            institution=locked.institution,
            grounds=_("%(grounds)s\n（%(source)s：%(proposal)s）")
            % {"grounds": grounds, "source": locked.get_source_display(), "proposal": locked.proposal},
            deadline=deadline,
        )
        locked.sanction = sanction
        locked.status_change = StatusChange.objects.filter(institution=locked.institution).order_by("-id").first()
        locked.status = OrderStatus.ISSUED
        locked.grounds = grounds
        locked.deadline = deadline
        locked.follow_up_on = follow_up_on
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save()
        record_event(actor=actor, action=Event.ORDER_ISSUED, obj=locked, before=before, after=snapshot(locked))
    return locked


def decline_order(*, actor: User, order: RectificationOrder, grounds: str) -> RectificationOrder:
    """The league bureau declines the proposed order, giving its grounds (R-SUP-3)."""
    require_decision_authority(actor, order.league_id)
    grounds = clean_text(grounds, field="grounds", label=_("不予下达的理由"), max_length=2000, required=False)
    if not grounds:
        raise DomainError(_("不予下达的理由：请写明理由"), field="grounds", code="required")
    with transaction.atomic():
        locked = _lock_proposed(order)
        before = snapshot(locked)
        locked.status = OrderStatus.DECLINED
        locked.grounds = grounds
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save()
        record_event(actor=actor, action=Event.ORDER_DECLINED, obj=locked, before=before, after=snapshot(locked))
    return locked


def follow_up_order(
    *,
    actor: User,
    order: RectificationOrder,
    passed: bool,
    note: str,
    early: bool = False,
    propose: str = "",
    proposal_grounds: str = "",
) -> RectificationOrder:
    """The follow-up check, recorded on the 限期整改 the order became: rectified returns the institution to
    正常; not rectified proposes suspension or 取消评价资质 (R-SUP-3, R-SUP-6)."""
    require_decision_authority(actor, order.league_id)
    note = clean_text(note, field="note", label=_("复查意见"), max_length=2000, required=False)
    if not note:
        raise DomainError(_("复查意见：请写明复查情况"), field="note", code="required")
    with transaction.atomic():
        locked = RectificationOrder.objects.select_for_update().select_related("institution").get(pk=order.pk)
        if locked.status != OrderStatus.ISSUED:
            raise DomainError(_("整改通知：只有已下达的整改可以复查"), field="__all__", code="not_issued")
        before = snapshot(locked)
        if locked.sanction is not None:
            sanction_services.record_follow_up(
                actor=actor,
                sanction=locked.sanction,
                result=FollowUpResult.RECTIFIED if passed else FollowUpResult.NOT_RECTIFIED,
                note=note,
                early=early,
                propose=propose,
                proposal_grounds=proposal_grounds,
            )
        elif passed and locked.institution.status == InstitutionStatus.RECTIFICATION:
            # an order issued before orders became sanctions: restore through the lifecycle as then
            change_status(
                actor=actor,
                institution=locked.institution,
                to_status=InstitutionStatus.ACTIVE,
                grounds=_("整改复查通过：%(note)s") % {"note": note},
            )
        locked.status = OrderStatus.PASSED if passed else OrderStatus.FAILED
        locked.follow_up_note = note
        locked.followed_up_at = timezone.now()
        locked.save()
        record_event(actor=actor, action=Event.ORDER_FOLLOWED_UP, obj=locked, before=before, after=snapshot(locked))
    return locked
