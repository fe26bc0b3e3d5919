"""Examiners score for themselves: rubric, blind sheets, signatures, gaps for the chief examiner,
paper sheets entered on an examiner's behalf (R-EXAM-8, R-EXAM-11)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import UserFactory
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.models import AuditEvent
from skillcert.exams.choices import GapReviewStatus, SheetEntry
from skillcert.exams.models import ComponentScore, ExaminerScore, GapReview, Seat, SheetChange
from skillcert.exams.selectors.conduct import score_problems
from skillcert.exams.selectors.sheets import sheet_view, sheets_to_sign
from skillcert.exams.services import scoring, sheets
from skillcert.exams.services.scoring import ScoreInput
from skillcert.exams.tests.conduct_factories import checked_in, closed_plan, examiner_accounts

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    s = closed_plan(n=2)
    _theory, skills = checked_in(s)
    users = examiner_accounts(s, skills)
    sheets.set_rubric(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="skills",
        criteria=[
            {"key": "safety", "title": "安全文明操作", "max": "10"},
            {"key": "process", "title": "操作过程", "max": "50"},
            {"key": "result", "title": "成品质量", "max": "40"},
        ],
    )
    seat = Seat.objects.select_related("registration").filter(session=skills).order_by("seat_number").first()
    return s, skills, users, seat


def marks(safety, process, result):
    return {"safety": safety, "process": process, "result": result}


def test_examiners_score_blind_then_sign_and_the_score_is_the_mean(world):
    s, skills, users, seat = world
    a, b, chief = users
    with pytest.raises(DomainError) as exc:
        sheets.save_sheet(actor=a, seat=seat, marks=marks("12", "40", "30"))
    assert exc.value.field == "marks" and "安全文明操作" in exc.value.message and "满分10" in exc.value.message
    assert not ExaminerScore.objects.exists(), "nothing half-saved"

    draft = sheets.save_sheet(actor=a, seat=seat, marks=marks("8", "40", ""))
    assert draft.score == Decimal("48.00") and draft.signed_at is None and draft.entry == SheetEntry.SELF
    with pytest.raises(DomainError) as exc:
        sheets.sign_sheet(actor=a, seat=seat)
    assert "成品质量" in exc.value.message, "signing needs every criterion"
    signed = sheets.sign_sheet(actor=a, seat=seat, marks=marks("8", "40", "30"))
    assert signed.score == Decimal("78.00") and signed.signed_at is not None

    sheets.sign_sheet(actor=b, seat=seat, marks=marks("9", "41", "30"))
    view_b = sheet_view(seat, skills.staff.get(person=s.examiners[1]))
    assert view_b.others == [], "blind until every examiner has signed"
    cs = ComponentScore.objects.get(registration=seat.registration, component="skills")
    assert cs.score is None

    sheets.sign_sheet(actor=chief, seat=seat, marks=marks("9", "42", "31"))
    view_b = sheet_view(seat, skills.staff.get(person=s.examiners[1]))
    assert sorted(o.score for o in view_b.others) == [Decimal("78.00"), Decimal("82.00")]
    cs.refresh_from_db()
    assert cs.score == Decimal("80.00"), "(78 + 80 + 82) / 3"

    with pytest.raises(DomainError) as exc:
        sheets.sign_sheet(actor=a, seat=seat)
    assert exc.value.code == "signed" and "不能重复签名" in exc.value.message
    assert AuditEvent.objects.filter(action="exams.sheet_signed").count() == 3


def test_a_change_after_signing_needs_a_reason_and_keeps_before_and_after(world):
    _s, _skills, users, seat = world
    a = users[0]
    sheets.sign_sheet(actor=a, seat=seat, marks=marks("8", "40", "30"))
    with pytest.raises(DomainError) as exc:
        sheets.save_sheet(actor=a, seat=seat, marks=marks("8", "40", "31"))
    assert exc.value.code == "signed"
    with pytest.raises(DomainError) as exc:
        sheets.change_signed_sheet(actor=a, seat=seat, marks=marks("8", "40", "31"), reason="  ")
    assert exc.value.field == "reason"
    change = sheets.change_signed_sheet(actor=a, seat=seat, marks=marks("8", "40", "31"), reason="复核成品尺寸后改正")
    assert (change.before, change.after) == (Decimal("78.00"), Decimal("79.00"))
    assert change.before_marks["result"] == "30.00" and change.after_marks["result"] == "31.00"
    event = AuditEvent.objects.get(action="exams.sheet_changed")
    assert event.before["score"] == "78.00" and event.after["reason"] == "复核成品尺寸后改正"
    assert SheetChange.objects.count() == 1


def test_a_wide_gap_goes_to_the_chief_examiner_who_decides_with_reasons(world):
    s, _skills, users, seat = world
    a, b, chief = users
    sheets.sign_sheet(actor=a, seat=seat, marks=marks("5", "30", "20"))  # 55
    sheets.sign_sheet(actor=b, seat=seat, marks=marks("9", "45", "36"))  # 90
    sheets.sign_sheet(actor=chief, seat=seat, marks=marks("8", "40", "32"))  # 80
    review = GapReview.objects.get()
    assert review.status == GapReviewStatus.OPEN and review.gap == Decimal("35.00")
    assert review.threshold == Decimal("10.00")
    cs = ComponentScore.objects.get(registration=seat.registration, component="skills")
    assert cs.score is None
    assert any("待首席考评员裁定" in p for p in score_problems(s.plan))
    assert [r.pk for r in sheets_open_gaps(chief)] == [review.pk]

    with pytest.raises(NotFoundError):
        sheets.decide_gap(actor=a, review=review, reasons="维持")
    with pytest.raises(PermissionDenied):
        sheets.decide_gap(actor=s.clerk, review=review, reasons="维持")
    with pytest.raises(DomainError) as exc:
        sheets.decide_gap(actor=chief, review=review, reasons="")
    assert exc.value.field == "reasons"
    decided = sheets.decide_gap(
        actor=chief, review=review, reasons="两位考评员对操作过程的扣分点理解不同，经复看录像维持原评分"
    )
    assert decided.status == GapReviewStatus.DECIDED and decided.score == Decimal("75.00")
    cs.refresh_from_db()
    assert cs.score == Decimal("75.00"), "the mean of 55, 90 and 80"
    with pytest.raises(DomainError) as exc:
        sheets.decide_gap(actor=chief, review=review, reasons="再次裁定")
    assert exc.value.code == "not_open"
    assert AuditEvent.objects.filter(action="exams.gap_decided").count() == 1


def sheets_open_gaps(user):
    from skillcert.exams.selectors.sheets import open_gaps_for_chief

    return list(open_gaps_for_chief(user))


def test_examiners_not_on_the_session_cannot_score(world):
    s, _skills, _users, seat = world
    stranger = UserFactory(organisation=s.institution.organisation, roles=[Role.EXAMINER])
    with pytest.raises(NotFoundError):
        sheets.save_sheet(actor=stranger, seat=seat, marks=marks("8", "40", "30"))
    with pytest.raises(PermissionDenied) as exc:
        sheets.save_sheet(actor=s.clerk, seat=seat, marks=marks("8", "40", "30"))
    assert "考评人员" in str(exc.value)
    assert not ExaminerScore.objects.exists()


def test_paper_sheets_need_the_scan_and_are_recorded_as_entered_on_behalf(world):
    s, _skills, users, seat = world
    person = s.examiners[1]
    with pytest.raises(DomainError) as exc:
        sheets.enter_paper_sheet(actor=s.clerk, seat=seat, examiner=person, marks=marks("8", "40", "30"), scan=None)
    assert exc.value.field == "scan"
    with pytest.raises(DomainError) as exc:
        sheets.enter_paper_sheet(
            actor=s.clerk,
            seat=seat,
            examiner=person,
            marks=marks("8", "40", "30"),
            scan=SimpleUploadedFile("sheet.pdf", b"not a pdf at all", content_type="application/pdf"),
        )
    assert exc.value.field == "scan"
    sheet = sheets.enter_paper_sheet(
        actor=s.clerk,
        seat=seat,
        examiner=person,
        marks=marks("8", "40", "30"),
        scan=SimpleUploadedFile("sheet.pdf", PDF, content_type="application/pdf"),
    )
    assert sheet.entry == SheetEntry.PAPER and sheet.scan is not None and sheet.entered_by == s.clerk
    event = AuditEvent.objects.get(action="exams.sheet_entered_on_behalf")
    assert event.after["on_behalf_of"] == person.name
    with pytest.raises(DomainError) as exc:
        sheets.save_sheet(actor=users[1], seat=seat, marks=marks("8", "40", "30"))
    assert exc.value.code == "signed"


def test_the_grid_does_not_overwrite_an_examiners_own_sheet(world):
    s, _skills, users, seat = world
    sheets.sign_sheet(actor=users[0], seat=seat, marks=marks("8", "40", "30"))
    with pytest.raises(DomainError) as exc:
        scoring.enter_scores(
            actor=s.clerk,
            plan=s.plan,
            level=4,
            component="skills",
            rows=[ScoreInput(seat.registration_id, examiner_scores={s.examiners[0].pk: "60"})],
        )
    assert "考评员本人" in exc.value.message
    unchanged = scoring.enter_scores(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="skills",
        rows=[ScoreInput(seat.registration_id, examiner_scores={s.examiners[0].pk: "78", s.examiners[1].pk: "80"})],
    )
    assert unchanged == 1
    assert ExaminerScore.objects.get(examiner=s.examiners[0]).entry == SheetEntry.SELF


def test_the_workbench_counts_sheets_to_sign(world):
    s, _skills, users, seat = world
    (row,) = sheets_to_sign(users[0])
    assert (row.seated, row.signed, row.to_sign) == (2, 0, 2)
    sheets.sign_sheet(actor=users[0], seat=seat, marks=marks("8", "40", "30"))
    (row,) = sheets_to_sign(users[0])
    assert (row.signed, row.to_sign) == (1, 1)
    assert sheets_to_sign(s.clerk) == []


def test_rubric_maxima_must_add_up_to_full_marks_and_cannot_change_once_used(world):
    s, _skills, users, seat = world
    with pytest.raises(DomainError) as exc:
        sheets.set_rubric(
            actor=s.clerk, plan=s.plan, level=4, component="skills", criteria=[{"title": "操作", "max": "90"}]
        )
    assert exc.value.field == "criteria" and "100" in exc.value.message
    sheets.save_sheet(actor=users[0], seat=seat, marks=marks("8", "", ""))
    with pytest.raises(DomainError) as exc:
        sheets.set_rubric(
            actor=s.clerk, plan=s.plan, level=4, component="skills", criteria=[{"title": "操作", "max": "100"}]
        )
    assert exc.value.code == "in_use"


def test_a_gap_without_a_chief_examiner_says_so(world):
    s, skills, users, seat = world
    skills.staff.filter(is_chief=True).update(is_chief=False)
    for user, given in zip(users, (("8", "2", "30"), ("10", "45", "35"), ("8", "32", "30")), strict=True):
        sheets.sign_sheet(actor=user, seat=seat, marks=marks(*given))
    problems = score_problems(s.plan)
    assert any("尚未指定首席考评员" in p for p in problems), problems
    with pytest.raises(DomainError) as exc:
        scoring.confirm_scores(actor=s.clerk, plan=s.plan)
    assert exc.value.field in ("scores", "staffing")
