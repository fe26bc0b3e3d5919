"""Answer patterns too similar: the supervision rule reads the item-level responses of a computer-based
session and raises, then resolves, an alert naming the pair, their seats and Wollack's ω (R-SUP-2, R-BANK-4)."""

from __future__ import annotations

import random

import pytest

from skillcert.exams.models import Seat
from skillcert.itembank.models import Answer, Sitting
from skillcert.itembank.services import cbt
from skillcert.itembank.services.sealing import _decrypt
from skillcert.itembank.tests.cbt_helpers import choice_cbt, sign_in
from skillcert.supervision.choices import AlertStatus
from skillcert.supervision.models import Alert
from skillcert.supervision.registry import get_kind
from skillcert.supervision.services.scan import run_scan

pytestmark = pytest.mark.django_db

N = 15  # three examiners (1:5) and a room of 20 in the exam factories
ITEMS = 24


def _sheets(key: list[str], *, seed: int) -> list[list[str]]:
    """Independent candidates of mixed ability; wrong answers favour one distractor, as real items do."""
    rng = random.Random(seed)
    sheets = []
    for _ in range(N):
        ability = rng.uniform(0.3, 0.85)
        sheet = []
        for right in key:
            wrong = [o for o in "ABCD" if o != right]
            sheet.append(right if rng.random() < ability else (wrong[0] if rng.random() < 0.5 else rng.choice(wrong)))
        sheets.append(sheet)
    return sheets


def _sit(sittings: list[Sitting], keys: list[str], sheets: list[list[str]]) -> None:
    """Store every sheet as the exam page would have saved it, then hand every sitting in."""
    Answer.objects.bulk_create(
        Answer(sitting=s, key=k, response=[a], seq=j + 1, saved_at=s.started_at)
        for s, sheet in zip(sittings, sheets, strict=True)
        for j, (k, a) in enumerate(zip(keys, sheet, strict=True))
    )
    for s in sittings:
        cbt.submit_own(sitting=Sitting.objects.get(pk=s.pk))


def test_a_copied_answer_sheet_raises_the_alert_with_the_pair_seats_and_index_then_resolves() -> None:
    assert get_kind("answer_similarity").rule is not None  # type: ignore[union-attr]
    c, _session = choice_cbt(N, items=ITEMS)
    sittings = [sign_in(c, i)[0] for i in range(N)]
    content = _decrypt(sittings[0].paper)
    keys = [i["key"] for i in content["items"]]
    key = [i["answer"][0] for i in content["items"]]
    sheets = _sheets(key, seed=11)
    # Candidate 1 copies candidate 0's sheet, wrong answers included, all but two items.
    sheets[1] = list(sheets[0])
    sheets[1][3] = key[3]
    sheets[1][7] = "D" if key[7] != "D" else "C"
    _sit(sittings, keys, sheets)

    report = run_scan(kind_codes=["answer_similarity"])
    assert report.total.raised == 1
    (alert,) = Alert.objects.filter(kind="answer_similarity")
    pair = {sittings[0].registration.exam_number, sittings[1].registration.exam_number}
    evidence = alert.evidence
    assert {evidence["copier"], evidence["source"]} == pair
    seats = {Seat.objects.get(session=c.theory, registration=s.registration).seat_number for s in sittings[:2]}
    assert {evidence["copier_seat"], evidence["source_seat"]} == seats
    assert evidence["index"] == "Wollack ω" and evidence["omega"] > 3.7 and evidence["p_value"] < 0.0001
    assert evidence["identical_incorrect"] > evidence["expected_identical_incorrect"]
    assert evidence["items"] == ITEMS
    assert alert.subject_type == "exams.ExamSession" and alert.subject_id == c.theory.pk
    assert alert.institution_id == c.exam.institution.pk
    assert alert.period == "/".join(sorted(pair))

    # A re-scan finds the same pair: the alert is refreshed, not duplicated.
    assert run_scan(kind_codes=["answer_similarity"]).total.raised == 0
    assert Alert.objects.filter(kind="answer_similarity").count() == 1

    # The stored sheet turns out to be independent after all (e.g. a re-marked import): the alert resolves.
    for j, k in enumerate(keys):
        Answer.objects.filter(sitting=sittings[1], key=k).update(response=[_sheets(key, seed=99)[1][j]])
    run_scan(kind_codes=["answer_similarity"])
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED


def test_independent_candidates_and_short_papers_raise_nothing(set_policy: object) -> None:
    c, _session = choice_cbt(N, items=ITEMS)
    sittings = [sign_in(c, i)[0] for i in range(N)]
    content = _decrypt(sittings[0].paper)
    keys = [i["key"] for i in content["items"]]
    sheets = _sheets([i["answer"][0] for i in content["items"]], seed=5)
    sheets[1] = list(sheets[0])  # identical, but the paper is shorter than the minimum set below
    _sit(sittings, keys, sheets)
    set_policy("supervision.copying_min_items", ITEMS + 1)  # type: ignore[operator]
    run_scan(kind_codes=["answer_similarity"])
    assert not Alert.objects.filter(kind="answer_similarity").exists()
    set_policy("supervision.copying_min_items", 20)  # type: ignore[operator]
    run_scan(kind_codes=["answer_similarity"])
    assert Alert.objects.filter(kind="answer_similarity").count() == 1
