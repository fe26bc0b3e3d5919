"""The same decision fired twice at once applies once; the second is refused (lock, then check; R-X-4).

PostgreSQL only: SQLite serialises every write, so the race cannot happen there. Kept in its own
file because a transactional test empties the database when it ends.
"""

from __future__ import annotations

import pytest
from django.db import connection

from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.core.models import AuditEvent
from skillcert.core.testing import race
from skillcert.institutions import services
from skillcert.institutions.choices import (
    ApplicationStatus,
    BranchFilingStatus,
    Event,
    InstitutionStatus,
    InstitutionType,
)
from skillcert.institutions.models import BranchFiling, FilingApplication, Institution, StatusChange
from skillcert.institutions.tests import factories as f

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL=postgres://...); CI runs it there"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_accepting_a_filing_twice_at_once_files_one_institution():
    occupation = f.occupation(levels=(5, 4))
    application = services.submit_initial_application(
        actor=None,
        type="social_league",
        filed_name="包头市并发职业技能评价中心",
        credit_code=f.credit_code(9101, "150200"),
        responsible_person="张三",
        address="包头市昆区钢铁大街1号",
        area="150200",
        items=f.scope_entries((occupation, None, [5, 4])),
        documents=[services.SupportingDocument("营业执照", f.pdf())],
        manager_username="race_manager",
        manager_full_name="王负责",
    )
    f.pass_entry_stages(application)
    clerks = [f.bureau_user("150200", Role.CLERK), f.bureau_user("150200", Role.MANAGER)]

    outcome = race(
        [
            lambda clerk=clerk, n=n: services.accept_application(
                actor=clerk,
                application=FilingApplication.objects.get(pk=application.pk),
                filing_number=f"BT-2026-00{n}",
            )
            for n, clerk in enumerate(clerks)
        ]
    )

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 1
    assert outcome.refused == ["状态：该申请已审核（已备案），不能再次审核"]
    assert Institution.objects.filter(credit_code=application.credit_code).count() == 1
    assert FilingApplication.objects.get(pk=application.pk).status == ApplicationStatus.ACCEPTED
    assert AuditEvent.objects.filter(action=Event.APPLICATION_ACCEPTED).count() == 1


def test_changing_an_institutions_status_twice_at_once_changes_it_once():
    institution = f.FiledInstitutionFactory(league="150200")
    officers = [f.bureau_user("150200"), f.bureau_user("150200")]

    outcome = race(
        [
            lambda officer=officer: services.change_status(
                actor=officer,
                institution=Institution.objects.get(pk=institution.pk),
                to_status=InstitutionStatus.SUSPENDED,
                grounds="抽查发现冒名顶替考试",
            )
            for officer in officers
        ]
    )

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 1
    assert outcome.refused == ["新状态：不能从“暂停评价”变为“暂停评价”"]
    assert StatusChange.objects.filter(institution=institution, to_status=InstitutionStatus.SUSPENDED).count() == 1
    assert AuditEvent.objects.filter(action=Event.STATUS_CHANGED, object_id=str(institution.pk)).count() == 1


def test_accepting_a_branch_filing_twice_at_once_decides_it_once():
    parent = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION)
    manager = f.staff(parent, Role.MANAGER)
    branch = services.register_branch(
        actor=manager,
        parent=parent,
        filed_name="并发分支机构",
        credit_code=f.credit_code(7101, "150600"),
        responsible_person="高峰",
        address="鄂尔多斯市东胜区1号",
        league="150600",
        manager_username="race_branch_manager",
        manager_full_name="高峰",
    ).branch
    filing = services.submit_branch_filing(
        actor=User.objects.get(username="race_branch_manager"),
        branch=branch,
        league="150600",
        licence_file=f.pdf("分支机构营业执照.pdf"),
        venue=f.venue(branch, "150600", name="鄂尔多斯考点"),
        responsible_person="高峰",
        staff=[{"name": "韩雪", "role": "考务管理"}],
    )
    officers = [f.bureau_user("150600"), f.bureau_user("150600")]

    outcome = race(
        [
            lambda officer=officer: services.accept_branch_filing(
                actor=officer, filing=BranchFiling.objects.get(pk=filing.pk), reasons="材料齐全"
            )
            for officer in officers
        ]
    )

    assert not outcome.crashed, outcome.crashed
    assert len(outcome.done) == 1
    assert outcome.refused == ["状态：该报备已审核（已报备），不能再次审核"]
    assert BranchFiling.objects.get(pk=filing.pk).status == BranchFilingStatus.ACCEPTED
    assert AuditEvent.objects.filter(action=Event.BRANCH_FILING_ACCEPTED).count() == 1
