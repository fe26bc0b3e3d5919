"""Lifecycle (R-INS-8) with its public blacklist, and the readiness gate (R-INS-7)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.models import AuditEvent
from skillcert.institutions import services
from skillcert.institutions.choices import InstitutionStatus, InstitutionType, RuleDocumentKind
from skillcert.institutions.models import BlacklistEntry, RuleDocument, StatusChange
from skillcert.institutions.selectors import institution_readiness, public_blacklist, readiness_checklist
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_rectification_then_active_again_each_with_grounds_and_an_audit_event():
    institution = f.FiledInstitutionFactory(league="150200")
    bureau = f.bureau_user("150200")
    services.change_status(
        actor=bureau,
        institution=institution,
        to_status="rectification",
        grounds="抽查发现评分记录不全",
        deadline=_in(30),
    )
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.RECTIFICATION and institution.rectification_deadline == _in(30)
    services.change_status(actor=bureau, institution=institution, to_status="active", grounds="整改复查合格")
    changes = list(StatusChange.objects.filter(institution=institution).order_by("changed_at", "id"))
    assert [(c.from_status, c.to_status) for c in changes][-2:] == [
        ("active", "rectification"),
        ("rectification", "active"),
    ]
    assert changes[-2].grounds == "抽查发现评分记录不全" and changes[-2].authority.code == "bureau-150200"
    events = AuditEvent.objects.filter(action="institutions.status_changed", object_id=str(institution.pk))
    assert [e.after["status"] for e in events.order_by("id")] == ["rectification", "active"]
    assert events.order_by("id").first().after["status_grounds"] == "抽查发现评分记录不全"  # type: ignore[union-attr]


def test_suspended_then_revoked_lands_on_the_public_blacklist():
    institution = f.FiledInstitutionFactory()
    bureau = f.bureau_user("150100")
    services.change_status(actor=bureau, institution=institution, to_status="suspended", grounds="群众举报查实")
    assert not public_blacklist().exists()
    services.change_status(actor=bureau, institution=institution, to_status="revoked", grounds="出具虚假证书")
    entry = public_blacklist().get()
    assert (
        entry.institution == institution and entry.grounds == "出具虚假证书" and entry.listed_on == timezone.localdate()
    )
    assert entry.credit_code == institution.credit_code and entry.authority.code == "bureau-150100"
    assert AuditEvent.objects.filter(action="institutions.blacklisted").count() == 1
    for target in InstitutionStatus.values:
        with pytest.raises(DomainError, match="不能从“取消评价资质”变为"):
            services.change_status(actor=bureau, institution=institution, to_status=target, grounds="x")
    assert BlacklistEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "target", "deadline", "message"),
    [
        ("active", "rectification", None, "整改期限：限期整改须规定整改期限"),
        ("active", "rectification", -1, "整改期限：应晚于今天"),
        ("active", "suspended", 10, "整改期限：只有限期整改需要整改期限"),
        ("suspended", "rectification", 10, "新状态：不能从“暂停评价”变为“限期整改”"),
        ("active", "withdrawn", None, "新状态：不能从“正常”变为“已注销备案”"),
        ("active", "active", None, "新状态：不能从“正常”变为“正常”"),
        ("active", "closed", None, "新状态：无效的状态"),
    ],
)
def test_bad_transitions_are_refused(start, target, deadline, message):
    institution = f.FiledInstitutionFactory(status=start)
    with pytest.raises(DomainError) as exc:
        services.change_status(
            actor=f.bureau_user("150100"),
            institution=institution,
            to_status=target,
            grounds="依据",
            deadline=_in(deadline) if deadline is not None else None,
        )
    assert message in exc.value.message
    institution.refresh_from_db()
    assert institution.status == start


def test_only_the_sanctioning_authorities_change_status():
    institution = f.FiledInstitutionFactory()
    with pytest.raises(DomainError, match="依据：不能为空"):
        services.change_status(
            actor=f.bureau_user("150100"), institution=institution, to_status="suspended", grounds=""
        )
    with pytest.raises(NotFoundError):
        services.change_status(
            actor=f.bureau_user("150200"), institution=institution, to_status="suspended", grounds="x"
        )
    for actor in (
        f.staff(institution, Role.MANAGER),
        UserFactory(organisation=authority(OrgKind.LEAGUE_CENTER, "150100"), roles=[Role.CLERK]),
        f.bureau_user("150100", Role.AUDITOR),
    ):
        with pytest.raises(PermissionDenied):
            services.change_status(actor=actor, institution=institution, to_status="suspended", grounds="x")
    region = UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.MANAGER])
    services.change_status(actor=region, institution=institution, to_status="suspended", grounds="自治区督查")


# --- readiness (R-INS-7) --------------------------------------------------------------------------------


def test_readiness_lists_exactly_what_is_missing():
    a = f.occupation(levels=(5, 4))
    b = f.occupation(levels=(3,), work_types=["甲"])
    institution = f.FiledInstitutionFactory(scope=[(a, None, 5), (a, None, 4), (b, f.work_type(b, "甲"), 3)])
    manager = f.staff(institution, Role.MANAGER)
    missing = institution_readiness(institution)
    assert [m.code for m in missing] == [
        *(f"rule_document:{k}" for k in RuleDocumentKind.values),
        "commitment",
        f"fee:{a.pk}:0:5",
        f"fee:{a.pk}:0:4",
        f"fee:{b.pk}:{f.work_type(b, '甲').pk}:3",
    ]
    assert missing[0].message == "规章制度未公开：考务管理"
    assert missing[-1].message == f"收费标准未公示：{b.name} 甲 三级/高级工"
    f.make_ready(institution, manager)
    assert institution_readiness(institution) == []
    assert all(line.done for line in readiness_checklist(institution))


def test_a_fee_for_the_whole_occupation_covers_its_work_types():
    b = f.occupation(levels=(3,), work_types=["甲", "乙"])
    institution = f.FiledInstitutionFactory(scope=[(b, f.work_type(b, "甲"), 3), (b, f.work_type(b, "乙"), 3)])
    services.save_fee(
        actor=f.staff(institution, Role.CLERK),
        institution=institution,
        occupation=b,
        level=3,
        items=f.fee_items(),
        publish=True,
    )
    assert not [m for m in institution_readiness(institution) if m.code.startswith("fee")]


def test_readiness_covers_filing_status_area_and_scope():
    occupation = f.occupation(levels=(5,))
    institution = f.FiledInstitutionFactory(scope=[(occupation, None, 5)])
    f.make_ready(institution)
    institution.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    institution.status = InstitutionStatus.RECTIFICATION
    institution.rectification_deadline = _in(20)
    institution.save()
    codes = {m.code: m.message for m in institution_readiness(institution, f.jurisdiction("150200"))}
    assert codes["filing"].startswith("备案已于") and codes["filing"].endswith("到期，请申请延续备案")
    assert codes["status"].startswith("机构处于限期整改中（整改期限")
    assert codes["area:150200"] == "包头市不在备案区域范围（呼和浩特市）内"
    assert len(codes) == 3
    lines = {line.label: line.done for line in readiness_checklist(institution)}
    assert lines == {
        "备案有效": False,
        "已备案公布": True,
        "机构状态正常": False,
        "规章制度已公开": True,
        "诚信承诺书已签署并会签": True,
        "收费标准已公示（覆盖全部备案范围）": True,
    }


def test_a_region_wide_institution_is_ready_in_any_league():
    occupation = f.occupation(levels=(5,))
    institution = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION, scope=[(occupation, None, 5)])
    f.make_ready(institution)
    assert institution_readiness(institution, f.jurisdiction("152900")) == []


def test_the_examiner_rules_are_the_eighth_document_the_gate_checks_while_the_policy_says_so(set_policy):
    occupation = f.occupation(levels=(5,))
    institution = f.FiledInstitutionFactory(scope=[(occupation, None, 5)])
    f.make_ready(institution)
    assert institution_readiness(institution) == []
    RuleDocument.objects.filter(institution=institution, kind=RuleDocumentKind.EXAMINERS).delete()
    codes = {m.code: m.message for m in institution_readiness(institution)}
    assert codes == {"rule_document:examiners": "规章制度未公开：考评员管理办法"}
    lines = {line.label: line for line in readiness_checklist(institution)}
    assert not lines["规章制度已公开"].done and "考评员管理办法" in lines["规章制度已公开"].detail
    set_policy("institutions.require_examiner_rules", False)
    assert institution_readiness(institution) == []
    ok = {line.label: line for line in readiness_checklist(institution)}["规章制度已公开"]
    assert ok.done and "考评员管理办法" not in ok.detail and "收费标准" in ok.detail
