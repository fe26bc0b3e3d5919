"""Computer-based exams: sign-in, ordered saves, time, submission, scoring into exams (R-BANK-4)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent
from skillcert.exams.choices import ScoreSource
from skillcert.exams.models import ComponentScore, ExamSession
from skillcert.itembank.choices import MarkingStatus, SittingStatus, SubmitKind
from skillcert.itembank.models import Answer, Sitting
from skillcert.itembank.services import cbt
from skillcert.itembank.services.sealing import _decrypt
from skillcert.itembank.tests.cbt_helpers import ready_cbt, sign_in

pytestmark = pytest.mark.django_db


def correct(item: dict[str, Any]) -> list[str]:
    return list(item["answer"])


def test_sign_in_needs_all_three_and_gives_a_seeded_shuffle() -> None:
    c, _session = ready_cbt()
    r = c.exam.registrations[0]
    r.refresh_from_db()
    with pytest.raises(DomainError, match="不正确"):
        cbt.sign_in(exam_number=r.exam_number, id_number=r.id_number, session_code="000000x")
    with pytest.raises(DomainError, match="不正确"):
        cbt.sign_in(exam_number=r.exam_number, id_number="150102199001011234", session_code=c.extra["code"])
    sitting, _token = sign_in(c)
    state = cbt.exam_state(sitting)
    assert len(state["items"]) == sitting.item_count and all("answer" not in i for i in state["items"])
    assert cbt.exam_state(sitting)["items"] == state["items"], "same seed, same order"
    other, _ = sign_in(c, 1)
    assert other.seed != sitting.seed
    assert other.paper_id != sitting.paper_id, "neighbouring seats get different variants"


def test_saves_are_ordered_idempotent_and_refused_when_stale() -> None:
    c, _session = ready_cbt()
    sitting, _token = sign_in(c)
    key = next(iter(sitting.item_meta))
    assert cbt.save_answer(sitting=sitting, key=key, response=["A"], seq=1)["status"] == "saved"
    assert cbt.save_answer(sitting=sitting, key=key, response=["C"], seq=3)["status"] == "saved"
    # The save with seq 2 arrives late (out of order): refused, the newer answer stays.
    with pytest.raises(DomainError) as excinfo:
        cbt.save_answer(sitting=sitting, key=key, response=["B"], seq=2)
    assert excinfo.value.code == "stale_sequence"
    # Seq 3 replayed: accepted again without effect.
    assert cbt.save_answer(sitting=sitting, key=key, response=["C"], seq=3)["status"] == "duplicate"
    answer = Answer.objects.get(sitting=sitting, key=key)
    assert (answer.response, answer.seq) == (["C"], 3)
    sitting.refresh_from_db()
    assert sitting.last_seq == 3 and sitting.answered == 1


def test_a_token_for_another_sitting_is_refused() -> None:
    c, _session = ready_cbt()
    mine, token = sign_in(c)
    theirs, _ = sign_in(c, 1)
    with pytest.raises(PermissionDenied, match="其他考生"):
        cbt.sitting_for_token(token, sitting_id=theirs.pk)
    assert cbt.sitting_for_token(token, sitting_id=mine.pk) == mine


def test_signing_in_on_another_computer_resumes_with_every_answer() -> None:
    c, _session = ready_cbt()
    sitting, old_token = sign_in(c)
    keys = list(sitting.item_meta)
    for seq, key in enumerate(keys[:3], start=1):
        cbt.save_answer(sitting=sitting, key=key, response=["A"], seq=seq)
    again, new_token = sign_in(c)
    assert again.pk == sitting.pk and new_token != old_token
    with pytest.raises(PermissionDenied):
        cbt.sitting_for_token(old_token)
    state = cbt.exam_state(cbt.sitting_for_token(new_token))
    assert set(state["answers"]) == set(keys[:3]) and state["last_seq"] == 3


def test_submission_scores_objective_items_and_reaches_exam_scoring() -> None:
    c, _session = ready_cbt()
    sitting, _ = sign_in(c)
    content = _decrypt(sitting.paper)
    for seq, item in enumerate(content["items"], start=1):
        response = correct(item) if seq % 2 else ["错误答案"]
        if item["type"] == "true_false" and seq % 2 == 0:
            response = ["F" if item["answer"] == ["T"] else "T"]
        cbt.save_answer(sitting=sitting, key=item["key"], response=response, seq=seq)
    expected = sum(Decimal(i["points"]) for n, i in enumerate(content["items"], start=1) if n % 2)
    done = cbt.submit_own(sitting=sitting)
    assert done.status == SittingStatus.SUBMITTED and done.submit_kind == SubmitKind.EXPLICIT
    assert done.score == expected
    score = ComponentScore.objects.get(registration=sitting.registration, component="theory")
    assert score.source == ScoreSource.CBT
    assert score.score == (expected * 100 / Decimal(16)).quantize(Decimal("0.01"))
    with pytest.raises(DomainError, match="已交卷"):
        cbt.save_answer(sitting=sitting, key=content["items"][0]["key"], response=["A"], seq=99)
    with pytest.raises(DomainError, match="已交卷"):
        sign_in(c)


def test_the_server_enforces_the_time_limit_and_extra_time() -> None:
    c, _session = ready_cbt()
    sitting, _ = sign_in(c)
    other, _ = sign_in(c, 1)
    key = next(iter(sitting.item_meta))
    start = timezone.now() - datetime.timedelta(minutes=61)
    ExamSession.objects.filter(pk=c.theory.pk).update(starts_at=start)
    with pytest.raises(DomainError, match="理由"):
        cbt.grant_extra_time(actor=c.exam.clerk, sitting=other, minutes=10, reason="")
    cbt.grant_extra_time(actor=c.exam.clerk, sitting=other, minutes=10, reason="电脑故障更换座位")
    with pytest.raises(DomainError, match="考试时间已到"):
        cbt.save_answer(sitting=Sitting.objects.get(pk=sitting.pk), key=key, response=["A"], seq=1)
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.SUBMITTED and sitting.submit_kind == SubmitKind.TIMEOUT
    other_key = next(iter(other.item_meta))
    saved = cbt.save_answer(sitting=Sitting.objects.get(pk=other.pk), key=other_key, response=["A"], seq=1)
    assert saved["status"] == "saved"
    forced = cbt.force_submit(actor=c.exam.clerk, sitting=Sitting.objects.get(pk=other.pk), reason="考生违纪")
    assert forced.submit_kind == SubmitKind.FORCED
    actions = set(AuditEvent.objects.filter(object_type="itembank.Sitting").values_list("action", flat=True))
    assert {"itembank.extra_time", "itembank.sitting_submitted", "itembank.sitting_started"} <= actions


def test_short_answers_are_marked_blind_twice_and_a_wide_gap_calls_a_third() -> None:
    from skillcert.accounts.choices import Role
    from skillcert.institutions.tests.factories import staff

    c, session = ready_cbt(short_answer=True)
    sitting, _ = sign_in(c)
    content = _decrypt(sitting.paper)
    for seq, item in enumerate(content["items"], start=1):
        response = ["先洗手再分生熟"] if item["type"] == "short_answer" else correct(item)
        cbt.save_answer(sitting=sitting, key=item["key"], response=response, seq=seq)
    done = cbt.submit_own(sitting=sitting)
    assert done.marking == MarkingStatus.PENDING and done.objective_score == 12
    assert not ComponentScore.objects.filter(registration=sitting.registration, component="theory").exists()
    m1, m2, m3 = (staff(c.exam.institution, Role.EXPERT) for _ in range(3))
    (answer,) = cbt.marking_queue(actor=m1, cbt=session)
    with pytest.raises(DomainError, match="0 到 6"):
        cbt.mark_answer(actor=m1, answer=answer, score=9)
    cbt.mark_answer(actor=m1, answer=answer, score=5)
    with pytest.raises(DomainError, match="不同人员"):
        cbt.mark_answer(actor=m1, answer=answer, score=5)
    cbt.mark_answer(actor=m2, answer=answer, score=1)
    sitting.refresh_from_db()
    assert sitting.marking == MarkingStatus.THIRD
    assert cbt.marking_queue(actor=m3, cbt=session) == [answer]
    cbt.mark_answer(actor=m3, answer=answer, score=4)
    sitting.refresh_from_db()
    # The third mark (4) and the nearer of the first two (5): 4.5, plus 12 objective points.
    assert sitting.marking == MarkingStatus.DONE and sitting.score == Decimal("16.50")
    score = ComponentScore.objects.get(registration=sitting.registration, component="theory")
    assert score.score == Decimal("91.67")


def test_the_periodic_task_hands_in_sittings_whose_time_is_up_and_sends_the_score() -> None:
    from skillcert.itembank.tasks import submit_expired_sittings

    c, _session = ready_cbt()
    gone, _ = sign_in(c)
    longer, _ = sign_in(c, 1)
    content = _decrypt(gone.paper)
    for seq, item in enumerate(content["items"], start=1):
        cbt.save_answer(sitting=gone, key=item["key"], response=correct(item), seq=seq)
    cbt.grant_extra_time(actor=c.exam.clerk, sitting=longer, minutes=15, reason="电脑故障更换座位")
    ExamSession.objects.filter(pk=c.theory.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=61))
    # The candidate closed the page and never came back: nobody saves, nobody signs in.
    assert submit_expired_sittings.call_local() == 1
    gone.refresh_from_db()
    longer.refresh_from_db()
    assert gone.status == SittingStatus.SUBMITTED and gone.submit_kind == SubmitKind.TIMEOUT
    assert gone.score == gone.paper.total_points
    assert ComponentScore.objects.filter(registration=gone.registration, component="theory").exists()
    assert longer.status == SittingStatus.ANSWERING  # fifteen more minutes
    assert cbt.submit_expired() == 0
