"""Plans: filing checks, the bureau's questions and stops, announcement (R-EXAM-1, R-EXAM-2)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from skillcert.core.audit import events_for
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.workdays import add_working_days
from skillcert.exams.choices import PlanStatus
from skillcert.exams.models import PlanLevel
from skillcert.exams.services import plans as services
from skillcert.exams.tests.factories import bureau_clerk, draft_plan, filed_plan, plan_input, ready_institution
from skillcert.institutions.choices import InstitutionType
from skillcert.institutions.tests.factories import FiledInstitutionFactory, occupation, staff

pytestmark = pytest.mark.django_db


def test_filing_a_ready_plan_records_the_lead_time_and_an_audit_event():
    setup = ready_institution()
    plan = filed_plan(setup)
    assert plan.status == PlanStatus.FILED
    assert plan.filed_on_time is True
    assert plan.lead_working_days == 20
    assert plan.league == setup.venue.league
    assert plan.number.startswith(f"JH{plan.league.code}")
    assert events_for(plan).filter(action="exams.plan_filed").exists()


def test_filing_inside_the_lead_time_is_refused_with_the_earliest_date(set_policy):
    setup = ready_institution()
    first = add_working_days(timezone.localdate(), 5)
    plan = draft_plan(setup, first_session_on=first, registration_deadline=timezone.localdate())
    with pytest.raises(DomainError) as exc:
        services.file_plan(actor=setup.clerk, plan=plan)
    messages = exc.value.errors["__all__"]
    assert any("至少10个工作日" in m and "仅5个工作日" in m for m in messages)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    set_policy("exams.plan_lead_working_days", 3)
    assert services.file_plan(actor=setup.clerk, plan=plan).status == PlanStatus.FILED


def test_filing_names_every_missing_readiness_item_and_scope_gap():
    occ = occupation(levels=(5, 4))
    institution = FiledInstitutionFactory(type=InstitutionType.SOCIAL_LEAGUE, scope=[(occ, None, 5)])
    clerk = staff(institution, "clerk")
    from skillcert.exams.tests.factories import Setup, rule
    from skillcert.institutions.tests.factories import venue

    rule(occ, 5)
    v = venue(institution)
    setup = Setup(institution, clerk, clerk, occ, v, [])
    from skillcert.institutions import services as inst

    setup.rooms = [inst.save_room(actor=clerk, venue=v, name="A", kind="written", capacity=30)]
    plan = draft_plan(setup, levels={5: 10})
    # A level saved while the scope still held it (saving now refuses it): filing checks again.
    PlanLevel.objects.create(plan=plan, level=4, capacity=10)
    with pytest.raises(DomainError) as exc:
        services.file_plan(actor=clerk, plan=plan)
    text = "\n".join(exc.value.errors["__all__"])
    assert "规章制度未公开：考务管理" in text
    assert "诚信承诺书" in text
    assert "四级/中级工在" in text and "不在本机构备案范围内" in text
    assert "申报条件" in text  # no conditions for level 4


def test_bureau_questions_institution_answers_then_opens():
    setup = ready_institution()
    plan = filed_plan(setup)
    bureau = bureau_clerk(plan.league.code)
    query = services.question_plan(actor=bureau, plan=plan, question="请说明考评人员来源")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.QUESTIONED
    with pytest.raises(DomainError, match="质询尚未答复"):
        services.open_registration(actor=setup.clerk, plan=plan)
    services.answer_query(actor=setup.clerk, query=query, answer="考评人员均为本机构聘用并经培训的考评员")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FILED
    assert services.open_registration(actor=setup.clerk, plan=plan).status == PlanStatus.OPEN


def test_only_the_bureau_of_the_league_can_question_or_stop():
    setup = ready_institution()
    plan = filed_plan(setup)
    other = bureau_clerk("150200")
    with pytest.raises(NotFoundError):
        services.stop_plan(actor=other, plan=plan, grounds="x")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.stop_plan(actor=setup.manager, plan=plan, grounds="自己叫停")
    bureau = bureau_clerk(plan.league.code)
    stopped = services.stop_plan(actor=bureau, plan=plan, grounds="考点不具备视频监控条件")
    assert stopped.status == PlanStatus.STOPPED
    assert stopped.stop_grounds == "考点不具备视频监控条件"
    with pytest.raises(DomainError):
        services.open_registration(actor=setup.clerk, plan=stopped)


def test_plan_input_errors_name_the_field():
    setup = ready_institution()
    data = plan_input(setup, levels={2: 5})
    with pytest.raises(DomainError) as exc:
        services.save_plan(actor=setup.clerk, institution=setup.institution, data=data)
    assert exc.value.field == "levels"
    first = timezone.localdate() + datetime.timedelta(days=30)
    data = plan_input(setup, first_session_on=first, registration_deadline=first)
    with pytest.raises(DomainError) as exc:
        services.save_plan(actor=setup.clerk, institution=setup.institution, data=data)
    assert exc.value.field == "registration_deadline"
