"""Handling: acceptance, conclusion and extension deadlines, transfer with history, outcomes (R-SUP-5)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from skillcert.accounts.tests.factories import jurisdiction
from skillcert.complaints import selectors, services
from skillcert.complaints.choices import Outcome, Status, StepKind
from skillcert.complaints.models import Complaint, Step
from skillcert.complaints.tests import factories as cf
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.models import AuditEvent
from skillcert.core.workdays import add_working_days
from skillcert.institutions.tests import factories as f
from skillcert.sanctions import services as sanctions

pytestmark = pytest.mark.django_db


def _accepted(league: str = "150100"):  # type: ignore[no-untyped-def]
    institution = f.FiledInstitutionFactory(league=league)
    bureau = f.bureau_user(league)
    filed = cf.file(institution)
    c = services.accept_complaint(actor=bureau, complaint=filed.complaint, note="属本局管辖")
    return institution, bureau, filed, c


def test_acceptance_starts_the_60_day_conclusion_deadline():
    _, _, _, c = _accepted()
    assert c.status == Status.INVESTIGATING and c.accepted_on == timezone.localdate()
    assert c.conclude_due == c.accepted_on + datetime.timedelta(days=60)


def test_conclusion_deadline_in_working_days_when_the_rule_says_so(set_policy):
    set_policy("complaints.day_kind", "working")
    _, bureau, _, c = _accepted()
    assert c.conclude_due == add_working_days(c.accepted_on, 60)
    c = services.extend_complaint(actor=bureau, complaint=c, days=10, reason="需调取异地档案")
    assert c.conclude_due == add_working_days(add_working_days(c.accepted_on, 60), 10)


def test_one_extension_of_at_most_30_days_with_a_reason():
    _, bureau, _, c = _accepted()
    due = c.conclude_due
    with pytest.raises(DomainError) as err:
        services.extend_complaint(actor=bureau, complaint=c, days=31, reason="情况复杂")
    assert err.value.field == "days" and "30" in err.value.message
    with pytest.raises(DomainError) as err:
        services.extend_complaint(actor=bureau, complaint=c, days=10, reason="  ")
    assert err.value.field == "reason"
    c = services.extend_complaint(actor=bureau, complaint=c, days=30, reason="涉及多个考点，情况复杂")
    assert c.conclude_due == due + datetime.timedelta(days=30) and c.extension_reason == "涉及多个考点，情况复杂"
    with pytest.raises(DomainError) as err:
        services.extend_complaint(actor=bureau, complaint=c, days=1, reason="再延")
    assert err.value.code == "once"
    c.refresh_from_db()
    assert c.extension_days == 30


def test_transfer_moves_the_matter_and_keeps_its_history():
    institution = f.FiledInstitutionFactory(league="150100")
    hohhot, baotou = f.bureau_user("150100"), f.bureau_user("150200")
    c = cf.file(institution).complaint
    c = services.transfer_complaint(actor=hohhot, complaint=c, to=jurisdiction("150200"), reason="考点在包头")
    assert c.jurisdiction.code == "150200" and c.handler.code == "bureau-150200"
    steps = list(Step.objects.filter(complaint=c).order_by("at", "id"))
    assert [s.kind for s in steps] == [StepKind.RECEIVED, StepKind.TRANSFERRED]
    assert steps[1].from_jurisdiction.code == "150100" and steps[1].note == "考点在包头"
    assert not selectors.complaints_visible_to(hohhot).filter(pk=c.pk).exists()
    assert selectors.complaints_visible_to(baotou).filter(pk=c.pk).exists()
    with pytest.raises(NotFoundError):
        services.accept_complaint(actor=hohhot, complaint=c)
    services.accept_complaint(actor=baotou, complaint=c)
    view = selectors.track(c.tracking_code, "x")
    assert view is None
    assert AuditEvent.objects.filter(action="complaints.transferred", object_id=str(c.pk)).count() == 1


def test_overdue_complaints_sit_at_the_top_of_the_inbox():
    bureau = f.bureau_user("150100")
    institution = f.FiledInstitutionFactory(league="150100")
    fresh = cf.file(institution).complaint
    old = services.record_complaint(
        actor=bureau,
        data=cf.data(institution),
        source="letter",
        source_detail="",
        received_on=timezone.localdate() - datetime.timedelta(days=20),
    ).complaint
    inbox = list(selectors.inbox(bureau))
    assert inbox[0] == old and old.is_overdue() and not fresh.is_overdue()
    assert list(selectors.overdue_complaints()) == [old]


def test_founded_outcome_links_the_sanction_and_the_public_sees_only_the_public_text():
    institution, bureau, filed, c = _accepted()
    services.record_investigation(
        actor=bureau,
        complaint=c,
        method="现场核查",
        notes="内部：考评员张某承认未核验身份",
        attachments=[cf.pdf("笔录.pdf")],
    )
    with pytest.raises(DomainError) as err:
        services.conclude_complaint(
            actor=bureau, complaint=c, outcome=Outcome.FOUNDED, public_text="属实", internal_conclusion="属实"
        )
    assert err.value.field == "sanction"
    sanction = sanctions.order_rectification(
        actor=bureau,
        institution=institution,
        grounds="投诉查实：未核验考生身份",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    c = services.conclude_complaint(
        actor=bureau,
        complaint=c,
        outcome=Outcome.FOUNDED,
        public_text="经核查，反映问题属实，已责令该机构限期整改。",
        internal_conclusion="内部意见：考评员张某应暂停派遣",
        sanction=sanction,
    )
    assert c.status == Status.CONCLUDED and c.sanction == sanction
    view = selectors.track(c.tracking_code, filed.secret)
    assert view is not None and view.public_outcome_text == "经核查，反映问题属实，已责令该机构限期整改。"
    shown = repr(view)
    assert "内部" not in shown and "张某" not in shown and "现场核查" not in shown
    assert [s.label for s in view.steps] == ["收到", "受理", "办结"]


def test_referred_outcome_needs_the_receiving_body():
    _, bureau, _, c = _accepted()
    with pytest.raises(DomainError) as err:
        services.conclude_complaint(
            actor=bureau, complaint=c, outcome=Outcome.REFERRED, public_text="已移交", internal_conclusion="移交"
        )
    assert err.value.field == "referred_to"
    c = services.conclude_complaint(
        actor=bureau,
        complaint=c,
        outcome=Outcome.REFERRED,
        public_text="已移交市场监管部门",
        internal_conclusion="涉及乱收费",
        referred_to="呼和浩特市市场监督管理局",
    )
    assert c.outcome == Outcome.REFERRED


def test_not_accepted_needs_reasons_and_an_answer():
    institution = f.FiledInstitutionFactory()
    bureau = f.bureau_user("150100")
    c = cf.file(institution).complaint
    with pytest.raises(DomainError):
        services.refuse_complaint(actor=bureau, complaint=c, reason="", public_text="不属于受理范围")
    c = services.refuse_complaint(
        actor=bureau, complaint=c, reason="已通过诉讼解决", public_text="该事项已进入司法程序，不予受理。"
    )
    assert c.status == Status.NOT_ACCEPTED
    assert Complaint.objects.get(pk=c.pk).public_outcome_text.startswith("该事项")
