"""Fixture of the exam-day load test: one computer-based session with LOAD_EXAM_USERS candidates signed in.

Builds a sealed two-variant paper and a started theory session with the item bank's test factories
(two candidates signed in through the service), then clones those registrations and sittings in bulk
up to the wanted number of candidates, each with a sitting token of its own. Writes
var/load/exam_fixture.json: per candidate the sitting, the token and every item's possible answers.
Run against the database the server will use (DATABASE_URL).
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import sys
from pathlib import Path


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.utils import timezone

    from skillcert.exams.models import ExamSession, Registration
    from skillcert.itembank.models import Sitting
    from skillcert.itembank.services import cbt
    from skillcert.itembank.services.sealing import _decrypt
    from skillcert.itembank.tests.cbt_helpers import ready_cbt, sign_in

    users = int(os.environ.get("LOAD_EXAM_USERS", "500"))
    c, session = ready_cbt(2)
    # Started a minute ago, ninety minutes to go: the load test runs well inside the time limit.
    start = timezone.now() - datetime.timedelta(minutes=1)
    ExamSession.objects.filter(pk=c.theory.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    session.duration_minutes = 90
    session.save(update_fields=["duration_minutes"])
    models = [sign_in(c, i)[0] for i in range(2)]
    template = Registration.objects.get(pk=c.exam.registrations[0].pk)
    clones = []
    for i in range(users - 2):
        r = Registration.objects.get(pk=template.pk)
        r.pk = None
        r.id = None  # type: ignore[assignment]
        r.exam_number = f"LT{i:06d}"
        r.id_number = f"LOAD{i:06d}"
        clones.append(r)
    created = Registration.objects.bulk_create(clones, batch_size=500)
    tokens: dict[int, str] = {}
    sittings = []
    for i, r in enumerate(created):
        model: Sitting = models[i % 2]  # type: ignore[assignment]
        token = secrets.token_urlsafe(24)
        sittings.append(
            Sitting(
                cbt_session=session,
                registration=r,
                paper=model.paper,
                seed=secrets.token_hex(16),
                token_hash=cbt.token_hash(token),
                started_at=model.started_at,
                signed_in_at=model.signed_in_at,
                item_count=model.item_count,
                item_meta=model.item_meta,
            )
        )
        tokens[i] = token
    made = Sitting.objects.bulk_create(sittings, batch_size=500)
    answers_of = {}
    for model in models:
        content = _decrypt(model.paper)  # type: ignore[attr-defined]
        answers_of[model.paper_id] = {  # type: ignore[attr-defined]
            item["key"]: [o["key"] for o in item["options"]] or ["七十", "六十", "八十"] for item in content["items"]
        }
    fixture = [{"sitting": s.pk, "token": tokens[i], "items": answers_of[s.paper_id]} for i, s in enumerate(made)]
    # The two candidates signed in through the service keep their real tokens out of the test.
    out = Path("var/load")
    out.mkdir(parents=True, exist_ok=True)
    (out / "exam_fixture.json").write_text(json.dumps({"cbt_session": session.pk, "candidates": fixture}))
    print(f"exam-day fixture: session {session.pk}, {len(fixture)} candidates signed in", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
