"""One plan walked in a real browser from filing to final results (R-EXAM-1..9): the institution
files the plan, imports the roster, reviews, sets sessions, draws seats, staffs and confirms,
checks candidates in, enters scores, confirms and publishes; the public objects with a tracking
code; the institution answers; once the windows close the nightly task makes the results final.
Screenshots go to var/screenshots/."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from skillcert.accounts.tests.factories import DEFAULT_PASSWORD
from skillcert.core.workdays import add_working_days
from skillcert.exams.models import ExamPlan, ExamSession, Objection, Result
from skillcert.exams.services.publicity import finalise_due_results
from skillcert.exams.tests.factories import ready_institution, roster_csv, roster_rows
from skillcert.personnel.choices import StaffRole
from skillcert.personnel.tests.factories import serving_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

N = 4


def _dt(day: datetime.date, hour: int) -> str:
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def test_one_plan_from_filing_to_final_results(page, live_server, screenshot, tmp_path):
    setup = ready_institution(levels=(5, 4, 3))
    org = setup.institution.organisation
    examiners = [
        serving_person(StaffRole.EXAMINER, occupation=setup.occupation, level=3, employer=org, name=name)
        for name in ("赵考评", "钱考评", "孙考评")
    ]
    serving_person(StaffRole.INTERNAL_SUPERVISOR, employer=org, name="李督导")
    first = add_working_days(timezone.localdate(), 15)
    roster = tmp_path / "报名名册.csv"
    roster.write_bytes(roster_csv(roster_rows(N, years="5")).read())
    base = live_server.url

    # --- the institution files the plan and opens registration (R-EXAM-1, R-EXAM-2) -------------------
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(setup.clerk.username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{base}/exams/plans/new/")
    page.get_by_label("计划名称").fill("全流程演练认定计划")
    page.get_by_label("职业", exact=True).select_option(str(setup.occupation.pk))
    page.get_by_label("四级/中级工 报名名额").fill("10")
    page.get_by_label("考点", exact=True).select_option(str(setup.venue.pk))
    for room in setup.rooms:
        page.locator(f"input[name=rooms][value='{room.pk}']").check()
    page.get_by_label("首场考试日期").fill(str(first))
    page.get_by_label("末场考试日期").fill(str(first + datetime.timedelta(days=1)))
    page.get_by_label("报名截止日期").fill(str(first - datetime.timedelta(days=5)))
    page.get_by_label("报名条件说明").fill("从事本职业工作1年以上")
    page.get_by_label("报名方式").fill("由单位统一报送名册")
    page.get_by_role("button", name="保存草稿").click()
    plan = ExamPlan.objects.get(title="全流程演练认定计划")
    page.wait_for_url(f"{base}/exams/plans/{plan.pk}/")
    page.get_by_role("button", name="报送认定计划").click()
    page.get_by_role("button", name="发布报名公告，开始报名").click()
    page.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == "open"

    # --- roster import and review (R-EXAM-3, R-EXAM-4) --------------------------------------------------
    page.goto(f"{base}/exams/plans/{plan.pk}/imports/")
    page.locator("input[type=file]").set_input_files(str(roster))
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_load_state()
    assert plan.registrations.count() == N
    page.goto(f"{base}/exams/plans/{plan.pk}/")
    page.get_by_text("截止报名", exact=True).click()
    page.get_by_role("button", name="确认截止报名").click()
    page.wait_for_load_state()
    page.goto(f"{base}/exams/plans/{plan.pk}/registrations/")
    for box in page.locator("input[name=ids]").all():
        box.check()
    page.get_by_role("button", name="选中的待审核报名审核通过").click()
    page.wait_for_load_state()
    assert plan.registrations.filter(status="approved").count() == N

    # --- sessions and seats by lot (R-EXAM-5) -------------------------------------------------------------
    written, workshop = setup.rooms
    for component, room, start, end in (("theory", written, 9, 11), ("skills", workshop, 14, 17)):
        page.goto(f"{base}/exams/plans/{plan.pk}/sessions/")
        page.get_by_label("等级", exact=True).select_option("4")
        page.get_by_label("考核科目", exact=True).select_option(component)
        page.get_by_label("考场", exact=True).select_option(str(room.pk))
        page.get_by_label("开始时间").fill(_dt(first, start))
        page.get_by_label("结束时间").fill(_dt(first, end))
        page.get_by_role("button", name="新增场次").click()
        assert "已新增场次" in page.locator(".messages").inner_text()
    for label in ("四级/中级工理论知识", "四级/中级工操作技能"):
        page.get_by_role("button", name=f"抽签排座：{label}").click()
        assert "已抽签排座" in page.locator(".messages").inner_text()
    screenshot(page, "exams-walk-sessions")
    theory = ExamSession.objects.get(plan=plan, component="theory")
    skills = ExamSession.objects.get(plan=plan, component="skills")

    # --- staffing against the ratios, check-in (R-EXAM-6, R-EXAM-7) --------------------------------------
    page.goto(f"{base}/exams/sessions/{theory.pk}/")
    page.get_by_role("button", name="确认人员配备").click()
    assert "监考人员" in page.locator(".problems").first.inner_text()
    for person in examiners[:2]:
        page.get_by_label("监考人员", exact=True).select_option(str(person.pk))
        page.get_by_role("button", name="安排为监考人员").click()
    page.get_by_label("内部质量督导员", exact=True).select_option(label="李督导（" + org.name + "）")
    page.get_by_role("button", name="安排为内部质量督导员").click()
    page.get_by_role("button", name="确认人员配备").click()
    assert "符合标准配比" in page.locator(".messages").inner_text()
    for registration in plan.registrations.order_by("exam_number"):
        form = page.get_by_role("form", name=f"签到 {registration.exam_number}")
        form.get_by_label(f"证件号码 {registration.exam_number}").fill(registration.id_number)
        form.get_by_role("button", name="签到").click()
    assert page.locator("#seats").inner_text().count("已签到") == N
    screenshot(page, "exams-walk-theory-session")

    page.goto(f"{base}/exams/sessions/{skills.pk}/")
    for person in examiners:
        page.get_by_label("考评员", exact=True).select_option(str(person.pk))
        page.get_by_role("button", name="安排为考评员").click()
    page.get_by_label("内部质量督导员", exact=True).select_option(label="李督导（" + org.name + "）")
    page.get_by_role("button", name="安排为内部质量督导员").click()
    page.get_by_role("button", name="确认人员配备").click()
    for registration in plan.registrations.order_by("exam_number"):
        form = page.get_by_role("form", name=f"签到 {registration.exam_number}")
        form.get_by_label(f"证件号码 {registration.exam_number}").fill(registration.id_number)
        form.get_by_role("button", name="签到").click()

    # --- scores: theory, then each examiner separately (R-EXAM-8) ----------------------------------------
    regs = list(plan.registrations.order_by("exam_number"))
    page.goto(f"{base}/exams/plans/{plan.pk}/scores/4/theory/")
    for i, r in enumerate(regs):
        page.get_by_label(f"{r.exam_number} 成绩").fill("58" if i == 0 else str(70 + i))
    page.get_by_role("button", name="保存成绩").click()
    page.goto(f"{base}/exams/plans/{plan.pk}/scores/4/skills/")
    for r in regs:
        for k, person in enumerate(examiners):
            page.get_by_label(f"{r.exam_number} {person.name}评分").fill(str(78 + k))
    page.get_by_role("button", name="保存成绩").click()
    assert "79.00" in page.locator("#score-form").inner_text(), "the mean of 78, 79 and 80"
    screenshot(page, "exams-walk-skills-grid")
    page.goto(f"{base}/exams/plans/{plan.pk}/results/")
    page.get_by_role("button", name="确认成绩（锁定）").click()
    page.get_by_role("button", name="发布成绩公示").click()
    assert "成绩已公示" in page.locator(".messages").inner_text()
    assert Result.objects.filter(registration__plan=plan, passed=False).count() == 1

    # --- the public sees a masked list and objects (R-EXAM-9) ------------------------------------------
    public = page.context.browser.new_context(locale="zh-CN")
    visitor = public.new_page()
    visitor.goto(f"{base}/exams/public/results/")
    visitor.get_by_role("link", name=plan.number, exact=False).click()
    listing = visitor.locator("#public-list").inner_text()
    assert regs[1].masked_id_number in listing and regs[1].id_number not in listing
    visitor.get_by_label("异议人姓名").fill("王先生")
    visitor.get_by_label("异议内容").fill("请核实第一名考生的理论成绩")
    visitor.get_by_role("button", name="提交异议").click()
    code = visitor.locator("#tracking-code").inner_text()
    screenshot(visitor, "exams-walk-objection-code")

    page.goto(f"{base}/exams/plans/{plan.pk}/results/")
    page.get_by_label(f"处理结果 {code}").fill("复核答题卡，成绩无误，异议不成立")
    page.get_by_role("button", name="办结").first.click()
    assert "异议已办结" in page.locator(".messages").inner_text()
    visitor.goto(f"{base}/exams/public/objections/?code={code}")
    assert "异议不成立" in visitor.locator("dl").inner_text()
    public.close()

    # --- the windows close; the nightly task makes the results final ----------------------------------
    publication = plan.publications.get()
    assert finalise_due_results(on=publication.recheck_deadline) == 0, "not before the re-check window closes"
    finalise_due_results(
        on=max(publication.recheck_deadline, publication.publicity_ends_on) + datetime.timedelta(days=1)
    )
    page.goto(f"{base}/exams/plans/{plan.pk}/results/")
    assert page.locator("#plan-status").inner_text() == "结果已确认"
    assert not Result.objects.filter(registration__plan=plan, final_at__isnull=True).exists()
    assert Objection.objects.get(tracking_code=code).status == "closed"
    screenshot(page, "exams-walk-final")
