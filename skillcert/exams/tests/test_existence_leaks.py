"""Another institution's venue, room or person answers exactly like a missing one, code and body (R-ORG-2)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from skillcert.accounts.tests.factories import jurisdiction
from skillcert.exams.tests.conduct_factories import add_sessions, closed_plan
from skillcert.exams.tests.factories import draft_plan, ready_institution
from skillcert.personnel.tests.factories import serving_person

pytestmark = pytest.mark.django_db
API = "/api/v1/exams"


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _plan_body(s: Any, draft: Any, **changes: Any) -> dict[str, Any]:
    body = {
        "title": "接口新建计划",
        "occupation": s.occupation.pk,
        "levels": [{"level": 4, "capacity": 20}],
        "venue": s.venue.pk,
        "rooms": [r.pk for r in s.rooms],
        "first_session_on": draft.first_session_on.isoformat(),
        "last_session_on": draft.last_session_on.isoformat(),
        "registration_deadline": draft.registration_deadline.isoformat(),
    }
    body.update(changes)
    return body


def _same_answer(client: APIClient, url: str, forbidden: dict[str, Any], missing: dict[str, Any]) -> None:
    a = client.post(url, forbidden, format="json")
    b = client.post(url, missing, format="json")
    assert a.status_code == b.status_code == 400, (a.content, b.content)
    body_a, body_b = a.json(), b.json()
    assert body_a["code"] == body_b["code"] and set(body_a["errors"]) == set(body_b["errors"])
    # The same wording once the ids are taken out.
    assert body_a["detail"].replace(str(forbidden_id(forbidden)), "#") == body_b["detail"].replace(
        str(forbidden_id(missing)), "#"
    )


def forbidden_id(body: dict[str, Any]) -> Any:
    return body.get("_probe")


def test_another_institutions_venue_and_room_answer_like_missing_ones():
    mine = ready_institution()
    other = ready_institution()
    draft = draft_plan(mine)
    client = _client(mine.clerk)
    venue_other = _plan_body(mine, draft, venue=other.venue.pk, _probe=other.venue.pk)
    venue_missing = _plan_body(mine, draft, venue=987654, _probe=987654)
    _same_answer(client, f"{API}/plans/", venue_other, venue_missing)
    answer = client.post(f"{API}/plans/", venue_other, format="json").json()
    assert "本机构" not in answer["detail"] and other.venue.name not in str(answer)
    room_other = _plan_body(mine, draft, rooms=[other.rooms[0].pk], _probe=other.rooms[0].pk)
    room_missing = _plan_body(mine, draft, rooms=[987654], _probe=987654)
    _same_answer(client, f"{API}/plans/", room_other, room_missing)
    assert other.rooms[0].name not in str(client.post(f"{API}/plans/", room_other, format="json").json())


def test_another_institutions_person_answers_like_a_missing_one_on_session_staff():
    s = closed_plan(2)
    theory, _skills = add_sessions(s)
    far = ready_institution(league="150600")
    stranger = serving_person(employer=far.institution.organisation, jurisdiction=jurisdiction("150600"))
    client = _client(s.clerk)
    url = f"{API}/sessions/{theory.pk}/staff/"
    _same_answer(
        client,
        url,
        {"person": stranger.pk, "role": "proctor", "_probe": stranger.pk},
        {"person": 987654, "role": "proctor", "_probe": 987654},
    )
