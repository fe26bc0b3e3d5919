"""Examiners score for themselves in a real browser (R-EXAM-11): three examiners of a skills session
sign in from their own accounts and score the same candidate against the rubric, two of them far
apart; the chief examiner finds the gap on the workbench, decides it with reasons, and the
component score (the mean) shows. Screenshots go to var/screenshots/."""

from __future__ import annotations

import pytest

from skillcert.accounts.tests.factories import DEFAULT_PASSWORD
from skillcert.core.testing import ensure_reference_data
from skillcert.exams.choices import GapReviewStatus
from skillcert.exams.models import ComponentScore, GapReview, Seat
from skillcert.exams.services import sheets
from skillcert.exams.tests.conduct_factories import checked_in, closed_plan, examiner_accounts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def _score(page, base, user, process, quality):
    _sign_in(page, base, user)
    page.goto(f"{base}/exams/my/assignments/")
    page.locator("#sheets").get_by_role("link", name="评分").first.click()
    page.locator("#sheet-list").get_by_role("link", name="评分").first.click()
    page.get_by_label("操作过程").fill(process)
    page.get_by_label("成品质量").fill(quality)
    page.get_by_role("button", name="签名确认").click()
    page.wait_for_load_state()
    assert page.locator("#signed").is_visible()


def test_two_examiners_far_apart_and_the_chief_decides(page, live_server, screenshot):
    ensure_reference_data()
    s = closed_plan(n=1)
    _theory, skills = checked_in(s)
    first, second, chief = examiner_accounts(s, skills)
    sheets.set_rubric(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="skills",
        criteria=[
            {"key": "process", "title": "操作过程", "max": "60"},
            {"key": "quality", "title": "成品质量", "max": "40"},
        ],
    )
    seat = Seat.objects.select_related("registration").get(session=skills)
    base = live_server.url

    # A mark above its criterion's maximum is refused, naming the criterion and its maximum.
    _sign_in(page, base, first)
    page.goto(f"{base}/exams/my/sheets/{seat.pk}/")
    page.get_by_label("操作过程").fill("65")
    page.get_by_label("成品质量").fill("20")
    page.get_by_role("button", name="签名确认").click()
    assert "“操作过程”的得分65超出范围，该项满分60.00分" in page.locator(".problems").inner_text()

    _score(page, base, first, "30", "20")  # 50
    assert "其他考评人员的评分在全部签名后显示" in page.locator("#others").inner_text()
    _score(page, base, second, "55", "37")  # 92
    _score(page, base, chief, "45", "30")  # 75
    assert "待首席考评员裁定" in page.locator("#gap-state").inner_text()
    screenshot(page, "examiner-sheet-all-signed")

    review = GapReview.objects.get()
    assert review.status == GapReviewStatus.OPEN
    page.goto(f"{base}/exams/my/assignments/")
    page.locator("#gaps").get_by_role("link", name="裁定").click()
    page.get_by_label("裁定理由").fill("复看操作录像：两位考评员对工序完整性的扣分依据均成立，维持各自评分")
    page.get_by_role("button", name="裁定").click()
    page.wait_for_load_state()
    decision = page.locator("#decision").inner_text()
    assert "科目成绩（平均分）72.33" in decision and "维持各自评分" in decision
    assert page.locator("#gap-status").inner_text() == "已裁定"
    screenshot(page, "chief-examiner-gap-decided")

    score = ComponentScore.objects.get(registration=seat.registration, component="skills")
    assert str(score.score) == "72.33", "(50 + 92 + 75) / 3"

    # The first examiner now sees everyone's marks and the component score.
    _sign_in(page, base, first)
    page.goto(f"{base}/exams/my/sheets/{seat.pk}/")
    assert "72.33" in page.locator("#component-score").inner_text()
    assert "92.00" in page.locator("#others").inner_text()
