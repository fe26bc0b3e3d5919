"""Pass rate far from peers (beta-binomial) and answer copying (Wollack's ω) on constructed data (R-SUP-2)."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from skillcert.exams.models import Result
from skillcert.exams.tests.conduct_factories import closed_plan
from skillcert.supervision.copying import similar_pairs
from skillcert.supervision.models import Alert
from skillcert.supervision.services.scan import run_scan
from skillcert.supervision.statistics import compare_with_peers, pass_rate_outliers


def test_outlier_needs_minimum_sample_and_respects_peer_spread() -> None:
    peers = {i: (100, 60 + (i % 5) * 2) for i in range(1, 21)}  # peers pass about 64%
    flagged = pass_rate_outliers({**peers, 99: (60, 60)}, min_n=20, min_peer_n=50, alpha=0.001)
    assert set(flagged) == {99}
    evidence = flagged[99]
    assert evidence["n"] == 60 and evidence["rate"] == 1.0 and evidence["direction"] == "high"
    assert 0.6 < evidence["peer_rate"] < 0.7 and evidence["p_value"] < 0.001
    low, high = evidence["expected_interval"]
    assert low < evidence["peer_rate"] < high < 1.0
    # Too few candidates: no test at all, however extreme.
    assert pass_rate_outliers({**peers, 99: (10, 10)}, min_n=20, min_peer_n=50, alpha=0.001) == {}
    # A rate inside the peers' natural spread is not flagged.
    assert 99 not in pass_rate_outliers({**peers, 99: (100, 70)}, min_n=20, min_peer_n=50, alpha=0.001)


def test_overdispersed_peers_widen_the_interval() -> None:
    steady = [(100, 60)] * 10
    spread = [(100, 30), (100, 90)] * 5
    tight = compare_with_peers(100, 80, steady)
    wide = compare_with_peers(100, 80, spread)
    assert tight["model"] == "binomial" and wide["model"] == "beta-binomial"
    assert wide["rho"] > 0 and wide["p_value"] > tight["p_value"]
    assert wide["shrunk_rate"] is not None and 0.6 < wide["shrunk_rate"] < 0.8


@pytest.mark.django_db
def test_pass_rate_rule_raises_with_evidence() -> None:
    now = timezone.now()
    plans = [closed_plan(n=30) for _ in range(4)]
    occupation = plans[0].occupation
    for s in plans[1:]:
        type(s.plan).objects.filter(pk=s.plan.pk).update(occupation=occupation)
    for k, s in enumerate(plans):
        for i, r in enumerate(s.registrations):
            passed = True if k == 0 else i % 2 == 0  # one institution passes everyone, peers half
            Result.objects.create(registration=r, passed=passed, decided_at=now)
    run_scan(kind_codes=["pass_rate_outlier"])
    [alert] = Alert.objects.filter(kind="pass_rate_outlier")
    assert alert.institution_id == plans[0].institution.pk
    assert alert.evidence["n"] == 30 and alert.evidence["rate"] == 1.0
    assert alert.evidence["peer_rate"] == 0.5 and alert.evidence["p_value"] < 0.001
    assert alert.period == f"{timezone.localdate().year}/{occupation.code}/4"


def _responses(n: int, items: int, seed: int) -> tuple[dict[str, list[str | None]], list[str]]:
    rng = random.Random(seed)
    key = [rng.choice("ABCD") for _ in range(items)]
    responses: dict[str, list[str | None]] = {}
    for c in range(n):
        ability = rng.uniform(0.3, 0.9)
        answers: list[str | None] = []
        for j in range(items):
            if rng.random() < ability:
                answers.append(key[j])
            else:
                # Wrong answers favour one distractor per item, as real items do.
                wrong = [o for o in "ABCD" if o != key[j]]
                answers.append(wrong[0] if rng.random() < 0.5 else rng.choice(wrong))
        responses[f"c{c:02d}"] = answers
    return responses, key


def test_omega_flags_a_copier_and_not_independent_pairs() -> None:
    responses, key = _responses(60, 40, seed=7)
    rng = random.Random(3)
    source = responses["c01"]
    responses["c02"] = [a if rng.random() < 0.9 else rng.choice("ABCD") for a in source]
    rooms = {c: ("101" if int(c[1:]) < 30 else "102") for c in responses}
    seats = {c: int(c[1:]) % 30 + 1 for c in responses}
    pairs = similar_pairs(responses, key, rooms, seats=seats, alpha=0.0001, min_items=20)
    assert [(p.room, {p.copier, p.source}) for p in pairs] == [("101", {"c01", "c02"})]
    evidence = pairs[0].evidence()
    assert evidence["index"] == "Wollack ω" and evidence["omega"] > 3.7
    assert evidence["identical_incorrect"] > evidence["expected_identical_incorrect"]
    assert {evidence["copier_seat"], evidence["source_seat"]} == {2, 3}
    # The same two answer sheets in different rooms are never compared.
    rooms["c02"] = "102"
    assert similar_pairs(responses, key, rooms, alpha=0.0001) == []


def test_omega_refuses_sheets_of_the_wrong_length() -> None:
    with pytest.raises(ValueError):
        similar_pairs({"a": ["A"], "b": ["A", "B"]}, ["A", "B"], {"a": 1, "b": 1})
