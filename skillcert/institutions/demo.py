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
from decimal import Decimal
from typing import Any

from django.utils import timezone

from skillcert.accounts import services as account_services
from skillcert.accounts.models import Organisation
from skillcert.demo.builders import (
    DEMO_PASSWORD,
    demo_document,
    demo_user,
    ensure_venue,
    file_institution,
    import_demo_roster,
    institution_clerk,
    make_credit_code,
    make_resident_id,
    publish_fees,
    publish_rules,
    scope_entry,
    sign_demo_commitment,
)
from skillcert.institutions import services
from skillcert.institutions.choices import (
    InstitutionStatus,
    InstitutionType,
    RoomKind,
    RuleDocumentKind,
)
from skillcert.institutions.models import (
    BranchFiling,
    Institution,
)


def seed(ctx: dict[str, Any]) -> None:
    """Filings, scope, rule documents, commitments, fees, venues, rosters, a branch and sanctions."""
    region_center = demo_user("region_center")
    bureaus = {code: demo_user(f"bureau_{code}") for code in ("150100", "150200", "150600")}

    # 1. 呼和浩特: a league-scope social institution, fully ready.
    hohhot_manager = demo_user("inst_150100_manager")
    hohhot = file_institution(
        applicant=hohhot_manager,
        decider=bureaus["150100"],
        type=InstitutionType.SOCIAL_LEAGUE,
        name=Organisation.objects.get(code="demo-inst-150100").name,
        credit_code=make_credit_code("52", "150100", 100001),
        area="150100",
        scope=[
            scope_entry("6-31-01-03", [5, 4, 3]),
            scope_entry("4-03-02-01", [5, 4, 3]),
            scope_entry("4-10-01-05", [5, 4]),
        ],
        filing_number="NMPJ-150100-2026-0001",
        address="呼和浩特市赛罕区大学西街110号",
    )
    publish_rules(hohhot, hohhot_manager)
    sign_demo_commitment(hohhot, hohhot_manager, bureaus["150100"])
    publish_fees(hohhot, hohhot_manager)
    ensure_venue(
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
    baotou_manager = demo_user("inst_150200_manager")
    baogang = file_institution(
        applicant=baotou_manager,
        decider=region_center,
        type=InstitutionType.ENTERPRISE,
        name=Organisation.objects.get(code="demo-inst-150200").name,
        credit_code=make_credit_code("91", "150200", 200002),
        area="150000",
        scope=[scope_entry("6-18-02-04", [5, 4, 3, 2], "电焊工"), scope_entry("6-31-01-03", [5, 4, 3, 2, 1])],
        filing_number="NMPJ-150000-2026-0001",
        address="包头市昆都仑区钢铁大街1号",
    )
    publish_rules(baogang, baotou_manager)
    sign_demo_commitment(baogang, baotou_manager, bureaus["150200"])
    publish_fees(baogang, baotou_manager)
    ensure_venue(
        baogang,
        baotou_manager,
        "包钢技能鉴定考点",
        "150200",
        [("焊接实训车间", RoomKind.PRACTICAL, 30, True), ("培训楼机房", RoomKind.COMPUTER, 50, True)],
    )
    import_demo_roster(
        baogang,
        baotou_manager,
        [
            ["张伟", make_resident_id("150203", "19880312", 11), "本单位职工", "BG1001", "炼钢厂", "2010-07-01", ""],
            ["李强", make_resident_id("150204", "19920805", 23), "本单位职工", "BG1002", "轨梁厂", "2014-07-01", ""],
            [
                "王芳",
                make_resident_id("150202", "19950120", 42),
                "劳务派遣人员",
                "PQ2001",
                "检修中心",
                "2021-03-01",
                "",
            ],
            ["赵磊", make_resident_id("150207", "19900618", 35), "劳务外包人员", "WB3001", "动力厂", "2022-05-01", ""],
            [
                "孙杰",
                make_resident_id("150203", "19850922", 17),
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
            credit_code=make_credit_code("91", "150600", 200003),
            responsible_person="高峰",
            address="鄂尔多斯市东胜区铁西路16号",
            league="150600",
            manager_username="branch_150600_manager",
            manager_full_name="高峰",
        )
        branch = registration.branch
        assert registration.manager is not None
        account_services.change_password(actor=None, user=registration.manager, new_password=DEMO_PASSWORD)
    branch_manager = demo_user("branch_150600_manager")
    institution_clerk(branch, "branch_150600_clerk", "鄂尔多斯分中心经办")
    branch_venue = ensure_venue(
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
            licence_file=demo_document("分支机构营业执照.pdf"),
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
    publish_rules(branch, branch_manager)
    sign_demo_commitment(branch, branch_manager, bureaus["150600"])
    publish_fees(branch, branch_manager)

    # 3. 鄂尔多斯市技师学院: a technical school with students, not ready yet.
    school_manager = demo_user("inst_150600_manager")
    school = file_institution(
        applicant=school_manager,
        decider=bureaus["150600"],
        type=InstitutionType.TECHNICAL_SCHOOL,
        name=Organisation.objects.get(code="demo-inst-150600").name,
        credit_code=make_credit_code("12", "150600", 300004),
        area="150600",
        scope=[scope_entry("4-12-01-01", [5, 4, 3]), scope_entry("4-03-02-01", [5, 4])],
        filing_number="NMPJ-150600-2026-0001",
        address="鄂尔多斯市康巴什区技师学院路1号",
    )
    publish_rules(
        school, school_manager, [RuleDocumentKind.EXAM_AFFAIRS, RuleDocumentKind.QUALITY, RuleDocumentKind.SCORING]
    )
    sign_demo_commitment(school, school_manager, None)
    import_demo_roster(
        school,
        school_manager,
        [
            [
                "马晓东",
                make_resident_id("150602", "20060411", 51),
                "本校学生",
                "2024QC01",
                "汽修2401班",
                "2024-09-01",
                "2027-07-01",
            ],
            [
                "白雅琴",
                make_resident_id("150603", "20070102", 62),
                "本校学生",
                "2024PR02",
                "烹饪2402班",
                "2024-09-01",
                "2027-07-01",
            ],
        ],
    )

    # 4. A region-scope social institution filed with the ministry.
    association = file_institution(
        applicant=None,
        decider=region_center,
        type=InstitutionType.SOCIAL_REGION,
        name="内蒙古职业技能评价协会",
        credit_code=make_credit_code("51", "150000", 400005),
        area="150000",
        scope=[scope_entry("4-10-01-05", [5, 4, 3]), scope_entry("4-10-01-06", [5, 4, 3])],
        filing_number="NMPJ-150000-2026-0002",
        address="呼和浩特市新城区新华大街63号",
        manager=("assoc_manager", "陈会长"),
        ministry_code="0371",
    )
    institution_clerk(association, "assoc_clerk", "协会经办")

    # 5. Under rectification, with a fee well above its estimated cost.
    zhongcheng = file_institution(
        applicant=None,
        decider=bureaus["150200"],
        type=InstitutionType.SOCIAL_LEAGUE,
        name="包头市众成职业培训学校",
        credit_code=make_credit_code("52", "150200", 500006),
        area="150200",
        scope=[scope_entry("4-10-03-02", [5, 4])],
        filing_number="NMPJ-150200-2026-0001",
        address="包头市青山区幸福路18号",
        manager=("zhongcheng_manager", "何校长"),
    )
    institution_clerk(zhongcheng, "zhongcheng_clerk", "众成学校经办")
    publish_fees(zhongcheng, demo_user("zhongcheng_clerk"), factor=Decimal("0.55"))
    if zhongcheng.status == InstitutionStatus.ACTIVE:
        services.change_status(
            actor=bureaus["150200"],
            institution=zhongcheng,
            to_status=InstitutionStatus.RECTIFICATION,
            grounds="2026年第一次“双随机、一公开”抽查：未公开评分管理等规章制度，收费明显高于测算成本",
            deadline=timezone.localdate() + datetime.timedelta(days=30),
        )

    # 6. Revoked and on the blacklist.
    chengda = file_institution(
        applicant=None,
        decider=bureaus["150100"],
        type=InstitutionType.SOCIAL_LEAGUE,
        name="呼和浩特市诚达职业技能评价有限公司",
        credit_code=make_credit_code("91", "150100", 600007),
        area="150100",
        scope=[scope_entry("4-10-03-01", [5, 4])],
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
