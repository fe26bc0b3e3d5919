"""Check-in, incidents, scoring per component, confirmation, changes and CBT scores (R-EXAM-7, R-EXAM-8)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from skillcert.core.errors import DomainError
from skillcert.exams.choices import IncidentHandling, PlanStatus
from skillcert.exams.models import Attendance, ComponentScore, Result, ScoreChange
from skillcert.exams.selectors import scoring as scoring_reads
from skillcert.exams.services import conduct, scoring
from skillcert.exams.services.scoring import ScoreInput
from skillcert.exams.tests.conduct_factories import checked_in, closed_plan, staffed

pytestmark = pytest.mark.django_db


def _theory(s, values):
    return [ScoreInput(r.pk, score=v) for r, v in zip(s.registrations, values, strict=False)]


def _skills(s, rows):
    return [
        ScoreInput(r.pk, examiner_scores={e.pk: v for e, v in zip(s.examiners, vals, strict=True)})
        for r, vals in zip(s.registrations, rows, strict=False)
    ]


def test_check_in_verifies_identity_and_needs_confirmed_staffing():
    s = closed_plan(n=2)
    theory, _ = staffed(s)
    r = s.registrations[0]
    with pytest.raises(DomainError) as exc:
        conduct.check_in(
            actor=s.clerk, session=theory, registration=r, identity_verified=True, id_number="150102199001019999"
        )
    assert exc.value.field == "id_number"
    attendance = conduct.check_in(
        actor=s.clerk, session=theory, registration=r, identity_verified=True, id_number=r.id_number.lower()
    )
    assert attendance.identity_verified
    s.plan.refresh_from_db()
    assert s.plan.status == PlanStatus.IN_PROGRESS
    with pytest.raises(DomainError):
        conduct.check_in(actor=s.clerk, session=theory, registration=s.registrations[1], identity_verified=False)
    failed = conduct.check_in(
        actor=s.clerk,
        session=theory,
        registration=s.registrations[1],
        identity_verified=False,
        note="证件照片与本人不符",
    )
    assert not failed.identity_verified


def test_skills_score_is_the_mean_of_examiners_and_pass_needs_every_component():
    s = closed_plan(n=3)
    checked_in(s)
    scoring.enter_scores(actor=s.clerk, plan=s.plan, level=4, component="theory", rows=_theory(s, ["85", "60", "59.5"]))
    scoring.enter_scores(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="skills",
        rows=_skills(s, [("70", "71", "75"), ("60", "59", "61"), ("90", "90", "90")]),
    )
    first = ComponentScore.objects.get(registration=s.registrations[0], component="skills")
    assert first.score == Decimal("72.00") and first.examiner_scores.count() == 3
    scoring.confirm_scores(actor=s.clerk, plan=s.plan)
    results = {r.registration_id: r.passed for r in Result.objects.all()}
    assert results[s.registrations[0].pk] is True
    assert results[s.registrations[1].pk] is True, "60 and a mean of exactly 60 pass (inclusive)"
    assert results[s.registrations[2].pk] is False, "59.5 in theory fails the level"
    assert ComponentScore.objects.filter(locked=False).count() == 0


def test_scores_out_of_range_are_refused_naming_the_row_and_nothing_is_saved():
    s = closed_plan(n=3)
    checked_in(s)
    with pytest.raises(DomainError) as exc:
        scoring.enter_scores(
            actor=s.clerk, plan=s.plan, level=4, component="theory", rows=_theory(s, ["85", "101", "abc"])
        )
    messages = exc.value.errors["rows"]
    assert any(s.registrations[1].exam_number in m and "超出范围，应在0至100分之间" in m for m in messages)
    assert any("不是有效的分数" in m for m in messages)
    assert not ComponentScore.objects.exists()
    with pytest.raises(DomainError) as exc:
        scoring.enter_scores(
            actor=s.clerk,
            plan=s.plan,
            level=4,
            component="skills",
            rows=[ScoreInput(s.registrations[0].pk, score="80")],
        )
    assert exc.value.errors["rows"][0].endswith("不能直接录入")


def test_incident_handling_is_respected_by_scoring():
    s = closed_plan(n=3)
    theory, _skills_session = checked_in(s)
    warned, voided, expelled = s.registrations
    conduct.record_incident(
        actor=s.clerk, session=theory, registration=warned, kind="violation", description="交头接耳", handling="warning"
    )
    conduct.record_incident(
        actor=s.clerk,
        session=theory,
        registration=voided,
        kind="cheating",
        description="携带资料",
        handling=IncidentHandling.COMPONENT_VOIDED,
    )
    conduct.record_incident(
        actor=s.clerk,
        session=theory,
        registration=expelled,
        kind="impersonation",
        description="替考",
        handling="expelled",
    )
    with pytest.raises(DomainError) as exc:
        scoring.enter_scores(actor=s.clerk, plan=s.plan, level=4, component="theory", rows=_theory(s, ["90", "90", ""]))
    assert "违纪处理成绩无效" in exc.value.message
    scoring.enter_scores(actor=s.clerk, plan=s.plan, level=4, component="theory", rows=_theory(s, ["90"]))
    scoring.enter_scores(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="skills",
        rows=_skills(s, [("80", "80", "80"), ("80", "80", "80")]),
    )
    scoring.confirm_scores(actor=s.clerk, plan=s.plan)
    results = {r.registration_id: r.passed for r in Result.objects.all()}
    assert results == {warned.pk: True, voided.pk: False, expelled.pk: False}


def test_later_changes_need_a_reason_and_are_kept():
    s = closed_plan(n=2)
    checked_in(s)
    scoring.enter_scores(actor=s.clerk, plan=s.plan, level=4, component="theory", rows=_theory(s, ["58", "70"]))
    scoring.enter_scores(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="skills",
        rows=_skills(s, [("80", "80", "80"), ("70", "70", "70")]),
    )
    scoring.confirm_scores(actor=s.clerk, plan=s.plan)
    cs = ComponentScore.objects.get(registration=s.registrations[0], component="theory")
    with pytest.raises(DomainError) as exc:
        scoring.enter_scores(actor=s.clerk, plan=s.plan, level=4, component="theory", rows=_theory(s, ["60"]))
    assert "锁定" in exc.value.message
    with pytest.raises(DomainError) as exc:
        scoring.change_score(actor=s.clerk, component_score=cs, reason=" ", score="61")
    assert exc.value.field == "reason"
    change = scoring.change_score(actor=s.clerk, component_score=cs, reason="复查答题卡漏计一题", score="61")
    assert (change.before, change.after, change.changed_by) == (Decimal("58.00"), Decimal("61.00"), s.clerk)
    assert Result.objects.get(registration=s.registrations[0]).passed is True
    skills = ComponentScore.objects.get(registration=s.registrations[1], component="skills")
    scoring.change_score(
        actor=s.clerk, component_score=skills, reason="考评员复评", examiner_scores={s.examiners[0].pk: "73"}
    )
    assert ScoreChange.objects.get(component_score=skills).after == Decimal("71.00")


def test_import_scores_from_xlsx_and_cbt_scores_later():
    s = closed_plan(n=2)
    checked_in(s)
    grid = scoring_reads.score_grid(s.plan, 4, "skills")
    headers = scoring_reads.template_headers(grid)
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in s.registrations:
        ws.append([r.exam_number, r.name, "", 80, 82, 84])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    assert (
        scoring.import_scores(
            actor=s.clerk, plan=s.plan, level=4, component="skills", upload=buffer, filename="skills.xlsx"
        )
        == 2
    )
    assert ComponentScore.objects.get(registration=s.registrations[0], component="skills").score == Decimal("82.00")
    bad = io.BytesIO(
        ("准考证号,姓名,缺考,成绩\n" + f"{s.registrations[0].exam_number},{s.registrations[0].name},,120\n").encode()
    )
    with pytest.raises(DomainError) as exc:
        scoring.import_scores(actor=s.clerk, plan=s.plan, level=4, component="theory", upload=bad, filename="t.csv")
    assert exc.value.field == "file" and "第2行" in exc.value.message and "超出范围" in exc.value.message
    count = scoring.receive_cbt_scores(
        actor=None, plan=s.plan, level=4, scores={r.exam_number: "66.5" for r in s.registrations}
    )
    assert count == 2
    assert ComponentScore.objects.get(registration=s.registrations[1], component="theory").source == "cbt"
    scoring.confirm_scores(actor=s.clerk, plan=s.plan)
    scoring.receive_cbt_scores(actor=None, plan=s.plan, level=4, scores={s.registrations[0].exam_number: "70"})
    change = ScoreChange.objects.get()
    assert change.reason == "机考系统成绩回传" and change.after == Decimal("70.00") and change.changed_by is None


def test_absent_candidates_fail_and_unchecked_candidates_cannot_get_scores():
    s = closed_plan(n=2)
    staffed(s)
    from skillcert.exams.models import ExamSession

    theory = ExamSession.objects.get(plan=s.plan, component="theory")
    conduct.check_in(
        actor=s.clerk,
        session=theory,
        registration=s.registrations[0],
        identity_verified=True,
        id_number=s.registrations[0].id_number,
    )
    with pytest.raises(DomainError) as exc:
        scoring.enter_scores(actor=s.clerk, plan=s.plan, level=4, component="theory", rows=_theory(s, ["80", "80"]))
    assert "未签到" in exc.value.message
    assert not Attendance.objects.filter(registration=s.registrations[1]).exists()
