"""Demo institutions of every type in several leagues, all made through the services (seed_demo).

- 呼和浩特市职业技能评价示范中心 (league-scope social institution): filed, fully ready.
- 包头钢铁集团职业技能等级认定中心 (enterprise, region-wide area): filed, ready, with a worker
  roster incl. dispatched and outsourced workers, and a branch in 鄂尔多斯市 whose 报备 the
  鄂尔多斯 bureau accepted.
- 鄂尔多斯市技师学院 (technical school): filed, a student roster, still missing rule
  documents and fees (its checklist shows what).
- 内蒙古职业技能评价协会 (region-scope social institution, filed with the ministry).
- 包头市众成职业培训学校 (league-scope): under rectification, with a fee out of band.
- 呼和浩特市诚达职业技能评价有限公司: suspended, then revoked → on the public blacklist.

Running it again changes nothing.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from skillcert.accounts import services as account_services
from skillcert.accounts.choices import Role
from skillcert.accounts.demo import DEMO_PASSWORD
from skillcert.accounts.models import Organisation, User
from skillcert.catalog.models import Occupation, WorkType
from skillcert.core.validators import credit_code_check_char, resident_id_check_digit
from skillcert.institutions import services
from skillcert.institutions.choices import (
    ApplicationStatus,
    CostItem,
    EntryStage,
    InstitutionStatus,
    InstitutionType,
    RoomKind,
    RuleDocumentKind,
)
from skillcert.institutions.models import (
    BranchFiling,
    Commitment,
    EntryStageRecord,
    FilingApplication,
    Institution,
    SelectionCall,
    Venue,
)
from skillcert.institutions.selectors import current_commitment_text, published_rule_documents, scope_items_on

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


def _credit(prefix: str, area: str, n: int) -> str:
    first17 = f"{prefix}{area}{n:09d}"
    return first17 + credit_code_check_char(first17)


def _resident_id(area: str, birth: str, seq: int) -> str:
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + resident_id_check_digit(first17)


def _occ(code: str) -> Occupation:
    return Occupation.objects.get(edition=2022, code=code)


def _entry(code: str, levels: list[int], work_type: str | None = None) -> services.ScopeEntry:
    occupation = _occ(code)
    wt = WorkType.objects.get(occupation=occupation, name=work_type) if work_type else None
    return services.ScopeEntry(occupation.pk, wt.pk if wt else None, levels)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _fee_items(level: int, factor: Decimal = Decimal("0.95")) -> dict[str, tuple[str, str]]:
    total = LEVEL_FEES[level]
    return {
        item: (str((total * share).quantize(Decimal("0.01"))), str((total * share * factor).quantize(Decimal("0.01"))))
        for item, share in COST_SHARES.items()
    }


def _document(name: str = "营业执照.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _file(
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
            documents=[services.SupportingDocument("营业执照（登记证书）", _document())],
            manager_username=manager[0] if manager else "",
            manager_full_name=manager[1] if manager else "",
            note="演示数据",
        )
    _pass_entry_stages(application, decider)
    decision = services.accept_application(actor=decider, application=application, filing_number=filing_number)
    if decision.manager is not None:
        account_services.change_password(actor=None, user=decision.manager, new_password=DEMO_PASSWORD)
    assert decision.institution is not None
    services.publish_institution(actor=decider, institution=decision.institution)
    return decision.institution


def _demo_call(authority: Organisation, actor: User) -> SelectionCall:
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


def _pass_entry_stages(application: FilingApplication, decider: User) -> None:
    """征集 → 遴选 → 评估 for a demo application (2024 办法 art. 3)."""
    done = set(EntryStageRecord.objects.filter(application=application).values_list("stage", flat=True))
    if EntryStage.SELECTION not in done:
        services.record_selection(
            actor=decider,
            application=application,
            call=_demo_call(application.competent_authority, decider),
            passed=True,
            criteria="场地设施、考评人员队伍、管理制度、社会信誉",
            findings="符合征集条件，进入评估。",
        )
    if EntryStage.ASSESSMENT not in done:
        services.record_assessment(
            actor=decider, application=application, passed=True, findings="现场评估：考场、设备和人员满足评价需要。"
        )


def _publish_rules(institution: Institution, actor: User, kinds: list[str] | None = None) -> None:
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


def _commit(institution: Institution, manager: User, countersigner: User | None) -> None:
    text = current_commitment_text(institution)
    if text is None:
        return
    signature = Commitment.objects.filter(institution=institution, text=text).first()
    if signature is None:
        signature = services.sign_commitment(actor=manager, institution=institution, text_version=text)
    if countersigner is not None and not signature.countersigned:
        services.countersign_commitment(actor=countersigner, commitment=signature)


def _fees(institution: Institution, actor: User, factor: Decimal = Decimal("0.95")) -> None:
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
            items=_fee_items(item.level, factor),
            publish=True,
        )


def _venue(
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


def _roster(institution: Institution, actor: User, rows: list[list[str]]) -> None:
    if institution.roster.exists():
        return
    header = "姓名,证件号码,人员类别,工号/学号,部门/班级,入职/入学日期,离职/毕业日期\n"
    data = (header + "".join(",".join(r) + "\n" for r in rows)).encode("utf-8")
    services.import_roster(actor=actor, institution=institution, upload=io.BytesIO(data), filename="名册.csv")


def _demo_clerk(institution: Institution, username: str, full_name: str) -> None:
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


def seed(ctx: dict[str, Any]) -> None:
    """Filings, scope, rule documents, commitments, fees, venues, rosters, a branch and sanctions."""
    region_center = _user("region_center")
    bureaus = {code: _user(f"bureau_{code}") for code in ("150100", "150200", "150600")}

    # 1. 呼和浩特: a league-scope social institution, fully ready.
    hohhot_manager = _user("inst_150100_manager")
    hohhot = _file(
        applicant=hohhot_manager,
        decider=bureaus["150100"],
        type=InstitutionType.SOCIAL_LEAGUE,
        name=Organisation.objects.get(code="demo-inst-150100").name,
        credit_code=_credit("52", "150100", 100001),
        area="150100",
        scope=[_entry("6-31-01-03", [5, 4, 3]), _entry("4-03-02-01", [5, 4, 3]), _entry("4-10-01-05", [5, 4])],
        filing_number="NMPJ-150100-2026-0001",
        address="呼和浩特市赛罕区大学西街110号",
    )
    _publish_rules(hohhot, hohhot_manager)
    _commit(hohhot, hohhot_manager, bureaus["150100"])
    _fees(hohhot, hohhot_manager)
    _venue(
        hohhot,
        hohhot_manager,
        "呼和浩特示范中心考点",
        "150100",
        [
            ("101笔试考场", RoomKind.WRITTEN, 40, True),
            ("201机考考场", RoomKind.COMPUTER, 60, True),
            ("实训楼电工实操区", RoomKind.PRACTICAL, 20, True),
        ],
    )

    # 2. 包钢: an enterprise with a region-wide area, its worker roster and a branch in 鄂尔多斯.
    baotou_manager = _user("inst_150200_manager")
    baogang = _file(
        applicant=baotou_manager,
        decider=region_center,
        type=InstitutionType.ENTERPRISE,
        name=Organisation.objects.get(code="demo-inst-150200").name,
        credit_code=_credit("91", "150200", 200002),
        area="150000",
        scope=[_entry("6-18-02-04", [5, 4, 3, 2], "电焊工"), _entry("6-31-01-03", [5, 4, 3, 2, 1])],
        filing_number="NMPJ-150000-2026-0001",
        address="包头市昆都仑区钢铁大街1号",
    )
    _publish_rules(baogang, baotou_manager)
    _commit(baogang, baotou_manager, bureaus["150200"])
    _fees(baogang, baotou_manager)
    _venue(
        baogang,
        baotou_manager,
        "包钢技能鉴定考点",
        "150200",
        [("焊接实训车间", RoomKind.PRACTICAL, 30, True), ("培训楼机房", RoomKind.COMPUTER, 50, True)],
    )
    _roster(
        baogang,
        baotou_manager,
        [
            ["张伟", _resident_id("150203", "19880312", 11), "本单位职工", "BG1001", "炼钢厂", "2010-07-01", ""],
            ["李强", _resident_id("150204", "19920805", 23), "本单位职工", "BG1002", "轨梁厂", "2014-07-01", ""],
            ["王芳", _resident_id("150202", "19950120", 42), "劳务派遣人员", "PQ2001", "检修中心", "2021-03-01", ""],
            ["赵磊", _resident_id("150207", "19900618", 35), "劳务外包人员", "WB3001", "动力厂", "2022-05-01", ""],
            [
                "孙杰",
                _resident_id("150203", "19850922", 17),
                "本单位职工",
                "BG0855",
                "炼铁厂",
                "2006-07-01",
                "2025-12-31",
            ],
        ],
    )
    branch = Institution.objects.filter(parent=baogang).first()
    if branch is None:
        registration = services.register_branch(
            actor=baotou_manager,
            parent=baogang,
            filed_name="包头钢铁集团鄂尔多斯职业技能评价分中心",
            credit_code=_credit("91", "150600", 200003),
            responsible_person="高峰",
            address="鄂尔多斯市东胜区铁西路16号",
            league="150600",
            manager_username="branch_150600_manager",
            manager_full_name="高峰",
        )
        branch = registration.branch
        assert registration.manager is not None
        account_services.change_password(actor=None, user=registration.manager, new_password=DEMO_PASSWORD)
    branch_manager = _user("branch_150600_manager")
    _demo_clerk(branch, "branch_150600_clerk", "鄂尔多斯分中心经办")
    branch_venue = _venue(
        branch,
        branch_manager,
        "包钢鄂尔多斯分中心考点",
        "150600",
        [("电工实操室", RoomKind.PRACTICAL, 16, True), ("理论考场", RoomKind.WRITTEN, 30, True)],
    )
    filing = BranchFiling.objects.filter(branch=branch, league__code="150600").first()
    if filing is None:
        filing = services.submit_branch_filing(
            actor=branch_manager,
            branch=branch,
            league="150600",
            licence_file=_document("分支机构营业执照.pdf"),
            venue=branch_venue,
            responsible_person="高峰",
            staff=[
                {"name": "高峰", "role": "负责人"},
                {"name": "韩雪", "role": "考务管理"},
                {"name": "周涛", "role": "内部质量督导员"},
            ],
        )
    if filing.status == "submitted":
        services.accept_branch_filing(actor=bureaus["150600"], filing=filing, reasons="材料齐全，同意报备")
    _publish_rules(branch, branch_manager)
    _commit(branch, branch_manager, bureaus["150600"])
    _fees(branch, branch_manager)

    # 3. 鄂尔多斯市技师学院: a technical school with students, not ready yet.
    school_manager = _user("inst_150600_manager")
    school = _file(
        applicant=school_manager,
        decider=bureaus["150600"],
        type=InstitutionType.TECHNICAL_SCHOOL,
        name=Organisation.objects.get(code="demo-inst-150600").name,
        credit_code=_credit("12", "150600", 300004),
        area="150600",
        scope=[_entry("4-12-01-01", [5, 4, 3]), _entry("4-03-02-01", [5, 4])],
        filing_number="NMPJ-150600-2026-0001",
        address="鄂尔多斯市康巴什区技师学院路1号",
    )
    _publish_rules(
        school, school_manager, [RuleDocumentKind.EXAM_AFFAIRS, RuleDocumentKind.QUALITY, RuleDocumentKind.SCORING]
    )
    _commit(school, school_manager, None)
    _roster(
        school,
        school_manager,
        [
            [
                "马晓东",
                _resident_id("150602", "20060411", 51),
                "本校学生",
                "2024QC01",
                "汽修2401班",
                "2024-09-01",
                "2027-07-01",
            ],
            [
                "白雅琴",
                _resident_id("150603", "20070102", 62),
                "本校学生",
                "2024PR02",
                "烹饪2402班",
                "2024-09-01",
                "2027-07-01",
            ],
        ],
    )

    # 4. A region-scope social institution filed with the ministry.
    association = _file(
        applicant=None,
        decider=region_center,
        type=InstitutionType.SOCIAL_REGION,
        name="内蒙古职业技能评价协会",
        credit_code=_credit("51", "150000", 400005),
        area="150000",
        scope=[_entry("4-10-01-05", [5, 4, 3]), _entry("4-10-01-06", [5, 4, 3])],
        filing_number="NMPJ-150000-2026-0002",
        address="呼和浩特市新城区新华大街63号",
        manager=("assoc_manager", "陈会长"),
        ministry_code="0371",
    )
    _demo_clerk(association, "assoc_clerk", "协会经办")

    # 5. Under rectification, with a fee well above its estimated cost.
    zhongcheng = _file(
        applicant=None,
        decider=bureaus["150200"],
        type=InstitutionType.SOCIAL_LEAGUE,
        name="包头市众成职业培训学校",
        credit_code=_credit("52", "150200", 500006),
        area="150200",
        scope=[_entry("4-10-03-02", [5, 4])],
        filing_number="NMPJ-150200-2026-0001",
        address="包头市青山区幸福路18号",
        manager=("zhongcheng_manager", "何校长"),
    )
    _demo_clerk(zhongcheng, "zhongcheng_clerk", "众成学校经办")
    _fees(zhongcheng, _user("zhongcheng_clerk"), factor=Decimal("0.55"))
    if zhongcheng.status == InstitutionStatus.ACTIVE:
        services.change_status(
            actor=bureaus["150200"],
            institution=zhongcheng,
            to_status=InstitutionStatus.RECTIFICATION,
            grounds="2026年第一次“双随机、一公开”抽查：未公开评分管理等规章制度，收费明显高于测算成本",
            deadline=timezone.localdate() + datetime.timedelta(days=30),
        )

    # 6. Revoked and on the blacklist.
    chengda = _file(
        applicant=None,
        decider=bureaus["150100"],
        type=InstitutionType.SOCIAL_LEAGUE,
        name="呼和浩特市诚达职业技能评价有限公司",
        credit_code=_credit("91", "150100", 600007),
        area="150100",
        scope=[_entry("4-10-03-01", [5, 4])],
        filing_number="NMPJ-150100-2026-0002",
        address="呼和浩特市回民区中山西路9号",
        manager=("chengda_manager", "吴经理"),
    )
    if chengda.status == InstitutionStatus.ACTIVE:
        services.change_status(
            actor=bureaus["150100"],
            institution=chengda,
            to_status=InstitutionStatus.SUSPENDED,
            grounds="群众举报查实：未按备案范围开展认定，向未参加考核人员出具证书",
        )
    if chengda.status == InstitutionStatus.SUSPENDED:
        services.change_status(
            actor=bureaus["150100"],
            institution=chengda,
            to_status=InstitutionStatus.REVOKED,
            grounds="经调查核实出具虚假证书，取消评价资质（内人社办发〔2021〕193号 五（五））",
        )

    accounts = ctx.setdefault("accounts", [])
    accounts += [
        ("包钢鄂尔多斯分中心 经办人", "branch_150600_clerk", DEMO_PASSWORD),
        ("内蒙古职业技能评价协会 经办人", "assoc_clerk", DEMO_PASSWORD),
        ("包头众成学校（限期整改）经办人", "zhongcheng_clerk", DEMO_PASSWORD),
    ]
    filed = Institution.objects.filter(filed_on__isnull=False).count()
    ctx.setdefault("summary", []).append(
        f"评价机构 {Institution.objects.count()} 个（已备案 {filed} 个，分支机构 "
        f"{Institution.objects.filter(parent__isnull=False).count()} 个，失信黑名单 "
        f"{Institution.objects.filter(status=InstitutionStatus.REVOKED).count()} 个）"
    )
    ctx.setdefault("notes", []).append(
        "评价机构：公开名录 /institutions/register/，失信黑名单 /institutions/blacklist/，"
        "备案申请 /institutions/apply/。"
        "新建评价机构负责人账号（assoc_manager、zhongcheng_manager、chengda_manager、branch_150600_manager，"
        "密码同上）首次登录时绑定动态口令。"
    )
