"""Sealed papers: nobody before the start, afterwards the session's proctors and the system; all audited (R-BANK-3)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent
from skillcert.exams.models import ExamSession
from skillcert.institutions.tests.factories import staff
from skillcert.itembank.models import Paper
from skillcert.itembank.services.sealing import open_paper
from skillcert.itembank.tests.cbt_helpers import ready_cbt

pytestmark = pytest.mark.django_db


def test_the_paper_is_stored_encrypted_with_its_own_key() -> None:
    _c, session = ready_cbt()
    papers = list(Paper.objects.filter(assembly=session.assembly))
    assert len(papers) == 2
    a, b = papers
    assert a.wrapped_key != b.wrapped_key and a.wrapped_key.startswith("v1:")
    some_stem = open_paper(actor=None, paper=a, purpose="测试")["items"][0]["stem"]
    assert some_stem not in a.ciphertext and "题" not in a.ciphertext


def test_nobody_opens_it_before_the_start_then_only_proctors_and_the_system() -> None:
    c, session = ready_cbt()
    paper = Paper.objects.filter(assembly=session.assembly).first()
    assert paper is not None
    proctor_user = staff(c.exam.institution, Role.EXAMINER)
    proctor = c.exam.extra["proctors"][0]
    proctor.user = proctor_user
    proctor.save()
    later = timezone.now() + datetime.timedelta(hours=1)
    ExamSession.objects.filter(pk=c.theory.pk).update(starts_at=later, ends_at=later + datetime.timedelta(hours=2))
    for actor in (None, proctor_user, c.exam.clerk):
        with pytest.raises(DomainError, match="密封"):
            open_paper(actor=actor, paper=paper, purpose="提前开启")
    earlier = timezone.now() - datetime.timedelta(minutes=1)
    ExamSession.objects.filter(pk=c.theory.pk).update(starts_at=earlier)
    with pytest.raises(PermissionDenied):
        open_paper(actor=c.exam.clerk, paper=paper, purpose="机构经办人查看")
    assert open_paper(actor=proctor_user, paper=paper, purpose="打印备用卷")["items"]
    assert open_paper(actor=None, paper=paper, purpose="系统评分")["items"]
    events = AuditEvent.objects.filter(action="itembank.paper_opened", object_id=str(paper.pk))
    refused = [e for e in events if e.after.get("refused")]
    opened = [e for e in events if not e.after.get("refused")]
    assert len(refused) == 4
    assert any(e.actor_id == proctor_user.pk for e in opened) and any(e.actor_id is None for e in opened)
