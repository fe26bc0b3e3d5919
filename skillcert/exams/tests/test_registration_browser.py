"""Browser walk of the registration side (R-EXAM-1..4): the clerk files and opens a plan, imports a roster
and watches the progress bar, reviews a registration; the public reads the announcement; the candidate
sees the review result. Its own file: live_server tests are transactional."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.exams.models import Registration
from skillcert.exams.tests.factories import (
    candidate,
    draft_plan,
    ready_institution,
    register,
    roster_rows,
    roster_xlsx,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_clerk_imports_and_reviews_candidate_sees_the_result(page, live_server, screenshot, tmp_path):
    setup = ready_institution()
    plan = draft_plan(setup, levels={4: 100})
    _login(page, live_server, setup.clerk)
    page.goto(f"{live_server.url}/exams/plans/{plan.pk}/")
    page.get_by_role("button", name="报送认定计划").click()
    page.get_by_role("button", name="发布报名公告，开始报名").click()
    assert "报名中" in page.content()
    screenshot(page, "exams-plan-detail")
    rows = roster_rows(12)
    rows[3][2] = "150102198001010000"
    path = tmp_path / "名册.xlsx"
    path.write_bytes(roster_xlsx(rows).read())
    page.goto(f"{live_server.url}/exams/plans/{plan.pk}/imports/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_label("导入正确的行，跳过错误行").check()
    page.get_by_role("button", name="上传并导入").click()
    page.get_by_text("导入完成：11 名考生已报名").wait_for()
    screenshot(page, "exams-import-done")
    page.goto(f"{live_server.url}/exams/plans/{plan.pk}/registrations/")
    screenshot(page, "exams-registrations")
    user = candidate(500, name="赵敏")
    registration = register(user, plan)
    page.goto(f"{live_server.url}/exams/registrations/{registration.pk}/")
    page.get_by_label("审核意见").fill("工作年限证明缺少单位盖章")
    page.get_by_role("button", name="审核不通过（须填写原因）").click()
    page.get_by_text("已审核不通过").wait_for()
    screenshot(page, "exams-review")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/exams/announcements/{plan.number}/")
    assert "累计从事本职业工作1年" in page.content()
    screenshot(page, "exams-announcement")
    _login(page, live_server, user)
    page.goto(f"{live_server.url}/exams/my/registrations/")
    assert "工作年限证明缺少单位盖章" in page.content()
    screenshot(page, "exams-my-registrations")
    assert Registration.objects.filter(plan=plan).count() == 12
