"""Demo data of quality supervision and 双随机、一公开 (seed_demo): inspectors, one finished
campaign on the public portal with a visible correction, and the demo supervisor's reports —
one submitted with a serious finding awaiting the Hohhot bureau, one left overdue."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from skillcert.accounts.choices import JurisdictionLevel
from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.core.validators import resident_id_check_digit
from skillcert.exams.choices import SessionStaffRole
from skillcert.exams.models import SessionStaff
from skillcert.inspections.choices import INSPECTION_CHECKLIST, SUPERVISION_CHECKLIST, Grade, Method, Outcome
from skillcert.inspections.models import Campaign, SupervisionReport
from skillcert.inspections.services import campaigns, quality
from skillcert.institutions.choices import InstitutionType
from skillcert.personnel.choices import StaffRole, TrainingResult
from skillcert.personnel.models import Person
from skillcert.personnel.services.people import register_person
from skillcert.personnel.services.qualifications import record_training
from skillcert.sanctions.choices import Kind

DEMO_SEED = "demo-ssj-2026-0001-public"
CAMPAIGN_TITLE = "2026年度职业技能等级认定评价机构双随机抽查"

# (name, employer organisation code or "", employer name, league code, birth, serial)
INSPECTORS = [
    ("韩检查", "bureau-150100", "", "150100", "19780304", 401),
    ("冯检查", "bureau-150200", "", "150200", "19800611", 403),
    ("褚检查", "bureau-150600", "", "150600", "19750920", 405),
    ("卫专家", "", "内蒙古大学", "150100", "19680115", 407),
    ("蒋专家", "", "内蒙古科技大学", "150200", "19710722", 409),
]


def _id_number(area: str, birth: str, serial: int) -> str:
    first17 = f"{area}{birth}{serial:03d}"
    return first17 + resident_id_check_digit(first17)


def _inspectors(region_centre: User, today: datetime.date) -> int:
    created = 0
    for name, org_code, employer_name, league, birth, serial in INSPECTORS:
        number = _id_number(f"{league[:4]}02", birth, serial)
        if Person.objects.filter(name=name, appointments__role=StaffRole.INSPECTOR).exists():
            continue
        person = register_person(
            actor=region_centre,
            name=name,
            id_number=number,
            employer=Organisation.objects.get(code=org_code) if org_code else None,
            employer_name=employer_name,
            jurisdiction=Jurisdiction.objects.get(code=league),
            job_title="行政执法人员" if org_code else "教授",
            role=StaffRole.INSPECTOR,
        )
        record_training(
            actor=region_centre,
            person=person,
            role=StaffRole.INSPECTOR,
            course="双随机一公开检查业务培训",
            hours="16",
            result=TrainingResult.PASSED,
            completed_on=today - datetime.timedelta(days=60),
        )
        created += 1
    return created


def _campaign(region_centre: User, today: datetime.date) -> Campaign:
    existing = Campaign.objects.filter(title=CAMPAIGN_TITLE).first()
    if existing is not None:
        return existing
    leagues = list(Jurisdiction.objects.filter(level__in=[JurisdictionLevel.LEAGUE, JurisdictionLevel.REGION]))
    campaign = campaigns.create_campaign(
        actor=region_centre,
        data=campaigns.CampaignInput(
            title=CAMPAIGN_TITLE,
            period_start=today - datetime.timedelta(days=40),
            period_end=today - datetime.timedelta(days=5),
            records_from=today - datetime.timedelta(days=400),
            records_to=today - datetime.timedelta(days=41),
            leagues=leagues,
            institution_types=list(InstitutionType.values),
            method=Method.BOTH,
            sampling_percent="5",
            inspectors_per_inspection=2,
            partner_departments="自治区市场监督管理局",
        ),
    )
    campaigns.publish_pool(actor=region_centre, campaign=campaign, seed=DEMO_SEED)
    campaign = campaigns.draw_campaign(actor=region_centre, campaign=campaign, seed=DEMO_SEED)
    all_yes = {key: "yes" for key, _label in INSPECTION_CHECKLIST}
    for index, inspection in enumerate(campaign.inspections.order_by("draw_order")):
        checklist = dict(all_yes)
        findings = "调阅认定计划、报名名册、签到表、成绩及证书发放资料，资料齐全，未发现问题。"
        outcome, note = Outcome.NO_PROBLEMS, ""
        if index == 0:
            checklist["process_records"] = "no"
            findings = "部分场次考场记录未由督导员签字，试卷交接记录不完整。"
            outcome, note = Outcome.RECTIFICATION, "责令30日内补齐考场记录和试卷交接记录，完善内部质量督导制度。"
        measure = ""
        if index == 1:
            checklist["scores"] = "no"
            findings = "3名考生成绩在公示后被修改，无复核审批记录；收费标准未在平台公示。"
            outcome, note, measure = Outcome.SANCTION, "擅自修改成绩，建议予以通报批评。", Kind.CRITICISM
        campaigns.record_inspection(
            actor=region_centre,
            inspection=inspection,
            inspected_on=today - datetime.timedelta(days=20 - index),
            checklist=checklist,
            findings=findings,
        )
        campaigns.conclude_inspection(
            actor=region_centre, inspection=inspection, outcome=outcome, note=note, measure=measure
        )
    campaigns.publish_results(actor=region_centre, campaign=campaign)
    last = campaign.inspections.order_by("-draw_order").first()
    if last is not None:
        campaigns.correct_result(
            actor=region_centre,
            inspection=last,
            note="补充检查发现：收费标准已按规定公示。",
            findings=f"{last.findings}收费标准已在平台公示，与实际收费一致。",
        )
    return campaign


def _supervision(today: datetime.date) -> str:
    """Link the demo supervisor's login to an external supervisor staffed on Hohhot sessions, then
    file one report with a serious finding and leave the next one open."""
    user = User.objects.filter(username="supervisor_ext").first()
    if user is None:
        return ""
    staffed = (
        SessionStaff.objects.filter(
            role=SessionStaffRole.EXTERNAL_SUPERVISOR,
            session__ends_at__lt=timezone.now(),
            session__plan__league__code="150100",
        )
        .select_related("person", "session")
        .order_by("session__starts_at", "id")
    )
    person = Person.objects.filter(user=user).first()
    if person is None:
        first = staffed.filter(person__user__isnull=True).first()
        if first is None:
            return ""
        # The demo account stands for this supervisor; the register has no service that links an
        # existing login, because in production each supervisor gets their own.
        Person.objects.filter(pk=first.person_id).update(user=user)
        person = first.person
    sessions = [row.session for row in staffed.filter(person=person)]
    if not sessions or SupervisionReport.objects.filter(supervisor=person).exists():
        return person.name
    report = quality.open_report(actor=user, session=sessions[0])
    quality.save_report(
        actor=user,
        report=report,
        arrived_at=timezone.localtime(sessions[0].starts_at) - datetime.timedelta(minutes=40),
        checklist={**{key: "yes" for key, _label in SUPERVISION_CHECKLIST}, "video_working": "no"},
        notes="开考前核验考生身份，检查试卷密封情况；巡视考场两次。",
        grade=Grade.SERIOUS,
        findings="第二考场视频监控在考试期间中断约40分钟，机构未及时报告。",
    )
    quality.countersign_report(actor=user, report=report, name="机构负责人", note="情况属实，已安排整改")
    quality.submit_report(actor=user, report=report)
    if len(sessions) > 1:
        quality.open_report(actor=user, session=sessions[1])
    return person.name


def seed(ctx: dict[str, Any]) -> None:
    today = timezone.localdate()
    region_centre = User.objects.get(username="region_center")
    created = _inspectors(region_centre, today)
    campaign = _campaign(region_centre, today)
    supervisor = _supervision(today)
    ctx.setdefault("summary", []).append(
        f"双随机检查：检查人员 {Person.objects.filter(appointments__role=StaffRole.INSPECTOR).count()} 人"
        f"（本次新建 {created} 人），已公开任务 {campaign.number}（抽中 {campaign.inspections.count()} 家，"
        f"种子 {campaign.seed}）；外部督导员账号 supervisor_ext 对应 {supervisor or '—'}"
    )
