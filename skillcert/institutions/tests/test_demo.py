"""Demo data: institutions of every type in several leagues, made through the services, idempotent."""

from __future__ import annotations

import pytest

from skillcert.accounts import demo as account_demo
from skillcert.core.audit import verify_chain
from skillcert.core.models import AuditEvent
from skillcert.institutions import demo
from skillcert.institutions.choices import BranchFilingStatus, InstitutionStatus, InstitutionType
from skillcert.institutions.models import BlacklistEntry, BranchFiling, Institution
from skillcert.institutions.selectors import institution_readiness, public_institutions

pytestmark = pytest.mark.django_db


def test_demo_seed_covers_every_type_and_state_and_is_idempotent():
    ctx: dict = {}
    account_demo.seed(ctx)
    demo.seed(ctx)
    institutions = Institution.objects.all()
    assert {i.type for i in institutions} == set(InstitutionType.values)
    assert {i.organisation.jurisdiction.code for i in institutions} >= {"150000", "150100", "150200", "150600"}
    for code in ("demo-inst-150100", "demo-inst-150200", "demo-inst-150600"):
        assert Institution.objects.get(organisation__code=code).filed_on is not None, "the accounts demo orgs are filed"
    ready = [i.filed_name for i in institutions if not institution_readiness(i)]
    assert "呼和浩特市职业技能评价示范中心" in ready and "包头钢铁集团鄂尔多斯职业技能评价分中心" in ready
    assert institution_readiness(Institution.objects.get(organisation__code="demo-inst-150600")), (
        "the school still lacks items"
    )
    branch = Institution.objects.get(parent__isnull=False)
    assert BranchFiling.objects.get(branch=branch).status == BranchFilingStatus.ACCEPTED
    assert Institution.objects.filter(status=InstitutionStatus.RECTIFICATION).count() == 1
    assert BlacklistEntry.objects.get().institution.status == InstitutionStatus.REVOKED
    assert branch in public_institutions()
    events = AuditEvent.objects.count()
    again: dict = {}
    demo.seed(again)
    assert Institution.objects.count() == institutions.count() and AuditEvent.objects.count() == events
    assert verify_chain().ok
    assert ("包钢鄂尔多斯分中心 经办人", "branch_150600_clerk", account_demo.DEMO_PASSWORD) in ctx["accounts"]
