"""Branches and 报备 (R-INS-1, seed §3(五), attachment 1): who may have branches, where they may
work, the league bureau's decision, and what the branch may do before and after it."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied

from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.institutions import services
from skillcert.institutions.choices import BranchFilingStatus, InstitutionStatus, InstitutionType
from skillcert.institutions.models import BranchFiling, Institution
from skillcert.institutions.selectors import (
    PersonFacts,
    institution_readiness,
    institutions_visible_to,
    may_certify,
    scope_covers,
)
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db


def _register(parent: Institution, n: int = 1, league: str = "150600") -> services.BranchRegistration:
    manager = f.staff(parent, Role.MANAGER)
    return services.register_branch(
        actor=manager,
        parent=parent,
        filed_name=f"分支机构{n}",
        credit_code=f.credit_code(7000 + n, league),
        responsible_person="高峰",
        address="鄂尔多斯市东胜区1号",
        league=league,
        manager_username=f"branch_manager_{n}",
        manager_full_name="高峰",
    )


def _file(branch: Institution, league: str = "150600", venue_league: str | None = None):  # type: ignore[no-untyped-def]
    manager = User.objects.get(username__startswith="branch_manager_", organisation=branch.organisation)
    where = venue_league or league
    venue = branch.venues.filter(league__code=where).first() or f.venue(branch, where, name=f"考点{where}")
    return services.submit_branch_filing(
        actor=manager,
        branch=branch,
        league=league,
        licence_file=f.pdf("分支机构营业执照.pdf"),
        venue=venue,
        responsible_person="高峰",
        staff=[{"name": "韩雪", "role": "考务管理"}],
    )


@pytest.mark.parametrize(
    ("kind", "ministry", "area", "allowed"),
    [
        (InstitutionType.ENTERPRISE, False, "150200", True),
        (InstitutionType.SOCIAL_REGION, False, "150000", True),
        (InstitutionType.SOCIAL_LEAGUE, True, "150200", True),  # filed with the ministry
        (InstitutionType.SOCIAL_LEAGUE, False, "150200", False),
        (InstitutionType.TECHNICAL_SCHOOL, False, "150200", False),
    ],
)
def test_who_may_have_branches(kind, ministry, area, allowed):
    parent = f.FiledInstitutionFactory(
        type=kind,
        league=area if area != "150000" else "150100",
        ministry_filed=ministry,
        ministry_code="0371" if ministry else "0000",
    )
    if not allowed:
        with pytest.raises(DomainError) as exc:
            _register(parent, league=parent.area.code)
        assert (
            exc.value.field == "parent"
            and "只有已备案企业、在人社部备案的社会培训评价组织和全区范围（区直）" in exc.value.message
        )
        assert not Institution.objects.filter(parent=parent).exists()
        return
    league = "150600" if parent.area.code == "150000" else parent.area.code
    result = _register(parent, league=league)
    branch = result.branch
    assert branch.parent == parent and branch.type == parent.type and branch.filing_number is None
    assert branch.organisation.parent == parent.organisation and branch.organisation.jurisdiction.code == league
    assert result.manager is not None and result.manager.check_password(result.initial_password)


def test_a_branch_works_only_within_its_parents_scope():
    occupation = f.occupation(levels=(5, 4))
    parent = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION, scope=[(occupation, None, 5)])
    branch = _register(parent).branch
    assert scope_covers(branch, occupation, None, 5) and not scope_covers(branch, occupation, None, 4)


def test_branch_filing_to_a_league_the_parent_cannot_work_in_is_refused():
    parent = f.FiledInstitutionFactory(type=InstitutionType.ENTERPRISE, league="150200")
    branch = _register(parent, league="150200").branch
    with pytest.raises(DomainError) as exc:
        _file(branch, league="150600", venue_league="150200")
    assert exc.value.field == "league"
    assert "的备案区域为包头市，不能到鄂尔多斯市开展认定，因此不能向鄂尔多斯市报备" in exc.value.message
    assert not BranchFiling.objects.exists()


def test_acceptance_by_the_leagues_bureau_lets_the_branch_work_there():
    parent = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION)
    branch = _register(parent).branch
    ordos = f.jurisdiction("150600")
    baotou = f.jurisdiction("150200")
    assert any(m.code == "branch_filing" for m in institution_readiness(branch))
    filing = _file(branch)
    assert filing.bureau.code == "bureau-150600" and filing.parent_filing_number == parent.filing_number
    assert filing.licence_code == branch.credit_code and filing.staff == [{"name": "韩雪", "role": "考务管理"}]
    bureau = f.bureau_user("150600")
    assert branch in institutions_visible_to(bureau), "the bureau sees a branch that filed 报备 with it"
    assert branch not in institutions_visible_to(f.bureau_user("150300"))
    ok, reasons = may_certify(branch, PersonFacts(), ordos)
    assert not ok and "未向鄂尔多斯市人社局报备或报备未通过" in reasons[0]
    with pytest.raises(NotFoundError):
        services.accept_branch_filing(actor=f.bureau_user("150200"), filing=filing)
    with pytest.raises(PermissionDenied):
        services.accept_branch_filing(actor=f.bureau_user("150600", Role.AUDITOR), filing=filing)
    services.accept_branch_filing(actor=bureau, filing=filing, reasons="材料齐全")
    filing.refresh_from_db()
    assert filing.status == BranchFilingStatus.ACCEPTED and filing.decided_by == bureau
    assert may_certify(branch, PersonFacts(), ordos).ok
    ok, reasons = may_certify(branch, PersonFacts(), baotou)
    assert not ok and "不能在包头市开展认定" in reasons[0]
    assert not any(m.code.startswith("branch_filing") for m in institution_readiness(branch, ordos))
    assert any(m.code == "branch_filing:150200" for m in institution_readiness(branch, baotou))


def test_bad_branch_filings_are_refused():
    parent = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION)
    branch = _register(parent).branch
    manager = User.objects.get(username="branch_manager_1")
    venue = f.venue(branch, "150600")
    with pytest.raises(DomainError, match="评价场地：考点“第一考点”位于鄂尔多斯市，不在报备盟市包头市"):
        services.submit_branch_filing(
            actor=manager,
            branch=branch,
            league="150200",
            licence_file=f.pdf(),
            venue=venue,
            responsible_person="高峰",
            staff=[{"name": "甲", "role": "乙"}],
        )
    with pytest.raises(DomainError, match="工作人员：请至少填写一名工作人员"):
        services.submit_branch_filing(
            actor=manager,
            branch=branch,
            league="150600",
            licence_file=f.pdf(),
            venue=venue,
            responsible_person="高峰",
            staff=[],
        )
    with pytest.raises(DomainError, match=re.escape("分支机构营业执照：文件“执照.docx”类型不允许")):
        services.submit_branch_filing(
            actor=manager,
            branch=branch,
            league="150600",
            licence_file=f.upload("执照.docx", b"PK"),
            venue=venue,
            responsible_person="高峰",
            staff=[{"name": "甲", "role": "乙"}],
        )
    assert not BranchFiling.objects.exists()
    filing = _file(branch)
    with pytest.raises(DomainError, match="不能重复报备"):
        _file(branch)
    with pytest.raises(DomainError, match="不予报备理由：不能为空"):
        services.reject_branch_filing(actor=f.bureau_user("150600"), filing=filing, reasons="")
    services.reject_branch_filing(actor=f.bureau_user("150600"), filing=filing, reasons="场地不符合要求")
    again = _file(branch)  # after a rejection the branch may file again
    assert again.status == BranchFilingStatus.SUBMITTED


def test_a_suspended_parent_stops_branch_filings():
    parent = f.FiledInstitutionFactory(type=InstitutionType.ENTERPRISE, league="150600")
    branch = _register(parent).branch
    filing = _file(branch)
    parent.status = InstitutionStatus.SUSPENDED
    parent.save()
    with pytest.raises(DomainError, match="状态正常的已备案机构才能设立分支机构或报备"):
        services.accept_branch_filing(actor=f.bureau_user("150600"), filing=filing)
    assert any(m.code == "parent_status" for m in institution_readiness(branch))


def test_only_a_branch_files_and_only_its_staff():
    parent = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION)
    branch = _register(parent).branch
    venue = f.venue(branch, "150600")
    with pytest.raises(DomainError, match="只有分支机构需要向盟市报备"):
        services.submit_branch_filing(
            actor=f.staff(parent, Role.MANAGER),
            branch=parent,
            league="150600",
            licence_file=f.pdf(),
            venue=venue,
            responsible_person="甲",
            staff=[{"name": "甲", "role": "乙"}],
        )
    with pytest.raises(NotFoundError):  # the parent's staff cannot act for the branch
        services.submit_branch_filing(
            actor=f.staff(parent, Role.MANAGER),
            branch=branch,
            league="150600",
            licence_file=f.pdf(),
            venue=venue,
            responsible_person="甲",
            staff=[{"name": "甲", "role": "乙"}],
        )
    with pytest.raises(DomainError, match="只有机构负责人可以登记分支机构"):
        services.register_branch(
            actor=f.staff(parent, Role.CLERK),
            parent=parent,
            filed_name="x",
            credit_code=f.credit_code(1),
            responsible_person="x",
            address="x",
            league="150600",
            manager_username="abc",
            manager_full_name="x",
        )
