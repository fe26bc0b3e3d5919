"""The exams demo: plans in every state from filed to final results, about a hundred candidates,
made through the services; running the seed again changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from skillcert.core.audit import verify_chain
from skillcert.exams.models import ExamPlan, Objection, RecheckRequest, Registration, Result, ScoreChange, SeatDraw

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_every_state_and_is_idempotent():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    demo = ExamPlan.objects.filter(title__startswith="【演示】")
    states = set(demo.values_list("status", flat=True))
    assert {"questioned", "open", "closed", "publicity", "final"} <= states
    candidates = Registration.objects.filter(plan__in=demo).count()
    assert 90 <= candidates <= 120
    final = demo.get(status="final")
    assert not Result.objects.filter(registration__plan=final, final_at__isnull=True).exists()
    assert ScoreChange.objects.filter(component_score__registration__plan=final).exists()
    assert SeatDraw.objects.filter(session__plan__in=demo).exists()
    publicity = demo.get(status="publicity")
    assert Objection.objects.filter(publication__plan=publicity, status="open").exists()
    counts = (ExamPlan.objects.count(), Registration.objects.count(), RecheckRequest.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (ExamPlan.objects.count(), Registration.objects.count(), RecheckRequest.objects.count()) == counts
    assert verify_chain().ok
