"""Traceability: from a certificate back through every record behind it, and from an examiner or a
session forward to every certificate it touched, each line with its audit events and whether the
audit chain verifies over them (R-ARC-3, R-X-1)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.accounts.types import Visitor
from skillcert.archives.models import Dossier, StoredFile
from skillcert.certificates.models import Certificate
from skillcert.core.audit import compute_hash
from skillcert.core.errors import NotFoundError
from skillcert.core.masking import mask_id_number
from skillcert.core.models import AuditEvent
from skillcert.core.scoping import is_authenticated
from skillcert.exams.choices import SessionStaffRole
from skillcert.exams.models import ExamSession, Registration

TRACE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
OVERSIGHT_APPS = ("inspections",)
"""Apps whose records pointing at a session or plan (by foreign key) join the trace when they exist; the
supervision app's alerts, which name their subject by type and id, and campaign inspections, which cover
an institution over a records period, are found by `_alerts` and `_campaign_inspections`."""

STAFF_ROLE_TO_PERSONNEL: dict[str, str] = {
    SessionStaffRole.SKILLS_EXAMINER: "examiner",
    SessionStaffRole.REVIEW_PANEL: "examiner",
    SessionStaffRole.INTERNAL_SUPERVISOR: "internal_supervisor",
    SessionStaffRole.EXTERNAL_SUPERVISOR: "external_supervisor",
}


@dataclass
class Line:
    """One record in the trace: what it is, what it says, its audit events."""

    label: str
    text: str
    obj: models.Model | None = None
    events: list[AuditEvent] = field(default_factory=list)
    files: list[StoredFile] = field(default_factory=list)
    chain_ok: bool = True

    @property
    def object_type(self) -> str:
        return self.obj._meta.label if self.obj is not None else ""

    @property
    def object_id(self) -> str:
        return str(self.obj.pk) if self.obj is not None else ""


@dataclass
class Section:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)
    note: str = ""


@dataclass
class Trace:
    certificate: Certificate
    sections: list[Section]
    dossier: Dossier | None
    missing: list[str]

    @property
    def events(self) -> list[AuditEvent]:
        return [e for s in self.sections for line in s.lines for e in line.events]

    @property
    def chain_ok(self) -> bool:
        return all(line.chain_ok for s in self.sections for line in s.lines)


def may_trace(actor: Visitor) -> bool:
    return is_authenticated(actor) and (actor.is_superuser or bool(set(actor.role_codes) & TRACE_ROLES))


def traceable_certificates(actor: Visitor) -> QuerySet[Certificate]:
    """Certificates the actor may trace: office staff within their scope; never candidates or the public."""
    if not may_trace(actor):
        return Certificate.objects.none()
    return Certificate.objects.restrict(actor, "view")


def _dt(value: Any) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def _events_by_object(objects: Iterable[models.Model]) -> dict[tuple[str, str], list[AuditEvent]]:
    keys = {(o._meta.label, str(o.pk)) for o in objects if o is not None and o.pk is not None}
    if not keys:
        return {}
    q = Q()
    for label, pk in keys:
        q |= Q(object_type=label, object_id=pk)
    found: dict[tuple[str, str], list[AuditEvent]] = {}
    for event in AuditEvent.objects.filter(q).order_by("id"):
        found.setdefault((event.object_type, event.object_id), []).append(event)
    return found


def _chain_holds(events: list[AuditEvent]) -> dict[int, bool]:
    """Per event: its hash matches its content and its predecessor's hash matches its prev_hash."""
    from skillcert.core.audit import GENESIS_HASH

    result: dict[int, bool] = {}
    for event in events:
        prev = AuditEvent.objects.filter(id__lt=event.id).order_by("-id").values_list("hash", flat=True).first()
        result[event.pk] = compute_hash(event) == event.hash and event.prev_hash == (prev or GENESIS_HASH)
    return result


def _oversight(sessions: list[ExamSession], plan: Any) -> tuple[list[Line], list[str]]:
    """Records of the supervision and inspection apps that point at these sessions or this plan."""
    lines: list[Line] = []
    missing: list[str] = []
    session_ids = [s.pk for s in sessions]
    for label in OVERSIGHT_APPS:
        config = apps.get_app_config(label)
        linked = False
        for model in config.get_models():
            for f in model._meta.get_fields():
                if not getattr(f, "many_to_one", False) or (f.auto_created and not f.concrete):
                    continue
                related = getattr(f, "related_model", None)
                if related is ExamSession:
                    rows = model._default_manager.filter(**{f"{f.name}__in": session_ids})
                elif related is not None and related._meta.label == "exams.ExamPlan":
                    rows = model._default_manager.filter(**{f.name: plan})
                else:
                    continue
                linked = True
                for row in rows.order_by("pk")[:200]:
                    lines.append(Line(str(model._meta.verbose_name), str(row), row))
        if not linked:
            missing.append(str(config.verbose_name))
    return lines, missing


def _dated(value: Any) -> Any:
    return timezone.localtime(value).date() if value is not None else None


def _alerts(actor: User, subjects: list[models.Model], institution: Any, first_day: Any, last_day: Any) -> list[Line]:
    """Supervision alerts about the certificate, its registration, plan, sessions or seats, and the
    institution's own alerts observed while the batch ran (its sessions and issuance) (R-SUP-2, R-ARC-3)."""
    if not apps.is_installed("skillcert.supervision"):
        return []
    alert_model = apps.get_model("supervision", "Alert")
    about = Q(pk__in=[])
    for obj in subjects:
        if obj is not None and obj.pk is not None:
            about |= Q(subject_type=obj._meta.label, subject_id=obj.pk)
    if first_day is not None and last_day is not None:
        about |= Q(
            subject_type=institution._meta.label,
            subject_id=institution.pk,
            observed_on__range=(first_day, last_day),
        )
    rows = alert_model.objects.restrict(actor, "view").filter(about).order_by("first_seen_at", "id")[:200]
    return [
        Line(
            _("监管预警"),
            _("%(kind)s：%(subject)s（%(status)s，%(first)s 首次发现%(period)s）")
            % {
                "kind": row.kind_label,
                "subject": row.subject_label,
                "status": row.get_status_display(),
                "first": _dt(row.first_seen_at),
                "period": _("，期间 ") + row.period if row.period else "",
            },
            row,
        )
        for row in rows
    ]


def _campaign_inspections(actor: User, institution: Any, days: list[Any]) -> list[Line]:
    """双随机 inspections of the institution whose 调阅资料 period covers one of the sessions, and the
    rectification orders they or the sessions' supervision reports proposed (R-SUP-4, R-ARC-3)."""
    if not apps.is_installed("skillcert.inspections") or not days:
        return []
    inspection_model = apps.get_model("inspections", "Inspection")
    covering = Q(pk__in=[])
    for day in set(days):
        covering |= Q(campaign__records_from__lte=day, campaign__records_to__gte=day)
    rows = (
        inspection_model.objects.restrict(actor, "view")
        .filter(institution=institution)
        .filter(covering)
        .select_related("campaign", "institution")
        .order_by("campaign__records_from", "id")[:200]
    )
    lines = []
    for row in rows:
        outcome = row.get_outcome_display() if row.outcome else _("尚无结论")
        lines.append(
            Line(
                _("双随机检查"),
                _("%(campaign)s（调阅资料 %(start)s 至 %(end)s）：%(status)s，%(outcome)s %(findings)s")
                % {
                    "campaign": str(row.campaign),
                    "start": row.campaign.records_from,
                    "end": row.campaign.records_to,
                    "status": row.get_status_display(),
                    "outcome": outcome,
                    "findings": row.findings,
                },
                row,
            )
        )
    return lines


def _orders(inspections: list[models.Model], sessions: list[ExamSession]) -> list[Line]:
    if not apps.is_installed("skillcert.inspections"):
        return []
    order_model = apps.get_model("inspections", "RectificationOrder")
    rows = (
        order_model.objects.filter(Q(inspection__in=inspections) | Q(report__session__in=sessions))
        .select_related("institution", "sanction")
        .order_by("id")
    )
    return [
        Line(
            _("整改通知"),
            f"{row}：{row.proposal}"
            + (f"；{row.sanction.get_kind_display()} {row.sanction.get_status_display()}" if row.sanction else ""),
            row,
        )
        for row in rows
    ]


def _sanction_proposals(actor: User, inspections: list[models.Model]) -> list[Line]:
    """处理建议 the inspections concluded with, and the measure the bureau made of them (R-SUP-4, R-SUP-6)."""
    if not apps.is_installed("skillcert.sanctions") or not inspections:
        return []
    proposal_model = apps.get_model("sanctions", "Proposal")
    rows = (
        proposal_model.objects.restrict(actor, "view")
        .filter(inspection__in=inspections)
        .select_related("institution", "sanction")
        .order_by("id")
    )
    return [
        Line(
            _("处理建议"),
            _("建议%(measure)s（%(status)s）：%(grounds)s")
            % {"measure": row.get_measure_display(), "status": row.get_status_display(), "grounds": row.grounds}
            + (f"；{row.sanction.get_kind_display()} {row.sanction.get_status_display()}" if row.sanction else "")
            + (f"；{row.decision_note}" if row.decision_note and not row.sanction else ""),
            row,
        )
        for row in rows
    ]


def build_trace(*, actor: User, certificate: Certificate) -> Trace:
    """Everything behind one certificate, in the order it happened (R-ARC-3)."""
    from skillcert.certificates.models import StatusProposal
    from skillcert.exams.models import (
        Attendance,
        ComponentScore,
        ExaminerScore,
        Incident,
        Objection,
        RecheckRequest,
        Result,
        ScoreChange,
        Seat,
        SessionStaff,
    )
    from skillcert.personnel.eligibility import may_serve

    if not traceable_certificates(actor).filter(pk=certificate.pk).exists():
        raise NotFoundError(_("未找到该记录"))
    cert = Certificate.objects.select_related(
        "registration__plan__institution",
        "registration__plan__occupation",
        "registration__plan__venue",
        "export_batch",
        "issued_by",
        "run",
        "site_serial",
    ).get(pk=certificate.pk)
    reg: Registration = cert.registration
    plan = reg.plan
    sections: list[Section] = []

    candidate = Section("candidate", _("考生"))
    candidate.lines.append(
        Line(
            _("考生"),
            f"{cert.name}（{mask_id_number(cert.id_number)}）"
            + (_("，考生账号：") + cert.candidate.get_username() if cert.candidate else ""),
            cert.candidate,
        )
    )
    sections.append(candidate)

    registration = Section("registration", _("报名、证明材料与资格审核"))
    registration.lines.append(
        Line(
            _("报名"),
            _("%(level)s，%(source)s，%(when)s 报名；审核：%(status)s %(reviewed)s %(reason)s")
            % {
                "level": reg.get_level_display(),
                "source": reg.get_source_display(),
                "when": _dt(reg.submitted_at),
                "status": reg.get_status_display(),
                "reviewed": _dt(reg.reviewed_at),
                "reason": reg.review_reason,
            },
            reg,
            files=list(StoredFile.objects.filter(subject_type="exams.Registration", subject_id=str(reg.pk))),
        )
    )
    for ev in reg.evidence.all():
        registration.lines.append(
            Line(_("证明材料"), f"{ev.get_kind_display()}：{ev.original_name}（{ev.sha256[:12]}）", ev)
        )
    ri = reg.roster_import
    if ri is not None:
        registration.lines.append(
            Line(
                _("名册导入"),
                gettext("%(original_name)s（%(value)s），第%(row_number)s行")
                % {"original_name": ri.original_name, "value": ri.sha256[:12], "row_number": reg.row_number},
                ri,
            )
        )
    sections.append(registration)

    plan_section = Section("plan", _("认定计划与报送核查"))
    plan_section.lines.append(
        Line(
            _("认定计划"),
            _("%(number)s %(title)s；报送 %(filed)s，%(ontime)s，距首场考试 %(days)s 个工作日；状态：%(status)s")
            % {
                "number": plan.number,
                "title": plan.title,
                "filed": _dt(plan.filed_at),
                "ontime": _("按时报送") if plan.filed_on_time else _("未按时报送"),
                "days": plan.lead_working_days if plan.lead_working_days is not None else "—",
                "status": plan.get_status_display(),
            },
            plan,
        )
    )
    for q in plan.queries.all():
        plan_section.lines.append(Line(_("计划质询"), f"{q.question} → {q.answer or _('未答复')}", q))
    sections.append(plan_section)

    seats = list(Seat.objects.filter(registration=reg).select_related("session__room", "session__plan", "draw"))
    sessions = [s.session for s in seats]
    seating = Section("sessions", _("场次、考场与座位"))
    for seat in seats:
        s = seat.session
        seating.lines.append(Line(_("考试场次"), f"{s}，{s.room.name}，{_dt(s.starts_at)}—{_dt(s.ends_at)}", s))
        seating.lines.append(
            Line(
                _("座位"),
                _("座位号 %(n)s（抽签种子 %(seed)s）")
                % {"n": seat.seat_number, "seed": seat.draw.seed[:12] if seat.draw else "—"},
                seat,
            )
        )
    for att in Attendance.objects.filter(registration=reg).select_related("session__plan"):
        seating.lines.append(
            Line(
                _("签到"),
                f"{att.session}：{_dt(att.checked_in_at)}，"
                + (_("身份核验通过") if att.identity_verified else _("身份核验未通过")),
                att,
            )
        )
    sections.append(seating)

    staff_section = Section("staff", _("考评、督导人员及当日资格"))
    for st in SessionStaff.objects.filter(session__in=sessions).select_related("person", "session__plan"):
        role = STAFF_ROLE_TO_PERSONNEL.get(st.role)
        day = timezone.localtime(st.session.starts_at).date()
        if role is None:
            verdict = _("（监考人员，无需资格证卡）")
        else:
            ok, reasons = may_serve(st.person, role, plan.occupation, st.session.level, on=day)
            verdict = _("当日资格有效") if ok else _("当日资格不符：") + "；".join(str(r) for r in reasons)
        staff_section.lines.append(Line(st.get_role_display(), f"{st.person.name}，{st.session}，{day}：{verdict}", st))
    sections.append(staff_section)

    scores = Section("scores", _("成绩及每次变更"))
    for cs in ComponentScore.objects.filter(registration=reg).order_by("component"):
        scores.lines.append(
            Line(
                _("科目成绩"),
                f"{cs.get_component_display()}：{cs.score if cs.score is not None else '—'}"
                + (_("（已锁定）") if cs.locked else ""),
                cs,
            )
        )
        for es in ExaminerScore.objects.filter(component_score=cs).select_related("examiner"):
            scores.lines.append(Line(_("考评员评分"), f"{es.examiner.name}：{es.score}", es))
        for ch in ScoreChange.objects.filter(component_score=cs).select_related("changed_by"):
            scores.lines.append(Line(_("成绩变更"), f"{ch.before} → {ch.after}，{ch.reason}，{_dt(ch.changed_at)}", ch))
    result = Result.objects.filter(registration=reg).first()
    if result is not None:
        scores.lines.append(
            Line(
                _("认定结果"),
                f"{_('合格') if result.passed else _('不合格')}，{_dt(result.final_at or result.decided_at)}",
                result,
            )
        )
    sections.append(scores)

    incidents = Section("incidents", _("考场情况"))
    for inc in Incident.objects.filter(session__in=sessions).filter(Q(registration=reg) | Q(registration__isnull=True)):
        incidents.lines.append(Line(inc.get_kind_display(), f"{inc.description}（{inc.get_handling_display()}）", inc))
    sections.append(incidents)

    cases = Section("cases", _("异议与复核"))
    for ob in Objection.objects.filter(registration=reg):
        cases.lines.append(Line(_("公示异议"), f"{ob.text}（{ob.get_status_display()}）{ob.outcome}", ob))
    for rc in RecheckRequest.objects.filter(registration=reg):
        cases.lines.append(
            Line(
                _("复核申请"), f"{rc.get_component_display()}：{rc.reason}（{rc.get_status_display()}）{rc.outcome}", rc
            )
        )
    sections.append(cases)

    publicity = Section("publicity", _("成绩公示"))
    for pub in plan.publications.all():
        publicity.lines.append(
            Line(
                _("成绩公示"),
                gettext("%(dt)s 至 %(publicity_ends_on)s，复核截止 %(recheck_deadline)s")
                % {
                    "dt": _dt(pub.published_at),
                    "publicity_ends_on": pub.publicity_ends_on,
                    "recheck_deadline": pub.recheck_deadline,
                },
                pub,
            )
        )
    sections.append(publicity)

    issuance = Section("issuance", _("发证"))
    issuance.lines.append(
        Line(
            _("证书"),
            f"{cert.number}，{cert.issued_on}，{cert.issued_by.get_username() if cert.issued_by else _('系统')}",
            cert,
            files=list(StoredFile.objects.filter(subject_type="certificates.Certificate", subject_id=str(cert.pk))),
        )
    )
    if cert.run_id:
        issuance.lines.append(Line(_("批量发证"), str(cert.run), cert.run))
    sections.append(issuance)

    export = Section("export", _("上报批次"))
    if cert.export_batch is not None:
        batch = cert.export_batch
        export.lines.append(
            Line(
                _("上报批次"),
                gettext("%(number)s，%(count)s本，SHA-256 %(value)s")
                % {"number": batch.number, "count": batch.count, "value": batch.sha256[:16]},
                batch,
                files=list(
                    StoredFile.objects.filter(subject_type="certificates.ExportBatch", subject_id=str(batch.pk))
                ),
            )
        )
    sections.append(export)

    status = Section("status", _("状态变更"))
    for prop in StatusProposal.objects.filter(certificate=cert).order_by("proposed_at"):
        status.lines.append(
            Line(prop.get_kind_display(), f"{prop.grounds}（{prop.get_status_display()}）{prop.decision_note}", prop)
        )
    sections.append(status)

    oversight = Section("oversight", _("督导、检查与监管预警"))
    lines, missing = _oversight(sessions, plan)
    oversight.lines.extend(lines)
    days = sorted(_dated(s.starts_at) for s in sessions)
    inspection_lines = _campaign_inspections(actor, plan.institution, days)
    oversight.lines.extend(inspection_lines)
    inspected = [line.obj for line in inspection_lines if line.obj is not None]
    oversight.lines.extend(_orders(inspected, sessions))
    oversight.lines.extend(_sanction_proposals(actor, inspected))
    span = sorted([*days, cert.issued_on or timezone.localdate()])  # the batch ran from its first session to issuance
    oversight.lines.extend(_alerts(actor, [cert, reg, plan, *sessions, *seats], plan.institution, span[0], span[-1]))
    if missing:
        oversight.note = _("平台尚无以下记录可追溯：%(apps)s") % {"apps": "、".join(missing)}
    sections.append(oversight)

    all_lines = [line for s in sections for line in s.lines]
    by_object = _events_by_object(line.obj for line in all_lines if line.obj is not None)
    for line in all_lines:
        if line.obj is not None:
            line.events = by_object.get((line.object_type, line.object_id), [])
    holds = _chain_holds([e for line in all_lines for e in line.events])
    for line in all_lines:
        line.chain_ok = all(holds[e.pk] for e in line.events)
    dossier = Dossier.objects.filter(plan=plan).first()
    return Trace(certificate=cert, sections=sections, dossier=dossier, missing=missing)


def certificates_touched_by_person(actor: User, person: Any) -> QuerySet[Certificate]:
    """Every certificate whose candidate sat a session the person staffed or was scored by them (R-ARC-3)."""
    from skillcert.exams.models import ExaminerScore, SessionStaff

    sessions = SessionStaff.objects.filter(person=person).values("session")
    regs = Registration.objects.filter(
        Q(seats__session__in=sessions) | Q(scores__examiner_scores__in=ExaminerScore.objects.filter(examiner=person))
    ).values("pk")
    return traceable_certificates(actor).filter(registration__in=regs).distinct()


def certificates_touched_by_session(actor: User, session: ExamSession) -> QuerySet[Certificate]:
    """Every certificate whose candidate had a seat in the session (R-ARC-3)."""
    return traceable_certificates(actor).filter(registration__seats__session=session).distinct()


def trace_pdf(*, actor: User, certificate: Certificate) -> bytes:
    """The trace as a PDF report; printing it is audited (R-ARC-3)."""
    from django.db import transaction

    from skillcert.archives.choices import ArchiveEvent
    from skillcert.core.audit import record_event
    from skillcert.core.documents import Document

    trace = build_trace(actor=actor, certificate=certificate)
    doc = Document(_("证书追溯报告"), subtitle=f"{trace.certificate.number}  {_dt(timezone.now())}")
    doc.paragraph(
        _("审计链核验：%(result)s")
        % {"result": _("所列审计事件均通过核验") if trace.chain_ok else _("存在未通过核验的审计事件")}
    )
    for section in trace.sections:
        doc.heading(section.title)
        if section.note:
            doc.note(section.note)
        doc.table(
            [_("记录"), _("内容"), _("审计事件"), _("核验")],
            [
                [
                    line.label,
                    line.text,
                    "、".join(f"#{e.pk} {e.action}" for e in line.events),
                    _("通过") if line.chain_ok else _("未通过"),
                ]
                for line in section.lines
            ],
            widths=[26, None, 50, 14],
        )
    data = doc.render()
    with transaction.atomic():
        record_event(actor=actor, action=ArchiveEvent.TRACE_PRINTED, obj=trace.certificate)
    return data
