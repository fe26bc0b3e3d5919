"""Filing (R-INS-2): apply, accept or reject, scope changes, renewals, withdrawals, scope history,
and every bad input refused in Chinese with nothing half-saved (R-X-4)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.models import Organisation, User
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority
from skillcert.core.audit import verify_chain
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.models import AuditEvent
from skillcert.institutions import services
from skillcert.institutions.choices import ApplicationKind, ApplicationStatus, Event, InstitutionStatus
from skillcert.institutions.models import (
    FilingApplication,
    FilingDocument,
    Institution,
    ScopeVersion,
    StatusChange,
)
from skillcert.institutions.selectors import applications_for_status_lookup, scope_covers, scope_items_on
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db


def _apply(stages: bool = True, **overrides):  # type: ignore[no-untyped-def]
    """A first filing that answered a call and passed 遴选 and 评估 (unless `stages` is False)."""
    occupation = overrides.pop("occupation", None) or f.occupation(levels=(5, 4, 3))
    data = {
        "actor": None,
        "type": "social_league",
        "filed_name": "包头市测试职业技能评价中心",
        "credit_code": f.credit_code(9001, "150200"),
        "responsible_person": "张三",
        "address": "包头市昆区钢铁大街1号",
        "area": "150200",
        "items": f.scope_entries((occupation, None, [5, 4])),
        "documents": [services.SupportingDocument("营业执照", f.pdf())],
        "manager_username": "new_manager",
        "manager_full_name": "王负责",
    }
    data.update(overrides)
    application = services.submit_initial_application(**data)
    if stages:
        f.pass_entry_stages(application)
        application.refresh_from_db()
    return application


def test_acceptance_files_the_institution_and_opens_its_organisation_and_manager():
    occupation = f.occupation(levels=(5, 4, 3))
    application = _apply(occupation=occupation)
    assert application.competent_authority.code == "bureau-150200"
    assert application.status == ApplicationStatus.SUBMITTED
    clerk = f.bureau_user("150200", Role.CLERK)

    decision = services.accept_application(actor=clerk, application=application, filing_number="BT-2026-001")

    institution = decision.institution
    assert institution is not None and institution.filing_number == "BT-2026-001"
    assert institution.filed_on == timezone.localdate() and institution.valid_until is not None
    assert institution.status == InstitutionStatus.ACTIVE and institution.certificate_kind == "S"
    assert institution.filing_authority == application.competent_authority
    org = institution.organisation
    assert org.kind == OrgKind.INSTITUTION and org.jurisdiction.code == "150200" and org.name == institution.filed_name
    manager = decision.manager
    assert manager is not None and manager.organisation == org and manager.role_codes == {Role.MANAGER}
    assert manager.check_password(decision.initial_password) and manager.password_must_change
    assert manager.requires_second_factor
    assert scope_covers(institution, occupation, None, 4) and not scope_covers(institution, occupation, None, 3)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED and application.institution == institution
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    for action in (
        Event.APPLICATION_SUBMITTED,
        Event.APPLICATION_ACCEPTED,
        Event.INSTITUTION_FILED,
        Event.ORGANISATION_CREATED,
    ):
        assert action in actions
    assert "account.user_created" in actions
    assert verify_chain().ok
    assert decision.initial_password not in str(list(AuditEvent.objects.values_list("after", flat=True)))


def test_region_scope_filings_go_to_the_region_centre_and_the_authority_is_configurable(set_policy):
    region_app = _apply(type="social_region", area="150000", credit_code=f.credit_code(9002, "150000"))
    assert region_app.competent_authority.code == "region_center"
    set_policy("institutions.filing_authority.league", "region_center")
    league_app = _apply(credit_code=f.credit_code(9003), manager_username="other_manager")
    assert league_app.competent_authority.code == "region_center"


def test_only_the_competent_authority_decides():
    application = _apply()
    with pytest.raises(NotFoundError):  # another league cannot even see it
        services.accept_application(actor=f.bureau_user("150100"), application=application, filing_number="X-1")
    with pytest.raises(PermissionDenied):  # the region sees it but does not decide league filings
        services.accept_application(
            actor=UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.CLERK]),
            application=application,
            filing_number="X-1",
        )
    with pytest.raises(PermissionDenied):  # the right bureau, but an auditor
        services.accept_application(
            actor=f.bureau_user("150200", Role.AUDITOR), application=application, filing_number="X-1"
        )
    assert not Institution.objects.exists()


def test_rejection_needs_reasons_and_the_applicant_reads_them():
    application = _apply()
    bureau = f.bureau_user("150200")
    with pytest.raises(DomainError) as exc:
        services.reject_application(actor=bureau, application=application, reasons="  ")
    assert exc.value.field == "decision_reasons" and "不予备案理由：不能为空" in exc.value.message
    services.reject_application(actor=bureau, application=application, reasons="证明材料不全，缺少场地证明")
    found = applications_for_status_lookup(application.reference.lower(), application.credit_code)
    assert found is not None and found.status == ApplicationStatus.REJECTED
    assert found.decision_reasons == "证明材料不全，缺少场地证明"
    assert applications_for_status_lookup(application.reference, f.credit_code(1)) is None
    with pytest.raises(DomainError, match="不能再次审核"):
        services.accept_application(actor=bureau, application=application, filing_number="X")


def _nothing_saved() -> None:
    assert not FilingApplication.objects.exists()
    assert not FilingDocument.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="institutions.").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"credit_code": "91150200000009001X"}, "credit_code", "统一社会信用代码：统一社会信用代码校验码错误"),
        ({"credit_code": "12345"}, "credit_code", "统一社会信用代码：统一社会信用代码应为18位，实为5位"),
        ({"type": "social_region"}, "area", "区域范围：全区范围的社会培训评价组织，区域范围应为内蒙古自治区全区"),
        (
            {"ministry_filed": True, "ministry_code": "0000"},
            "ministry_code",
            "人社部机构代码：在人社部备案的机构须填写0001-9999",
        ),
        ({"filed_name": " "}, "filed_name", "机构名称：不能为空"),
        ({"items": []}, "items", "备案范围：至少填写一个职业（工种）及等级"),
        ({"documents": []}, "documents", "证明材料：请至少上传一份证明材料"),
        ({"manager_username": "张三"}, "manager_username", "负责人账号用户名：须为 3–150 个字符"),
        ({"area": ""}, "area", "区域范围：请选择内蒙古自治区全区或一个盟市"),
    ],
)
def test_bad_application_input_is_refused_in_chinese_and_nothing_is_saved(overrides, field, message):
    with pytest.raises(DomainError) as exc:
        _apply(**overrides)
    assert exc.value.field == field
    assert message in exc.value.message
    _nothing_saved()


def test_scope_items_must_be_in_the_catalogue():
    occupation = f.occupation(levels=(5, 4), work_types=["甲工种"])
    other = f.occupation(levels=(5,), work_types=["乙工种"])
    cases = [
        (services.ScopeEntry(999999, None, [5]), "备案范围第1项：职业（编号999999）不在职业目录中"),
        (
            services.ScopeEntry(occupation.pk, None, [1]),
            "现行职业技能标准没有一级/高级技师（可备案等级：五级/初级工、四级/中级工）",
        ),
        (
            services.ScopeEntry(occupation.pk, f.work_type(other, "乙工种").pk, [5]),
            f"不是职业“{occupation.name}”在职业目录中的工种",
        ),
        (services.ScopeEntry(occupation.pk, None, []), "请选择至少一个等级"),
    ]
    for entry, message in cases:
        with pytest.raises(DomainError) as exc:
            _apply(items=[entry])
        assert exc.value.field == "items" and message in exc.value.message
    occupation.is_active = False
    occupation.save()
    with pytest.raises(DomainError, match="已停用"):
        _apply(items=[services.ScopeEntry(occupation.pk, None, [5])])
    _nothing_saved()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("营业执照.exe", b"MZ\x90\x00", "类型不允许，只接受PDF、JPG、PNG文件"),
        ("营业执照.pdf", f.PNG_BYTES, "的内容不是PDF文件（扩展名与内容不符）"),
        ("营业执照.pdf", b"", "是空文件"),
    ],
)
def test_supporting_documents_are_type_checked(name, data, message):
    with pytest.raises(DomainError) as exc:
        _apply(documents=[services.SupportingDocument("营业执照", f.upload(name, data))])
    assert exc.value.field == "documents" and message in exc.value.message
    _nothing_saved()


def test_supporting_documents_are_size_checked(set_policy):
    set_policy("core.upload_max_mb", 1)
    big = f.PDF_BYTES + b"0" * (1024 * 1024)
    with pytest.raises(DomainError, match="超过1MB的上限"):
        _apply(documents=[services.SupportingDocument("营业执照", f.upload("营业执照.pdf", big))])
    _nothing_saved()


def test_duplicates_are_refused():
    application = _apply()
    with pytest.raises(DomainError, match="已有待审核的备案申请"):
        _apply(manager_username="second_manager")
    with pytest.raises(DomainError, match="已被另一份待审核的申请使用"):
        _apply(credit_code=f.credit_code(9010))
    UserFactory(username="taken_name")
    with pytest.raises(DomainError, match="“taken_name”已被使用"):
        _apply(credit_code=f.credit_code(9011), manager_username="taken_name")
    services.accept_application(actor=f.bureau_user("150200"), application=application, filing_number="BT-1")
    with pytest.raises(DomainError, match="已备案为"):
        _apply(manager_username="third_manager")


def test_duplicate_filing_number_is_refused_and_nothing_is_half_saved():
    f.FiledInstitutionFactory(filing_number="BT-2026-007")
    application = _apply()
    bureau = f.bureau_user("150200")
    orgs, users = Organisation.objects.count(), User.objects.count()
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as exc:
        services.accept_application(actor=bureau, application=application, filing_number="BT-2026-007")
    assert exc.value.field == "filing_number"
    assert exc.value.message == "备案编号：“BT-2026-007”已被其他机构使用，备案编号不能重复"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.institution is None
    assert Organisation.objects.count() == orgs and User.objects.count() == users
    assert AuditEvent.objects.count() == events
    with pytest.raises(DomainError, match="备案编号：不能为空"):
        services.accept_application(actor=bureau, application=application, filing_number="")


def test_a_username_taken_meanwhile_rolls_the_whole_acceptance_back():
    application = _apply()
    UserFactory(username="new_manager")
    with pytest.raises(DomainError, match="负责人账号用户名"):
        services.accept_application(actor=f.bureau_user("150200"), application=application, filing_number="BT-9")
    assert not Institution.objects.exists() and not ScopeVersion.objects.exists()
    assert not Organisation.objects.filter(kind=OrgKind.INSTITUTION, code__startswith="inst-9").exists()


def test_an_organisation_already_on_the_platform_applies_for_itself():
    org = InstitutionFactory(jurisdiction=f.jurisdiction("150100"))
    manager = UserFactory(organisation=org, roles=[Role.MANAGER])
    application = _apply(actor=manager, area="150100", manager_username="", manager_full_name="")
    assert application.organisation == org and application.competent_authority.code == "bureau-150100"
    decision = services.accept_application(actor=f.bureau_user("150100"), application=application, filing_number="HH-1")
    assert decision.institution is not None and decision.institution.organisation == org
    assert decision.manager is None and decision.initial_password == ""
    with pytest.raises(PermissionDenied):  # filed now: changes go through change applications
        _apply(actor=manager, area="150100", credit_code=f.credit_code(9020))
    with pytest.raises(PermissionDenied):
        _apply(actor=f.bureau_user("150100"), credit_code=f.credit_code(9021))


def _yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def test_scope_versions_answer_for_any_past_date():
    a = f.occupation(levels=(5, 4, 3), work_types=["甲", "乙"])
    b = f.occupation(levels=(3, 2))
    institution = f.FiledInstitutionFactory(scope=[(a, None, 5), (a, None, 4)])
    manager = f.staff(institution, Role.MANAGER)
    bureau = f.bureau_user("150100")
    change = services.submit_change_application(
        actor=manager,
        institution=institution,
        kind=ApplicationKind.SCOPE_CHANGE,
        items=f.scope_entries((a, f.work_type(a, "甲"), [5]), (b, None, [3])),
    )
    services.accept_application(actor=bureau, application=change)
    today, yesterday = timezone.localdate(), _yesterday()
    before_filing = institution.filed_on - datetime.timedelta(days=1)
    assert scope_covers(institution, a, None, 4, on=yesterday)
    assert not scope_covers(institution, a, None, 4, on=today)
    assert scope_covers(institution, a, f.work_type(a, "乙"), 5, on=yesterday), "v1 covered every 工种"
    assert not scope_covers(institution, a, f.work_type(a, "乙"), 5, on=today), "v2 covers 甲 only"
    assert scope_covers(institution, a, f.work_type(a, "甲"), 5, on=today)
    assert not scope_covers(institution, a, None, 5, on=today), "a 工种 item does not cover the whole occupation"
    assert not scope_covers(institution, b, None, 3, on=yesterday) and scope_covers(institution, b, None, 3, on=today)
    assert not scope_covers(institution, a, None, 5, on=before_filing)
    versions = list(ScopeVersion.objects.filter(institution=institution).order_by("number"))
    assert [(v.number, v.valid_to) for v in versions] == [(1, today), (2, None)]
    # A second change the same day: v2 becomes an empty interval, every date still has one answer.
    again = services.submit_change_application(
        actor=manager, institution=institution, kind=ApplicationKind.SCOPE_CHANGE, items=f.scope_entries((b, None, [2]))
    )
    services.accept_application(actor=bureau, application=again)
    assert scope_covers(institution, b, None, 2, on=today) and not scope_covers(institution, b, None, 3, on=today)
    assert scope_covers(institution, a, None, 4, on=yesterday)
    assert [i.level for i in scope_items_on(institution)] == [2]


def test_renewal_extends_and_withdrawal_ends_the_filing():
    institution = f.FiledInstitutionFactory(valid_until=timezone.localdate() + datetime.timedelta(days=10))
    manager = f.staff(institution, Role.CLERK)
    bureau = f.bureau_user("150100")
    renewal = services.submit_change_application(actor=manager, institution=institution, kind=ApplicationKind.RENEWAL)
    with pytest.raises(DomainError, match="已有待审核的备案申请"):
        services.submit_change_application(actor=manager, institution=institution, kind=ApplicationKind.RENEWAL)
    services.accept_application(actor=bureau, application=renewal)
    institution.refresh_from_db()
    assert institution.valid_until == (timezone.localdate() + datetime.timedelta(days=10)).replace(
        year=timezone.localdate().year + 5
    )
    with pytest.raises(DomainError, match="注销理由：不能为空"):
        services.submit_change_application(actor=manager, institution=institution, kind=ApplicationKind.WITHDRAWAL)
    withdrawal = services.submit_change_application(
        actor=manager, institution=institution, kind=ApplicationKind.WITHDRAWAL, note="企业转型，不再开展认定"
    )
    services.accept_application(actor=bureau, application=withdrawal)
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.WITHDRAWN
    assert not ScopeVersion.objects.filter(institution=institution, valid_to__isnull=True).exists()
    change = StatusChange.objects.filter(institution=institution).latest("changed_at")
    assert change.to_status == InstitutionStatus.WITHDRAWN and "企业转型" in change.grounds
    with pytest.raises(DomainError, match="不能再提交备案申请"):
        services.submit_change_application(actor=manager, institution=institution, kind=ApplicationKind.RENEWAL)


def test_change_applications_are_for_the_institutions_own_staff():
    institution = f.FiledInstitutionFactory()
    other = f.FiledInstitutionFactory()
    with pytest.raises(NotFoundError):
        services.submit_change_application(
            actor=f.staff(other, Role.MANAGER), institution=institution, kind=ApplicationKind.RENEWAL
        )
    with pytest.raises(PermissionDenied):
        services.submit_change_application(
            actor=f.staff(institution, Role.AUDITOR), institution=institution, kind=ApplicationKind.RENEWAL
        )
    with pytest.raises(PermissionDenied):  # the bureau sees it but does not apply for it
        services.submit_change_application(
            actor=f.bureau_user("150100"), institution=institution, kind=ApplicationKind.RENEWAL
        )
