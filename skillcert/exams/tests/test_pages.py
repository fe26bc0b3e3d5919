"""Pages of plans, registration, imports and review: each role sees what it should, bad input is a 400
with the Chinese reason, forbidden is 404, list pages have bounded queries (R-EXAM-1..4)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillcert.exams.choices import PlanStatus, RegistrationStatus
from skillcert.exams.models import ExamPlan, Registration
from skillcert.exams.services.roster import start_roster_import
from skillcert.exams.tests.factories import (
    bureau_clerk,
    candidate,
    draft_plan,
    open_plan,
    pdf,
    photo,
    ready_institution,
    register,
    roster_csv,
    roster_rows,
)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_institution_creates_files_and_opens_a_plan_through_the_pages(client):
    setup = ready_institution()
    client.force_login(setup.clerk)
    plan = draft_plan(setup)
    response = client.get(reverse("exams:plan", args=[plan.pk]))
    assert response.status_code == 200 and "报送核查已全部通过" in _text(response)
    response = client.post(reverse("exams:plan_file", args=[plan.pk]))
    assert response.status_code == 302
    response = client.post(reverse("exams:plan_open", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.OPEN
    public = client.get(reverse("exams:announcement", args=[plan.number]))
    assert "在线报名" in _text(public) and "累计从事本职业工作1年" in _text(public)


def test_plan_form_shows_field_errors_with_status_400(client):
    setup = ready_institution()
    client.force_login(setup.clerk)
    response = client.get(reverse("exams:plan_create"))
    assert response.status_code == 200
    response = client.post(
        reverse("exams:plan_create"),
        {
            "title": "测试计划",
            "occupation": setup.occupation.pk,
            "venue": setup.venue.pk,
            "rooms": [setup.rooms[0].pk],
            "first_session_on": "2030-05-10",
            "last_session_on": "2030-05-09",
            "registration_deadline": "2030-05-01",
            "level_4": "10",
        },
    )
    assert response.status_code == 400
    assert "末场考试日期：不能早于首场考试日期" in _text(response)
    assert not ExamPlan.objects.exists()


def test_filing_inside_the_deadline_shows_every_reason(client):
    from django.utils import timezone

    from skillcert.core.workdays import add_working_days

    setup = ready_institution()
    plan = draft_plan(
        setup, first_session_on=add_working_days(timezone.localdate(), 3), registration_deadline=timezone.localdate()
    )
    client.force_login(setup.clerk)
    response = client.post(reverse("exams:plan_file", args=[plan.pk]))
    assert response.status_code == 400
    assert "至少10个工作日报送" in _text(response)


def test_bureau_sees_plans_of_its_league_only_and_can_question(client):
    setup = ready_institution()
    plan = open_plan(setup)
    other = bureau_clerk("150200")
    client.force_login(other)
    assert client.get(reverse("exams:plan", args=[plan.pk])).status_code == 404
    assert plan.number not in _text(client.get(reverse("exams:plan_list")))
    bureau = bureau_clerk(plan.league.code)
    client.force_login(bureau)
    assert plan.number in _text(client.get(reverse("exams:plan_list")))
    response = client.post(reverse("exams:plan_question", args=[plan.pk]), {"question": "请补充考场视频监控说明"})
    assert response.status_code == 302
    client.force_login(setup.clerk)
    page = _text(client.get(reverse("exams:plan", args=[plan.pk])))
    assert "请补充考场视频监控说明" in page and "提交答复" in page


def test_candidate_signs_up_applies_and_sees_the_review_result(client):
    setup = ready_institution()
    plan = open_plan(setup)
    response = client.post(
        reverse("exams:signup"),
        {
            "username": "kaosheng1",
            "password": "Skill#Cert2026x",
            "password2": "Skill#Cert2026x",
            "full_name": "李明",
            "id_type": "resident_id",
            "id_number": "15010219900307003X",
            "mobile": "13912345678",
        },
    )
    assert response.status_code == 400 and "校验位" in _text(response)
    from skillcert.exams.tests.factories import id_number

    response = client.post(
        reverse("exams:signup"),
        {
            "username": "kaosheng1",
            "password": "Skill#Cert2026x",
            "password2": "Skill#Cert2026x",
            "full_name": "李明",
            "id_type": "resident_id",
            "id_number": id_number(7),
            "mobile": "13912345678",
        },
    )
    assert response.status_code == 302
    apply_url = reverse("exams:apply", args=[plan.number])
    response = client.post(apply_url, {"level": 4, "mobile": "13912345678", "years_in_occupation": "0"})
    assert response.status_code == 400 and "从业年限" in _text(response)
    response = client.post(
        apply_url,
        {
            "level": 4,
            "mobile": "13912345678",
            "years_in_occupation": "3",
            "photo": photo(),
            "evidence_kind": "work_proof",
            "evidence": pdf(),
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(plan=plan)
    assert registration.evidence.count() == 1
    client.force_login(setup.clerk)
    response = client.post(reverse("exams:registration_reject", args=[registration.pk]), {"reason": ""})
    assert response.status_code == 400 and "不通过原因：不能为空" in _text(response)
    client.post(reverse("exams:registration_reject", args=[registration.pk]), {"reason": "工作证明不清晰"})
    client.force_login(registration.user)
    page = _text(client.get(reverse("exams:my_registrations")))
    assert "审核未通过" in page and "工作证明不清晰" in page


def test_roster_upload_page_progress_and_error_report(client):
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 100})
    client.force_login(setup.clerk)
    rows = roster_rows(3)
    rows[1][4] = "123"
    response = client.post(reverse("exams:imports", args=[plan.pk]), {"file": roster_csv(rows), "mode": "keep_valid"})
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "导入完成：2 名考生已报名" in _text(detail)
    roster_import = plan.roster_imports.get()
    status = client.get(reverse("exams:import_status", args=[roster_import.pk])).json()
    assert status["percent"] == 100 and status["rows_rejected"] == 1
    report = client.get(reverse("exams:import_errors", args=[roster_import.pk]))
    assert report.status_code == 200 and report["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = client.post(reverse("exams:imports", args=[plan.pk]), {"file": pdf("名册.pdf"), "mode": "all_or_nothing"})
    assert bad.status_code == 400 and "不是 .xlsx 或 .csv" in _text(bad)
    other = ready_institution()
    client.force_login(other.clerk)
    assert client.get(reverse("exams:import", args=[roster_import.pk])).status_code == 404
    assert client.get(reverse("exams:import_errors", args=[roster_import.pk])).status_code == 404


def test_registration_list_query_count_does_not_grow(client):
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 200})
    start_roster_import(actor=setup.clerk, plan=plan, upload=roster_csv(roster_rows(5)))
    client.force_login(setup.clerk)
    url = reverse("exams:registrations", args=[plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    start_roster_import(actor=setup.clerk, plan=plan, upload=roster_csv(roster_rows(40, start=5)))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    with CaptureQueriesContext(connection) as plans_few:
        client.get(reverse("exams:plan_list"))
    open_plan(setup)
    open_plan(setup)
    with CaptureQueriesContext(connection) as plans_many:
        client.get(reverse("exams:plan_list"))
    assert len(plans_many.captured_queries) == len(plans_few.captured_queries)


def test_review_page_approves_and_masks_personal_data(client):
    setup = ready_institution()
    plan = open_plan(setup)
    user = candidate(3)
    registration = register(user, plan)
    client.force_login(setup.clerk)
    page = _text(client.get(reverse("exams:registration", args=[registration.pk])))
    assert registration.id_number not in page and registration.masked_id_number in page
    response = client.post(reverse("exams:registration_approve", args=[registration.pk]), {"reason": "材料齐全"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.APPROVED and registration.exam_number
    client.force_login(user)
    assert registration.exam_number in _text(client.get(reverse("exams:my_registration", args=[registration.pk])))
    other = candidate(4)
    client.force_login(other)
    assert client.get(reverse("exams:my_registration", args=[registration.pk])).status_code == 404
    assert client.get(reverse("exams:registration", args=[registration.pk])).status_code == 404
