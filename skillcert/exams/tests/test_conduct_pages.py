"""The pages of sessions, staffing, check-in, scoring and publicity, for each role (R-EXAM-5..9, R-ORG-2)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from skillcert.accounts.choices import Role
from skillcert.accounts.models import Organisation
from skillcert.accounts.tests.factories import UserFactory
from skillcert.exams.models import ComponentScore, Objection, Result
from skillcert.exams.services import publicity, scoring
from skillcert.exams.services.scoring import ScoreInput
from skillcert.exams.tests.conduct_factories import add_sessions, checked_in, closed_plan

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_pages_answer_the_right_role_and_hide_from_others():
    s = closed_plan(n=3)
    theory, skills = checked_in(s)
    registration = s.registrations[0]
    urls = [
        f"/exams/plans/{s.plan.pk}/sessions/",
        f"/exams/sessions/{theory.pk}/",
        f"/exams/plans/{s.plan.pk}/scores/4/theory/",
        f"/exams/plans/{s.plan.pk}/scores/4/skills/",
        f"/exams/plans/{s.plan.pk}/scores/4/skills/template.xlsx",
        f"/exams/plans/{s.plan.pk}/results/",
        f"/exams/registrations/{registration.pk}/ticket.pdf",
    ]
    clerk, other, bureau = client_for(s.clerk), client_for(s.other_clerk), client_for(s.bureau)
    for url in urls:
        assert clerk.get(url).status_code == 200, url
        assert other.get(url).status_code == 404, url
        assert bureau.get(url).status_code == 200, url
        assert Client().get(url).status_code == 302, url
    page = clerk.get(f"/exams/sessions/{skills.pk}/").content.decode()
    assert "人员配备已于" in page and registration.exam_number in page and "已签到" in page
    assert clerk.get(f"/exams/registrations/{registration.pk}/ticket.pdf")["Content-Type"] == "application/pdf"


def test_session_form_errors_are_400_with_the_rule():
    s = closed_plan(n=3, written_capacity=10)
    response = client_for(s.clerk).post(
        f"/exams/plans/{s.plan.pk}/sessions/new/",
        {
            "level": 4,
            "component": "theory",
            "room": s.written.pk,
            "starts_at": s.at(0, 9).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": s.at(0, 11).strftime("%Y-%m-%dT%H:%M"),
            "capacity": 12,
        },
    )
    assert response.status_code == 400
    assert "超过考场“101笔试室”的容纳人数10" in response.content.decode()
    ok = client_for(s.clerk).post(
        f"/exams/plans/{s.plan.pk}/sessions/new/",
        {
            "level": 4,
            "component": "theory",
            "room": s.written.pk,
            "starts_at": s.at(0, 9).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": s.at(0, 11).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert ok.status_code == 302 and s.plan.sessions.count() == 1
    draw = client_for(s.clerk).post(
        f"/exams/plans/{s.plan.pk}/seats/draw/", {"level": 4, "component": "theory", "seed": "页面种子"}
    )
    assert draw.status_code == 302
    assert s.plan.sessions.get().draws.get().seed == "页面种子"


def test_bureau_sees_every_session_in_its_league_with_a_query_guard():
    plans = [closed_plan(n=2) for _ in range(3)]
    for s in plans:
        add_sessions(s)
    bureau = plans[0].bureau
    client = client_for(bureau)
    client.get("/exams/sessions/")
    with CaptureQueriesContext(connection) as few:
        page = client.get("/exams/sessions/")
    assert page.status_code == 200 and page.content.decode().count("/exams/sessions/") >= 6
    extra = closed_plan(n=2)
    add_sessions(extra)
    with CaptureQueriesContext(connection) as more:
        client.get("/exams/sessions/")
    assert len(more) == len(few), "no query per session"
    api = client_for(bureau)
    with CaptureQueriesContext(connection) as api_queries:
        response = api.get("/api/v1/exams/sessions/")
    assert response.json()["count"] == 8
    assert len(api_queries) < 12
    other_league = client_for(plans[0].other_clerk)
    assert other_league.get("/exams/sessions/").content.decode().count(plans[0].plan.number) == 0


def _published():
    s = closed_plan(n=2)
    checked_in(s)
    scoring.enter_scores(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="theory",
        rows=[ScoreInput(r.pk, score="75") for r in s.registrations],
    )
    scoring.enter_scores(
        actor=s.clerk,
        plan=s.plan,
        level=4,
        component="skills",
        rows=[ScoreInput(r.pk, examiner_scores={e.pk: "59" for e in s.examiners}) for r in s.registrations],
    )
    scoring.confirm_scores(actor=s.clerk, plan=s.plan)
    return s, publicity.publish_results(actor=s.clerk, plan=s.plan)


def test_public_publicity_masks_and_takes_objections_with_a_tracking_code():
    s, publication = _published()
    anonymous = Client()
    listing = anonymous.get("/exams/public/results/").content.decode()
    assert s.plan.number in listing
    page = anonymous.get(f"/exams/public/results/{publication.pk}/").content.decode()
    for r in s.registrations:
        assert r.id_number not in page and r.masked_id_number in page and r.name not in page
    bad = anonymous.post(f"/exams/public/results/{publication.pk}/objection/", {"complainant_name": "", "text": "x"})
    assert bad.status_code == 400 and "异议人：不能为空" in bad.content.decode()
    done = anonymous.post(
        f"/exams/public/results/{publication.pk}/objection/",
        {"complainant_name": "张先生", "text": "考生疑似替考", "exam_number": s.registrations[1].exam_number},
        follow=True,
    )
    objection = Objection.objects.get()
    assert objection.tracking_code in done.content.decode() and objection.registration == s.registrations[1]
    publicity.handle_objection(actor=s.clerk, objection=objection, outcome="经核实为本人参考")
    track = anonymous.get(f"/exams/public/objections/?code={objection.tracking_code}").content.decode()
    assert "经核实为本人参考" in track
    assert anonymous.get("/exams/public/objections/?code=NOPE").status_code == 404


def test_candidate_pages_show_tickets_scores_and_take_a_recheck():
    s, _publication = _published()
    user = UserFactory(organisation=Organisation.objects.get(code="individuals"), roles=[Role.CANDIDATE])
    mine = s.registrations[0]
    mine.user = user
    mine.save(update_fields=["user"])
    c = client_for(user)
    tickets = c.get("/exams/my/tickets/").content.decode()
    assert mine.exam_number in tickets and f"/exams/registrations/{mine.pk}/ticket.pdf" in tickets
    assert c.get(f"/exams/registrations/{mine.pk}/ticket.pdf").status_code == 200
    assert c.get(f"/exams/registrations/{s.registrations[1].pk}/ticket.pdf").status_code == 404
    scores = c.get("/exams/my/scores/").content.decode()
    assert "不合格" in scores and "59" in scores
    response = c.post(f"/exams/my/registrations/{mine.pk}/recheck/", {"component": "skills", "reason": "实操评分偏低"})
    assert response.status_code == 302
    rechecks = c.get("/exams/my/rechecks/").content.decode()
    assert "实操评分偏低" in rechecks and "处理中" in rechecks
    clerk = client_for(s.clerk)
    recheck = mine.rechecks.get()
    clerk.post(f"/exams/rechecks/{recheck.pk}/handle/", {"outcome": "三名考评员复评，维持原分"})
    assert "维持原分" in c.get("/exams/my/rechecks/").content.decode()
    assert c.get("/exams/my/objections/").status_code == 200
    assert Result.objects.get(registration=mine).passed is False


def test_score_grid_saves_and_refuses_out_of_range():
    s = closed_plan(n=2)
    checked_in(s)
    c = client_for(s.clerk)
    url = f"/exams/plans/{s.plan.pk}/scores/4/theory/"
    bad = c.post(url, {f"s-{s.registrations[0].pk}": "101", f"s-{s.registrations[1].pk}": "80"})
    assert bad.status_code == 400 and "超出范围" in bad.content.decode()
    assert not ComponentScore.objects.filter(component="theory").exists()
    ok = c.post(url, {f"s-{s.registrations[0].pk}": "88.5", f"s-{s.registrations[1].pk}": "80"})
    assert ok.status_code == 302
    assert ComponentScore.objects.get(registration=s.registrations[0], component="theory").score == 88.5
