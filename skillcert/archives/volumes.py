"""What goes into each of a dossier's five volumes: a generated record PDF and the files that
belong to the plan's records (R-ARC-1)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.archives.choices import FilePurpose, Volume
from skillcert.archives.models import StoredFile
from skillcert.core.documents import Document
from skillcert.core.masking import mask_id_number
from skillcert.exams.models import ExamPlan

FILE_VOLUMES: dict[str, int] = {
    FilePurpose.ROSTER: Volume.REGISTRATION,
    FilePurpose.EVIDENCE: Volume.REGISTRATION,
    FilePurpose.PHOTO: Volume.REGISTRATION,
    FilePurpose.TICKET: Volume.PLAN,
    FilePurpose.SESSION_PHOTO: Volume.PROCESS,
    FilePurpose.SUPERVISION_PHOTO: Volume.PROCESS,
    FilePurpose.INSPECTION_PHOTO: Volume.PROCESS,
    FilePurpose.CERTIFICATE: Volume.CERTIFICATES,
    FilePurpose.NATIONAL_EXPORT: Volume.CERTIFICATES,
}
"""Which volume a platform file of each purpose belongs to."""


@dataclass(frozen=True)
class Generated:
    volume: int
    title: str
    data: bytes


def _dt(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"  # type: ignore[arg-type]
    return str(value)


def plan_files(plan: ExamPlan) -> QuerySet[StoredFile]:
    """Every kept file of the plan: its own, its certificates' and its export batches' (R-ARC-1)."""
    from skillcert.certificates.models import Certificate

    batches = Certificate.objects.filter(plan=plan, export_batch__isnull=False).values_list(
        "export_batch_id", flat=True
    )
    return (
        StoredFile.objects.filter(
            Q(plan=plan) | Q(subject_type="certificates.ExportBatch", subject_id__in=[str(b) for b in set(batches)])
        )
        .filter(purpose__in=list(FILE_VOLUMES), disposed_at__isnull=True)
        .order_by("purpose", "id")
    )


def _header(doc: Document, plan: ExamPlan) -> None:
    doc.pairs(
        [
            (_("计划编号"), plan.number),
            (_("计划名称"), plan.title),
            (_("评价机构"), plan.institution.filed_name),
            (_("职业（工种）"), plan.target_label),
            (_("考试日期"), f"{plan.first_session_on} — {plan.last_session_on}"),
        ]
    )


def volume_registration(plan: ExamPlan) -> bytes:
    doc = Document(str(Volume.REGISTRATION.label), subtitle=plan.number)
    _header(doc, plan)
    doc.heading(_("报名与资格审核"))
    rows = [
        [
            i,
            r.name,
            mask_id_number(r.id_number),
            r.level,
            r.get_source_display(),
            r.get_status_display(),
            _dt(r.submitted_at),
            _dt(r.reviewed_at),
            r.review_reason,
        ]
        for i, r in enumerate(plan.registrations.order_by("id"), 1)
    ]
    doc.table(
        [_("序号"), _("姓名"), _("证件号码"), _("等级"), _("方式"), _("审核"), _("报名时间"), _("审核时间"), _("意见")],
        rows,
        widths=[10, 16, 30, 10, 14, 16, 24, 24, None],
    )
    doc.heading(_("名册导入"))
    doc.table(
        [_("文件"), _("SHA-256"), _("状态"), _("导入"), _("错误")],
        [
            [ri.original_name, ri.sha256[:16], ri.get_status_display(), ri.rows_accepted, ri.rows_rejected]
            for ri in plan.roster_imports.order_by("id")
        ],
    )
    return doc.render()


def volume_plan(plan: ExamPlan) -> bytes:
    doc = Document(str(Volume.PLAN.label), subtitle=plan.number)
    _header(doc, plan)
    doc.heading(_("计划报送"))
    doc.pairs(
        [
            (_("状态"), plan.get_status_display()),
            (_("报送时间"), _dt(plan.filed_at)),
            (_("按时报送"), _("是") if plan.filed_on_time else _("否")),
            (_("距首场考试工作日"), plan.lead_working_days),
            (_("公告发布时间"), _dt(plan.announced_at)),
            (_("考点"), f"{plan.venue.name} {plan.venue.address}"),
        ]
    )
    doc.heading(_("质询"))
    doc.table(
        [_("质询时间"), _("质询内容"), _("答复")],
        [[_dt(q.asked_at), q.question, q.answer] for q in plan.queries.order_by("id")],
    )
    doc.heading(_("考试场次与人员安排"))
    rows = []
    for s in plan.sessions.select_related("room").prefetch_related("staff__person").order_by("starts_at", "id"):
        staff = "、".join(f"{st.person.name}（{st.get_role_display()}）" for st in s.staff.all())
        rows.append(
            [_dt(s.starts_at), s.get_level_display(), s.get_component_display(), s.room.name, s.capacity, staff]
        )
    doc.table(
        [_("开始"), _("等级"), _("科目"), _("考场"), _("考位"), _("人员")], rows, widths=[26, 18, 16, 24, 12, None]
    )
    return doc.render()


def volume_process(plan: ExamPlan) -> bytes:
    from skillcert.exams.models import Attendance, Incident, StaffingConfirmation

    doc = Document(str(Volume.PROCESS.label), subtitle=plan.number)
    _header(doc, plan)
    doc.heading(_("人员配备确认"))
    doc.table(
        [_("场次"), _("确认时间")],
        [[str(c.session), _dt(c.confirmed_at)] for c in StaffingConfirmation.objects.filter(session__plan=plan)],
    )
    doc.heading(_("签到记录"))
    attendance = Attendance.objects.filter(session__plan=plan).select_related("session__plan", "registration")
    doc.table(
        [_("场次"), _("考生"), _("签到时间"), _("身份核验"), _("说明")],
        [
            [
                str(a.session),
                a.registration.name,
                _dt(a.checked_in_at),
                _("通过") if a.identity_verified else _("未通过"),
                a.note,
            ]
            for a in attendance
        ],
    )
    doc.heading(_("考场情况记录"))
    doc.table(
        [_("场次"), _("类别"), _("情况说明"), _("处理"), _("记录时间")],
        [
            [str(i.session), i.get_kind_display(), i.description, i.get_handling_display(), _dt(i.recorded_at)]
            for i in Incident.objects.filter(session__plan=plan).select_related("session__plan")
        ],
    )
    doc.heading(_("督导记录"))
    doc.note(_("督导、检查记录及其照片随文件列入本卷。"))
    return doc.render()


def volume_results(plan: ExamPlan) -> bytes:
    from skillcert.exams.models import ComponentScore, RecheckRequest, Result, ScoreChange

    doc = Document(str(Volume.RESULTS.label), subtitle=plan.number)
    _header(doc, plan)
    doc.heading(_("成绩单"))
    scores = ComponentScore.objects.filter(registration__plan=plan).select_related("registration")
    doc.table(
        [_("考生"), _("科目"), _("成绩"), _("缺考"), _("无效"), _("已锁定")],
        [
            [s.registration.name, s.get_component_display(), s.score, s.absent, s.voided, s.locked]
            for s in scores.prefetch_related("examiner_scores").order_by("registration_id", "component")
        ],
    )
    doc.heading(_("考评员评分"))
    from skillcert.exams.models import ExaminerScore

    doc.table(
        [_("考生"), _("科目"), _("考评员"), _("评分")],
        [
            [e.component_score.registration.name, e.component_score.get_component_display(), e.examiner.name, e.score]
            for e in ExaminerScore.objects.filter(component_score__registration__plan=plan).select_related(
                "component_score__registration", "examiner"
            )
        ],
    )
    doc.heading(_("成绩变更"))
    doc.table(
        [_("考生"), _("科目"), _("变更前"), _("变更后"), _("原因"), _("时间")],
        [
            [
                c.component_score.registration.name,
                c.component_score.get_component_display(),
                c.before,
                c.after,
                c.reason,
                _dt(c.changed_at),
            ]
            for c in ScoreChange.objects.filter(component_score__registration__plan=plan).select_related(
                "component_score__registration"
            )
        ],
    )
    doc.heading(_("认定结果"))
    doc.table(
        [_("考生"), _("结果"), _("评定时间"), _("确认时间")],
        [
            [r.registration.name, _("合格") if r.passed else _("不合格"), _dt(r.decided_at), _dt(r.final_at)]
            for r in Result.objects.filter(registration__plan=plan).select_related("registration")
        ],
    )
    doc.heading(_("复核申请"))
    doc.table(
        [_("考生"), _("科目"), _("理由"), _("状态"), _("结果")],
        [
            [r.registration.name, r.get_component_display(), r.reason, r.get_status_display(), r.outcome]
            for r in RecheckRequest.objects.filter(registration__plan=plan).select_related("registration")
        ],
    )
    return doc.render()


def volume_certificates(plan: ExamPlan) -> bytes:
    from skillcert.certificates.models import Certificate

    doc = Document(str(Volume.CERTIFICATES.label), subtitle=plan.number)
    _header(doc, plan)
    doc.heading(_("证书数据确认"))
    doc.table(
        [_("证书编号"), _("姓名"), _("证件号码"), _("等级"), _("发证日期"), _("状态"), _("上报批次")],
        [
            [
                c.number,
                c.name,
                c.masked_id_number,
                c.level_label,
                c.issued_on,
                c.get_status_display(),
                c.export_batch.number if c.export_batch_id and c.export_batch else "",
            ]
            for c in Certificate.objects.filter(plan=plan).select_related("export_batch").order_by("number")
        ],
        widths=[40, 16, 32, 18, 20, 14, None],
    )
    return doc.render()


BUILDERS = {
    Volume.REGISTRATION: volume_registration,
    Volume.PLAN: volume_plan,
    Volume.PROCESS: volume_process,
    Volume.RESULTS: volume_results,
    Volume.CERTIFICATES: volume_certificates,
}


def generate(plan: ExamPlan, volume: int) -> Generated:
    """The generated record PDF of one volume."""
    label = Volume(volume).label
    return Generated(
        volume=volume, title=_("%(volume)s 记录汇编") % {"volume": label}, data=BUILDERS[Volume(volume)](plan)
    )


def contents_pdf(title: str, plan: ExamPlan, entries: list[tuple[int, str, str, str, str]]) -> bytes:
    """A volume's contents list (卷内目录): position, title, medium, digest, date."""
    doc = Document(title, subtitle=plan.number)
    doc.table(
        [_("顺序号"), _("题名"), _("载体"), _("SHA-256"), _("日期")],
        [list(e) for e in entries],
        widths=[14, None, 14, 46, 22],
    )
    return doc.render()
