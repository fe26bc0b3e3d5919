"""An independent re-implementation of the draw, written from the words on the public page only
(R-SUP-4). It does not import the app's draw code: it reads what the public API publishes and
applies the published steps with hashlib and integer arithmetic."""

from __future__ import annotations

import hashlib
from fractions import Fraction

import pytest
from rest_framework.test import APIClient

from skillcert.inspections.services import campaigns as svc
from skillcert.inspections.tests.factories import campaign, inspectors, institutions, region_clerk

pytestmark = pytest.mark.django_db


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _ceil(value: Fraction) -> int:
    return -((-value.numerator) // value.denominator)


def independent_draw(pool: list[dict], percent: str, seed: str) -> list[str]:
    """Steps 3 and 4 of the public description."""
    leagues = sorted({e["league"] for e in pool})
    drawn: list[str] = []
    for code in leagues:
        members = [e["credit_code"] for e in pool if e["league"] == code]
        n = min(len(members), max(1, _ceil(Fraction(len(members)) * Fraction(percent) / 100)))
        members.sort(key=lambda cc: _sha(seed + "|" + cc))
        drawn.extend(members[:n])
    return drawn


def independent_inspectors(eligible: list[int], k: int, seed: str, credit_code: str) -> list[int]:
    """Step 5: SHA-256(seed|credit code|person id), smallest first."""
    return sorted(eligible, key=lambda pid: _sha(f"{seed}|{credit_code}|{pid}"))[:k]


def test_independent_reimplementation_matches_the_published_draw():
    for league, n in {"150100": 23, "150200": 1, "150400": 7}.items():
        institutions(league, n)
    inspectors("150000", 7)
    actor = region_clerk()
    c = campaign(actor, ["150100", "150200", "150400"], sampling_percent="12.5", inspectors_per_inspection=3)
    svc.publish_pool(actor=actor, campaign=c)

    client = APIClient()
    before = client.get(f"/api/v1/public/inspections/campaigns/{c.pk}/").json()
    assert before["seed"] == "" and len(before["seed_commitment"]) == 64
    assert len(before["pool"]) == 31

    svc.draw_campaign(actor=actor, campaign=c)
    after = client.get(f"/api/v1/public/inspections/campaigns/{c.pk}/").json()
    seed = after["seed"]
    assert _sha(seed) == before["seed_commitment"]
    assert after["pool"] == before["pool"]  # the pool did not change between publication and draw

    expected = independent_draw(after["pool"], after["sampling_percent"], seed)
    assert expected == [e["credit_code"] for e in after["sample"]]
    assert expected == [i["credit_code"] for i in after["inspections"]]
    assert len(expected) == 3 + 1 + 1  # ⌈23×12.5%⌉=3, ⌈1×12.5%⌉=1, ⌈7×12.5%⌉=1
    for inspection in after["inspections"]:
        mine = independent_inspectors(inspection["eligible"], 3, seed, inspection["credit_code"])
        assert mine == [p["id"] for p in inspection["selected"]]
