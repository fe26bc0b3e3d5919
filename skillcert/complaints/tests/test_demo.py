"""Demo data: complaints in each state and one institution under 通报批评, idempotent (R-SUP-5, R-SUP-6)."""

from __future__ import annotations

import pytest

from skillcert.accounts import demo as account_demo
from skillcert.complaints import demo, selectors
from skillcert.complaints.choices import Outcome, Source, Status, StepKind
from skillcert.complaints.models import Complaint, Step
from skillcert.core.audit import verify_chain
from skillcert.institutions import demo as institution_demo
from skillcert.sanctions import demo as sanction_demo
from skillcert.sanctions.selectors import published_criticisms

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_a_criticism_and_is_idempotent():
    ctx: dict = {}
    account_demo.seed(ctx)
    institution_demo.seed(ctx)
    sanction_demo.seed(ctx)
    demo.seed(ctx)
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Complaint.objects.exclude(outcome="").values_list("outcome", flat=True)) == set(Outcome.values)
    assert {Source.ONLINE, Source.PHONE, Source.LETTER, Source.MEDIA} <= set(
        Complaint.objects.values_list("source", flat=True)
    )
    assert selectors.overdue_complaints().count() == 1
    assert Step.objects.filter(kind=StepKind.TRANSFERRED).count() == 1
    assert Complaint.objects.filter(extension_days__gt=0).count() == 1
    founded = Complaint.objects.get(outcome=Outcome.FOUNDED)
    assert founded.sanction is not None and founded.sanction in published_criticisms()
    assert published_criticisms().get().institution.organisation.code == "demo-inst-150100"
    assert any("查询码" in line for line in ctx["notes"])
    count = Complaint.objects.count()
    demo.seed({})
    sanction_demo.seed({})
    assert Complaint.objects.count() == count and published_criticisms().count() == 1
    assert verify_chain().ok
