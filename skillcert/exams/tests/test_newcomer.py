"""What a newcomer tripped on in exams (issue #9 §6): closing registration asks first and can be undone
within the plan's rules, the institution reaches a candidate's admission ticket from the registration
pages, the plan form offers only the filed scope, and the roster template's example row is skipped
(R-EXAM-1, R-EXAM-3, R-EXAM-5)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from skillcert.core.audit import events_for
from skillcert.core.errors import DomainError
from skillcert.exams.choices import Event, PlanStatus
from skillcert.exams.services import plans as services
from skillcert.exams.tests.conduct_factories import closed_plan, staffed
from skillcert.exams.tests.factories import bureau_clerk, open_plan, ready_institution

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_closing_registration_asks_for_confirmation_first(client):
    setup = ready_institution()
    plan = open_plan(setup)
    client.force_login(setup.clerk)
    page = _text(client.get(reverse("exams:plan", args=[plan.pk])))
    assert "确认截止报名" in page and 'name="confirm"' in page
    response = client.post(reverse("exams:plan_close", args=[plan.pk]))
    assert response.status_code == 400 and "请先确认截止报名" in _text(response)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.OPEN
    response = client.post(reverse("exams:plan_close", args=[plan.pk]), {"confirm": "1"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED


def test_closed_registration_reopens_with_a_reason_that_is_audited(client):
    setup = ready_institution()
    plan = services.close_registration(actor=setup.clerk, plan=open_plan(setup))
    client.force_login(setup.clerk)
    assert "重新开放报名" in _text(client.get(reverse("exams:plan", args=[plan.pk])))
    response = client.post(reverse("exams:plan_reopen", args=[plan.pk]), {"reason": ""})
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    response = client.post(reverse("exams:plan_reopen", args=[plan.pk]), {"reason": "误操作截止，考生仍在报名期内"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.OPEN
    event = events_for(plan).get(action=Event.REGISTRATION_REOPENED)
    assert event.after["reopen_reason"] == "误操作截止，考生仍在报名期内"
    assert event.before["status"] == PlanStatus.CLOSED


def test_reopening_is_refused_after_the_deadline_and_after_seats_are_drawn():
    s = closed_plan(2)
    s.plan.registration_deadline = timezone.localdate() - datetime.timedelta(days=1)
    s.plan.save(update_fields=["registration_deadline"])
    with pytest.raises(DomainError) as exc:
        services.reopen_registration(actor=s.clerk, plan=s.plan, reason="再开放")
    assert "已过" in exc.value.message

    s = closed_plan(2)
    staffed(s)
    with pytest.raises(DomainError) as exc:
        services.reopen_registration(actor=s.clerk, plan=s.plan, reason="再开放")
    assert "已抽签排座" in exc.value.message


def test_the_bureau_may_not_reopen_and_sees_no_reopen_button(client):
    setup = ready_institution()
    plan = services.close_registration(actor=setup.clerk, plan=open_plan(setup))
    bureau = bureau_clerk()
    with pytest.raises(PermissionDenied):
        services.reopen_registration(actor=bureau, plan=plan, reason="再开放")
    client.force_login(bureau)
    page = _text(client.get(reverse("exams:plan", args=[plan.pk])))
    assert "重新开放报名" not in page and reverse("exams:plan_reopen", args=[plan.pk]) not in page


def test_the_institution_reaches_a_seated_candidates_ticket_from_the_registration_pages(client):
    s = closed_plan(2)
    staffed(s)
    seated = s.registrations[0]
    seated.refresh_from_db()
    assert seated.exam_number
    ticket = reverse("exams:ticket", args=[seated.pk])
    client.force_login(s.clerk)
    assert ticket in _text(client.get(reverse("exams:registrations", args=[s.plan.pk])))
    assert ticket in _text(client.get(reverse("exams:registration", args=[seated.pk])))
    response = client.get(ticket)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_no_ticket_link_before_seats_are_drawn(client):
    s = closed_plan(2)
    client.force_login(s.clerk)
    page = _text(client.get(reverse("exams:registration", args=[s.registrations[0].pk])))
    assert reverse("exams:ticket", args=[s.registrations[0].pk]) not in page


def test_a_user_who_keeps_the_example_row_has_the_roster_imported(client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from skillcert.exams.choices import ImportMode, ImportStatus
    from skillcert.exams.services.roster import start_roster_import
    from skillcert.exams.tests.factories import roster_rows

    setup = ready_institution()
    plan = open_plan(setup, levels={4: 50})
    client.force_login(setup.clerk)
    template = client.get(reverse("exams:roster_template"))
    book = load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    sheet = book.worksheets[0]
    assert str(sheet.cell(row=2, column=1).value).startswith("【示例】")
    for row in roster_rows(3):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile(
        "名册.xlsx", out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    roster_import, _ = start_roster_import(actor=setup.clerk, plan=plan, upload=upload, mode=ImportMode.ALL_OR_NOTHING)
    assert roster_import.status == ImportStatus.DONE, roster_import.failure
    assert (roster_import.rows_accepted, roster_import.rows_skipped, roster_import.rows_rejected) == (3, 1, 0)
    assert not plan.registrations.filter(name__contains="张三").exists()
    status = client.get(reverse("exams:import_status", args=[roster_import.pk])).json()
    assert "导入 3，跳过（已报名或模板示例行）1，错误 0" in status["counts_text"]
    assert status["counts_text"] in _text(client.get(reverse("exams:import", args=[roster_import.pk])))


def test_the_plan_form_offers_only_levels_in_the_filed_scope_and_the_service_refuses_others(client):
    from skillcert.exams.tests.factories import draft_plan

    setup = ready_institution(levels=(4,))
    client.force_login(setup.clerk)
    page = _text(client.get(reverse("exams:plan_create")))
    assert 'name="level_4"' in page
    assert 'name="level_3"' not in page and 'name="level_5"' not in page
    with pytest.raises(DomainError) as exc:
        draft_plan(setup, levels={3: 10})
    assert exc.value.field == "levels"
    assert exc.value.message.startswith("认定等级：")


# --- a page never shows a button the user cannot follow (issue #9 §2) ----------------------------------


def test_an_institution_auditor_sees_no_plan_buttons_and_is_refused_the_action(client):
    from skillcert.accounts.choices import Role
    from skillcert.institutions.tests.factories import staff

    setup = ready_institution()
    plan = open_plan(setup)
    auditor = staff(setup.institution, Role.AUDITOR)
    client.force_login(auditor)
    page = _text(client.get(reverse("exams:plan", args=[plan.pk])))
    for url in ("exams:plan_close", "exams:plan_announcement", "exams:plan_cancel"):
        assert reverse(url, args=[plan.pk]) not in page
    assert client.post(reverse("exams:plan_close", args=[plan.pk]), {"confirm": "1"}).status_code == 403
    listing = _text(client.get(reverse("exams:plan_list")))
    assert reverse("exams:plan_create") not in listing


def test_the_bureau_sees_no_seat_draw_check_in_or_approval_buttons(client):
    from skillcert.exams.tests.conduct_factories import add_sessions

    s = closed_plan(2)
    add_sessions(s)
    client.force_login(s.clerk)
    assert 'name="seed"' in _text(client.get(reverse("exams:plan_sessions", args=[s.plan.pk])))
    client.force_login(s.bureau)
    assert 'name="seed"' not in _text(client.get(reverse("exams:plan_sessions", args=[s.plan.pk])))
    registrations = _text(client.get(reverse("exams:registrations", args=[s.plan.pk])))
    assert reverse("exams:registrations_approve", args=[s.plan.pk]) not in registrations

    s = closed_plan(2)
    theory, _ = staffed(s)
    client.force_login(s.bureau)
    page = _text(client.get(reverse("exams:session", args=[theory.pk])))
    assert reverse("exams:check_in", args=[theory.pk]) not in page
