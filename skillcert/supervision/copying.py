"""Answer copying between candidates of one room: Wollack's ω index (R-SUP-2).

Wollack, J. A. (1997). A nominal response model approach for detecting answer copying.
Applied Psychological Measurement, 21(4), 307–320. For a suspected copier c and source s,
ω = (h − Σⱼ πⱼ) / √(Σⱼ πⱼ(1−πⱼ)), where h is the number of items on which c gave the same
answer as s and πⱼ the probability that c, given c's ability, picks s's answer on item j.
Here πⱼ comes from the answer distribution of item j among all candidates of the same paper
in c's ability band (number-correct score, up to five bands), smoothed by one; this is the
empirical-option variant of ω, which needs no fitted IRT model. Large ω (one-sided normal
p-value below alpha) flags the pair. Both directions are computed and the larger is kept.
Identical incorrect answers, with the count chance predicts from each item's wrong-answer
distribution, are reported as evidence because they are what a reviewer looks at first.

Entry point for the item bank (which records item-level responses): `similar_pairs`.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scipy import stats

Answer = str | None


@dataclass(frozen=True)
class PairResult:
    """A pair of candidates of one room whose answers are more alike than chance allows."""

    copier: Hashable
    source: Hashable
    room: Hashable
    copier_seat: Any
    source_seat: Any
    items: int
    matches: int
    expected_matches: float
    identical_incorrect: int
    expected_identical_incorrect: float
    omega: float
    p_value: float

    def evidence(self) -> dict[str, Any]:
        """JSON-safe evidence for the alert."""
        return {
            "index": "Wollack ω",
            "copier": str(self.copier),
            "source": str(self.source),
            "room": str(self.room),
            "copier_seat": self.copier_seat,
            "source_seat": self.source_seat,
            "items": self.items,
            "matches": self.matches,
            "expected_matches": round(self.expected_matches, 2),
            "identical_incorrect": self.identical_incorrect,
            "expected_identical_incorrect": round(self.expected_identical_incorrect, 2),
            "omega": round(self.omega, 2),
            "p_value": float(f"{self.p_value:.3g}"),
        }


def _bands(scores: Mapping[Hashable, int], n_bands: int) -> dict[Hashable, int]:
    ordered = sorted(scores, key=lambda c: (scores[c], str(c)))
    size = max(1, math.ceil(len(ordered) / n_bands))
    return {c: i // size for i, c in enumerate(ordered)}


def omega(
    copier: Sequence[Answer],
    source: Sequence[Answer],
    key: Sequence[str],
    option_probabilities: Sequence[Mapping[str, float]],
) -> tuple[float, int, float, int, float, int]:
    """ω for one direction: (ω, matches, expected, identical incorrect, expected identical incorrect, items)."""
    h = 0
    expected = 0.0
    variance = 0.0
    wrong_same = 0
    wrong_expected = 0.0
    items = 0
    for j, (c_ans, s_ans) in enumerate(zip(copier, source, strict=True)):
        if c_ans is None or s_ans is None:
            continue
        items += 1
        pi = option_probabilities[j].get(s_ans, 0.0)
        expected += pi
        variance += pi * (1 - pi)
        if c_ans == s_ans:
            h += 1
        if s_ans != key[j]:
            wrong_expected += pi
            if c_ans == s_ans:
                wrong_same += 1
    if variance <= 0:
        return 0.0, h, expected, wrong_same, wrong_expected, items
    return (h - expected) / math.sqrt(variance), h, expected, wrong_same, wrong_expected, items


def similar_pairs(
    responses: Mapping[Hashable, Sequence[Answer]],
    key: Sequence[str],
    rooms: Mapping[Hashable, Hashable],
    *,
    seats: Mapping[Hashable, Any] | None = None,
    alpha: float = 0.0001,
    min_items: int = 20,
    bands: int = 5,
) -> list[PairResult]:
    """Pairs of candidates in the same room whose ω p-value is below alpha, most extreme first.

    `responses` maps a candidate to their answers (one option per item, None when blank) on one
    paper with answer `key`; `rooms` maps each candidate to their room (only pairs in one room
    are compared); `seats` optionally gives seat numbers for the evidence.
    """
    if not responses:
        return []
    length = len(key)
    for cand, answers in responses.items():
        if len(answers) != length:
            raise ValueError(f"candidate {cand!r} answered {len(answers)} items, the key has {length}")
    scores = {c: sum(1 for j, a in enumerate(ans) if a is not None and a == key[j]) for c, ans in responses.items()}
    band_of = _bands(scores, bands)
    options: list[set[str]] = [set() for _ in range(length)]
    counts: dict[int, list[Counter[str]]] = defaultdict(lambda: [Counter() for _ in range(length)])
    for cand, answers in responses.items():
        for j, a in enumerate(answers):
            if a is not None:
                options[j].add(a)
                counts[band_of[cand]][j][a] += 1
    probabilities: dict[int, list[dict[str, float]]] = {}
    for band, per_item in counts.items():
        probs = []
        for j, counter in enumerate(per_item):
            total = sum(counter.values()) + len(options[j])
            probs.append({o: (counter[o] + 1) / total for o in options[j]} if total else {})
        probabilities[band] = probs
    by_room: dict[Hashable, list[Hashable]] = defaultdict(list)
    for cand in responses:
        by_room[rooms[cand]].append(cand)
    flagged: list[PairResult] = []
    for room, members in by_room.items():
        members.sort(key=str)
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                best: PairResult | None = None
                for copier, source in ((first, second), (second, first)):
                    w, h, exp, wrong, wrong_exp, items = omega(
                        responses[copier], responses[source], key, probabilities[band_of[copier]]
                    )
                    if items < min_items:
                        continue
                    p = float(stats.norm.sf(w))
                    result = PairResult(
                        copier=copier,
                        source=source,
                        room=room,
                        copier_seat=(seats or {}).get(copier),
                        source_seat=(seats or {}).get(source),
                        items=items,
                        matches=h,
                        expected_matches=exp,
                        identical_incorrect=wrong,
                        expected_identical_incorrect=wrong_exp,
                        omega=w,
                        p_value=p,
                    )
                    if best is None or result.omega > best.omega:
                        best = result
                if best is not None and best.p_value < alpha:
                    flagged.append(best)
    flagged.sort(key=lambda r: -r.omega)
    return flagged
