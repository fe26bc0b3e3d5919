"""Public builders of the demo data, shared by every app's `demo.py` (seed_demo).

Each builder goes through the services, so demo rows obey every rule a real user meets, and
each is idempotent: calling it again returns what is already there.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from skillcert.accounts import services as account_services
from skillcert.accounts.choices import Role
from skillcert.accounts.models import Organisation, User
from skillcert.catalog.models import Occupation, WorkType
from skillcert.core.validators import credit_code_check_char, resident_id_check_digit
from skillcert.institutions import services
from skillcert.institutions.choices import (
    ApplicationStatus,
    CostItem,
    EntryStage,
    InstitutionType,
    RoomKind,
    RuleDocumentKind,
)
from skillcert.institutions.models import (
    Commitment,
    EntryStageRecord,
    FilingApplication,
    Institution,
    SelectionCall,
    Venue,
)
from skillcert.institutions.selectors import current_commitment_text, published_rule_documents, scope_items_on

DEMO_PASSWORD = "Demo#2026skill"
"""The password of every demo account (README lists the accounts)."""

PDF = b"%PDF-1.4\n% SkillCert demo document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

RULE_TEXTS: dict[str, str] = {
    RuleDocumentKind.EXAM_AFFAIRS: (
        "一、认定计划至少提前10个工作日在监管平台报备。\n二、考场按准考证号抽签排座，考前核验身份。\n"
        "三、试卷密封保管，开考前当众启封，考后清点回收。"
    ),
    RuleDocumentKind.QUALITY: (
        "一、设内部质量督导员，全程督导考务和评分。\n二、主动接受外部质量督导员现场督导。\n"
        "三、每批次认定结束后开展质量分析并留存记录。"
    ),
    RuleDocumentKind.ITEM_BANK: (
        "一、按命题技术规程建立题（卷）库，每年至少更新一次。\n二、题库专人管理、分级授权，组卷和试卷流转全程留痕。"
    ),
    RuleDocumentKind.SCORING: (
        "一、操作技能由不少于3名（单数）考评人员独立评分，取平均分。\n二、成绩变更须记录变更前后分数、变更人和理由。"
    ),
    RuleDocumentKind.CERTIFICATE: (
        "一、证书按全国统一编码规则编号，按参考样式制作。\n二、证书信息在公示期满后上传，发现错误按程序更正或注销。"
    ),
    RuleDocumentKind.DISCIPLINE: (
        "一、考生违纪按情节给予警告、取消本科目成绩等处理。\n二、考务人员违规按规定处理，涉嫌违法的移交有关部门。"
    ),
    RuleDocumentKind.FEES: (
        "按照充分测算、以支定收的原则制定收费标准，费用主要用于命题、制卷、场租、监考、考评、阅卷、评定、"
        "原材料、数字化平台使用等项目，并向社会公示。"
    ),
    RuleDocumentKind.EXAMINERS: (
        "一、考评员须经培训考核合格、取得相应职业（工种）和等级的考评资格，持证上岗。\n"
        "二、考评员实行回避制度和轮换制度，评分独立、签字负责。\n三、考评员违规按规定处理并记入个人记录。"
    ),
}

# Share of each cost item in a fee (sums to 1); costs sit a few percent below the amounts.
COST_SHARES = {
    CostItem.PROPOSITION: Decimal("0.12"),
    CostItem.PAPER: Decimal("0.05"),
    CostItem.VENUE_RENT: Decimal("0.15"),
    CostItem.INVIGILATION: Decimal("0.10"),
    CostItem.EXAMINATION: Decimal("0.20"),
    CostItem.MARKING: Decimal("0.08"),
    CostItem.EVALUATION: Decimal("0.05"),
    CostItem.MATERIALS: Decimal("0.20"),
    CostItem.PLATFORM: Decimal("0.05"),
}
LEVEL_FEES = {5: Decimal("260"), 4: Decimal("320"), 3: Decimal("400"), 2: Decimal("600"), 1: Decimal("800")}


def make_credit_code(prefix: str, area: str, n: int) -> str:
    first17 = f"{prefix}{area}{n:09d}"
    return first17 + credit_code_check_char(first17)


def make_resident_id(area: str, birth: str, seq: int) -> str:
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + resident_id_check_digit(first17)


def occupation_by_code(code: str) -> Occupation:
    return Occupation.objects.get(edition=2022, code=code)


def scope_entry(code: str, levels: list[int], work_type: str | None = None) -> services.ScopeEntry:
    occupation = occupation_by_code(code)
    wt = WorkType.objects.get(occupation=occupation, name=work_type) if work_type else None
    return services.ScopeEntry(occupation.pk, wt.pk if wt else None, levels)


def demo_user(username: str) -> User:
    return User.objects.get(username=username)


def fee_items(level: int, factor: Decimal = Decimal("0.95")) -> dict[str, tuple[str, str]]:
    total = LEVEL_FEES[level]
    return {
        item: (str((total * share).quantize(Decimal("0.01"))), str((total * share * factor).quantize(Decimal("0.01"))))
        for item, share in COST_SHARES.items()
    }


def demo_document(name: str = "营业执照.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def file_institution(
    *,
    applicant: User | None,
    decider: User,
    type: str,
    name: str,
    credit_code: str,
    area: str,
    scope: list[services.ScopeEntry],
    filing_number: str,
    address: str,
    manager: tuple[str, str] | None = None,
    ministry_code: str = "",
) -> Institution:
    existing = Institution.objects.filter(credit_code=credit_code).first()
    if existing is not None:
        return existing
    application = FilingApplication.objects.filter(credit_code=credit_code, status=ApplicationStatus.SUBMITTED).first()
    if application is None:
        application = services.submit_initial_application(
            actor=applicant,
            type=type,
            filed_name=name,
            credit_code=credit_code,
            responsible_person="王建国" if type != InstitutionType.TECHNICAL_SCHOOL else "刘志强",
            address=address,
            area=area,
            ministry_filed=bool(ministry_code),
            ministry_code=ministry_code or "0000",
            items=scope,
            documents=[services.SupportingDocument("营业执照（登记证书）", demo_document())],
            manager_username=manager[0] if manager else "",
            manager_full_name=manager[1] if manager else "",
            note="演示数据",
        )
    pass_entry_stages(application, decider)
    decision = services.accept_application(actor=decider, application=application, filing_number=filing_number)
    if decision.manager is not None:
        account_services.change_password(actor=None, user=decision.manager, new_password=DEMO_PASSWORD)
    assert decision.institution is not None
    services.publish_institution(actor=decider, institution=decision.institution)
    return decision.institution


def open_demo_call(authority: Organisation, actor: User) -> SelectionCall:
    """The authority's current call for applications (征集), opened once."""
    today = timezone.localdate()
    call = SelectionCall.objects.filter(authority=authority, opens_on__lte=today, closes_on__gte=today).first()
    if call is not None:
        return call
    return services.open_selection_call(
        actor=actor,
        authority=authority,
        title=f"{today.year}年度职业技能等级评价机构征集公告",
        description="面向辖区用人单位、技工院校和社会培训评价组织征集职业技能等级评价机构，具备场地、考评人员和管理制度的均可申请。",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=90),
    )


def pass_entry_stages(application: FilingApplication, decider: User) -> None:
    """征集 → 遴选 → 评估 for a demo application (2024 办法 art. 3)."""
    done = set(EntryStageRecord.objects.filter(application=application).values_list("stage", flat=True))
    if EntryStage.SELECTION not in done:
        services.record_selection(
            actor=decider,
            application=application,
            call=open_demo_call(application.competent_authority, decider),
            passed=True,
            criteria="场地设施、考评人员队伍、管理制度、社会信誉",
            findings="符合征集条件，进入评估。",
        )
    if EntryStage.ASSESSMENT not in done:
        services.record_assessment(
            actor=decider, application=application, passed=True, findings="现场评估：考场、设备和人员满足评价需要。"
        )


def publish_rules(institution: Institution, actor: User, kinds: list[str] | None = None) -> None:
    done = published_rule_documents(institution)
    for kind in RuleDocumentKind:
        if kind.value in done or (kinds is not None and kind.value not in kinds):
            continue
        services.add_rule_document(
            actor=actor,
            institution=institution,
            kind=kind.value,
            title=f"{institution.filed_name}{kind.label}制度",
            body=RULE_TEXTS[kind.value],
            publish=True,
        )


def sign_demo_commitment(institution: Institution, manager: User, countersigner: User | None) -> None:
    text = current_commitment_text(institution)
    if text is None:
        return
    signature = Commitment.objects.filter(institution=institution, text=text).first()
    if signature is None:
        signature = services.sign_commitment(actor=manager, institution=institution, text_version=text)
    if countersigner is not None and not signature.countersigned:
        services.countersign_commitment(actor=countersigner, commitment=signature)


def publish_fees(institution: Institution, actor: User, factor: Decimal = Decimal("0.95")) -> None:
    from skillcert.institutions.models import Fee

    for item in scope_items_on(institution):
        if Fee.objects.filter(
            institution=institution, occupation=item.occupation, work_type=item.work_type, level=item.level
        ).exists():
            continue
        services.save_fee(
            actor=actor,
            institution=institution,
            occupation=item.occupation,
            work_type=item.work_type,
            level=item.level,
            items=fee_items(item.level, factor),
            publish=True,
        )


def ensure_venue(
    institution: Institution, actor: User, name: str, league: str, rooms: list[tuple[str, str, int, bool]]
) -> Venue:
    venue = Venue.objects.filter(institution=institution, name=name).first()
    if venue is None:
        venue = services.save_venue(
            actor=actor, institution=institution, name=name, league=league, address=f"{name}综合楼"
        )
        for room_name, kind, capacity, video in rooms:
            services.save_room(
                actor=actor,
                venue=venue,
                name=room_name,
                kind=kind,
                capacity=capacity,
                equipment="身份核验终端、计时器" if kind != RoomKind.PRACTICAL else "实训工位、安全防护设备",
                video_monitoring=video,
            )
    return venue


def import_demo_roster(institution: Institution, actor: User, rows: list[list[str]]) -> None:
    if institution.roster.exists():
        return
    header = "姓名,证件号码,人员类别,工号/学号,部门/班级,入职/入学日期,离职/毕业日期\n"
    data = (header + "".join(",".join(r) + "\n" for r in rows)).encode("utf-8")
    services.import_roster(actor=actor, institution=institution, upload=io.BytesIO(data), filename="名册.csv")


def institution_clerk(institution: Institution, username: str, full_name: str) -> None:
    if not User.objects.filter(username=username).exists():
        account_services.create_user(
            actor=None,
            organisation=institution.organisation,
            username=username,
            full_name=full_name,
            password=DEMO_PASSWORD,
            roles=[Role.CLERK],
            must_change_password=False,
        )
