"""seed_demo's personnel data: through the services, idempotent, with the cases the issue names."""

from __future__ import annotations

import pytest
from django.utils import timezone

from skillcert.accounts import demo as accounts_demo
from skillcert.core.audit import verify_chain
from skillcert.core.models import AuditEvent
from skillcert.personnel import demo
from skillcert.personnel.choices import StaffRole
from skillcert.personnel.eligibility import may_serve
from skillcert.personnel.models import Appointment, DeclaredRelation, Person, StaffDraw, StaffSanction

pytestmark = pytest.mark.django_db


def test_demo_has_examiners_supervisors_and_the_named_cases():
    ctx: dict = {}
    accounts_demo.seed(ctx)
    demo.seed(ctx)
    today = timezone.localdate()
    assert Person.objects.count() == 9 + 3 + 9 + 1
    for code in ("150100", "150200", "150600"):
        assert (
            Person.objects.filter(employer__code=f"demo-inst-{code}", appointments__role=StaffRole.EXAMINER).count()
            >= 3
        )
        assert (
            Person.objects.filter(jurisdiction__code=code, appointments__role=StaffRole.EXTERNAL_SUPERVISOR).count()
            == 3
        )
    expired = Appointment.objects.filter(status="active", card_valid_until__lt=today)
    assert expired.count() == 1
    assert not may_serve(expired.get().person, StaffRole.EXAMINER)[0]
    suspended = StaffSanction.objects.get()
    assert suspended.in_force_on(today)
    assert [f.code for f in may_serve(suspended.person, StaffRole.EXAMINER)[1]] == ["sanctioned"]
    assert DeclaredRelation.objects.count() == 1
    assert StaffDraw.objects.count() == 1 and len(StaffDraw.objects.get().selected) == 2
    assert Appointment.objects.filter(status="proposed").count() == 1
    assert "证卡过期 1 人、处分期内 1 人" in ctx["summary"][-1]

    events = AuditEvent.objects.count()
    again: dict = {}
    demo.seed(again)
    assert AuditEvent.objects.count() == events, "a second run changes nothing"
    assert "本次新建 0 人" in again["summary"][-1]
    assert verify_chain().ok
