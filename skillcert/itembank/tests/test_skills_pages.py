"""The examiner's skills marking page and list, the workbench tile and the API (R-EXAM-11)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import UserFactory
from skillcert.core.testing import query_count
from skillcert.exams.models import ComponentScore, ExaminerScore
from skillcert.itembank.services import skills
from skillcert.itembank.tests.skills_helpers import full_marks, skills_world, step_keys, task_a_key

pytestmark = pytest.mark.django_db


def login(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _post(world, a, b, *, action="save", voids=None, reason=""):
    keys = step_keys(world)
    data = {"action": action, "notes": "操作规范", "reason": reason}
    for k, v in zip(keys["制作宫保鸡丁一份"], a, strict=True):
        data[f"m-{k}"] = str(v)
    for k, v in zip(keys["制作凉拌黄瓜一份"], b, strict=True):
        data[f"m-{k}"] = str(v)
    key = task_a_key(world)
    if voids:
        data[f"v-{key}"] = voids
        data[f"vr-{key}"] = "鸡丁有异味"
    return data


def test_examiner_marks_signs_and_the_component_score_shows():
    w = skills_world()
    a, b, chief = (login(u) for u in w.examiners)
    listing = a.get(reverse("itembank:skills_list"))
    assert listing.status_code == 200 and w.seat.registration.exam_number in listing.content.decode()
    url = reverse("itembank:skills_mark", args=[w.seat.pk])
    page = a.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "刀工处理" in body and "使用变质原料" in body and "签名确认" in body

    bad = a.post(url, _post(w, [21, 30, 10], [15, 25]))
    assert bad.status_code == 400 and "刀工处理" in bad.content.decode() and "满分20" in bad.content.decode()
    assert not ExaminerScore.objects.exists()

    assert a.post(url, _post(w, [18, 25, 8], [12, 20], voids="使用变质原料")).status_code == 302
    sheet = ExaminerScore.objects.get()
    assert sheet.score == Decimal("32.00") and sheet.notes == "操作规范"
    body = a.get(url).content.decode()
    assert "checked" in body and "其他考评人员的评分在全部签名后显示" in body

    for client in (a, b, chief):
        assert client.post(url, _post(w, [18, 25, 8], [12, 20], action="sign")).status_code == 302
    cs = ComponentScore.objects.get(registration=w.seat.registration, component="skills")
    assert cs.score == Decimal("83.00")
    body = a.get(url).content.decode()
    assert "83.00" in body and 'id="component-score"' in body and "修改已签名的评分" in body
    assert 'value="sign"' not in body


def test_scope_stranger_404_office_403_api_same():
    w = skills_world()
    url = reverse("itembank:skills_mark", args=[w.seat.pk])
    stranger = login(UserFactory(roles=[Role.EXAMINER]))
    assert stranger.get(url).status_code == 404
    assert login(w.exam.clerk).get(url).status_code == 403
    api = f"/api/v1/itembank/skills-sheets/{w.seat.pk}/"
    assert stranger.get(api).status_code == 404
    clerk = login(w.exam.clerk)
    assert clerk.get(api).status_code == 200  # office staff read
    marks = full_marks(w, [18, 25, 8], [12, 20])
    assert clerk.post(api + "save/", {"marks": marks}, content_type="application/json").status_code == 403
    assert stranger.post(api + "save/", {"marks": marks}, content_type="application/json").status_code == 404
    assert not ExaminerScore.objects.exists()


def test_api_marks_a_task_with_a_void_and_refuses_a_mark_over_the_maximum():
    w = skills_world()
    api = login(w.examiners[0])
    url = f"/api/v1/itembank/skills-sheets/{w.seat.pk}/"
    got = api.get(url).json()
    assert [t["title"] for t in got["tasks"]] and got["may_sign"] is True and got["others"] == []
    over = api.post(url + "save/", {"marks": full_marks(w, [18, 31, 8], [12, 20])}, content_type="application/json")
    assert over.status_code == 400 and "火候控制" in str(over.json())
    key = task_a_key(w)
    done = api.post(
        url + "sign/",
        {
            "marks": full_marks(w, [18, 25, 8], [12, 20]),
            "voids": {key: {"items": ["操作中发生烫伤、割伤等安全事故"], "reason": "烫伤后继续操作"}},
        },
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    data = done.json()
    assert data["my_score"] == "32.00" and data["signed_at"] and data["may_change"] is True
    task = next(t for t in data["tasks"] if t["key"] == key)
    assert task["score"] == "0.00" and task["voided"] == ["操作中发生烫伤、割伤等安全事故"]
    rows = api.get("/api/v1/itembank/skills-sheets/", {"exam_session": w.session.pk}).json()
    assert [r["exam_number"] for r in rows["results"]] == [
        s.registration.exam_number for s in w.session.seats.select_related("registration").order_by("seat_number")
    ]


def test_workbench_tile_and_list_query_counts_stay_flat():
    w = skills_world(n=2)
    client = login(w.examiners[0])
    dashboard = client.get(reverse("portal:dashboard"))
    assert "待评分的技能操作任务" in dashboard.content.decode()
    skills.tasks_of(w.skills)
    few = query_count(client, reverse("itembank:skills_list"))
    assert few < 20


def test_scheduling_through_the_api():
    from skillcert.itembank.models import SkillsSession

    w = skills_world()
    SkillsSession.objects.all().delete()
    clerk = login(w.exam.clerk)
    made = clerk.post(
        "/api/v1/itembank/skills-sessions/",
        {"exam_session": w.session.pk, "assembly": w.skills.assembly_id},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["variant_label"] == "A卷"
    again = clerk.post(
        "/api/v1/itembank/skills-sessions/",
        {"exam_session": w.session.pk, "assembly": w.skills.assembly_id},
        content_type="application/json",
    )
    assert again.status_code == 400 and "已存在" in str(again.json())
