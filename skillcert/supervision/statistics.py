"""Pass rate far from peers: a beta-binomial test with shrinkage and a minimum sample (R-SUP-2).

For one cell (occupation, level, year), each institution with at least `min_n` results is
compared with its peers — the other institutions of the cell, pooled, with at least
`min_peer_n` results. Institutions differ naturally, so the peers' spread is estimated
(method-of-moments intra-class correlation ρ of the peers' rates, Kleinman 1973) and the
institution's count of passes is tested against a beta-binomial distribution with the
peers' mean and that spread; with no extra spread this is the exact binomial test. The
p-value is two-sided (twice the smaller tail). The evidence also gives the empirical-Bayes
shrunk rate (x+α)/(n+α+β) and the 95% interval the peer model predicts for the rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scipy import stats


def peer_dispersion(counts: list[tuple[int, int]], rate: float) -> float:
    """Moment estimate of the intra-class correlation ρ of pass/fail across institutions (0 when none)."""
    groups = [(n, x) for n, x in counts if n > 0]
    k = len(groups)
    if k < 3 or rate <= 0 or rate >= 1:
        return 0.0
    total = sum(n for n, _ in groups)
    pq = rate * (1 - rate)
    spread = sum(n * (x / n - rate) ** 2 for n, x in groups)
    denominator = pq * (total - sum(n * n for n, _ in groups) / total - (k - 1))
    if denominator <= 0:
        return 0.0
    rho = (spread - (k - 1) * pq) / denominator
    return min(max(rho, 0.0), 0.99)


def compare_with_peers(n: int, passed: int, peer_counts: list[tuple[int, int]]) -> dict[str, Any]:
    """The institution's figures, the peers' rate and spread, and the two-sided p-value."""
    peer_n = sum(c[0] for c in peer_counts)
    peer_passed = sum(c[1] for c in peer_counts)
    raw = peer_passed / peer_n
    # Keep the peer rate off 0 and 1 so a single pass among all-failing peers is not "impossible".
    rate = min(max(raw, 0.5 / peer_n), 1 - 0.5 / peer_n)
    rho = peer_dispersion(peer_counts, rate)
    if rho > 0:
        strength = (1 - rho) / rho
        a, b = rate * strength, (1 - rate) * strength
        dist: Any = stats.betabinom(n, a, b)
        model = "beta-binomial"
        shrunk: float | None = (passed + a) / (n + a + b)
    else:
        dist = stats.binom(n, rate)
        model = "binomial"
        shrunk = None
    lower_tail = float(dist.cdf(passed))
    upper_tail = float(dist.sf(passed - 1))
    p_value = min(1.0, 2 * min(lower_tail, upper_tail))
    low, high = dist.ppf(0.025), dist.ppf(0.975)
    return {
        "n": n,
        "passed": passed,
        "rate": round(passed / n, 4),
        "peer_n": peer_n,
        "peer_passed": peer_passed,
        "peer_rate": round(raw, 4),
        "peer_institutions": len(peer_counts),
        "model": model,
        "rho": round(rho, 4),
        "p_value": float(f"{p_value:.3g}"),
        "expected_interval": [round(float(low) / n, 4), round(float(high) / n, 4)],
        "shrunk_rate": None if shrunk is None else round(shrunk, 4),
        "direction": "high" if passed / n > raw else "low",
    }


def pass_rate_outliers(
    counts: Mapping[int, tuple[int, int]], *, min_n: int, min_peer_n: int, alpha: float
) -> dict[int, dict[str, Any]]:
    """Institutions of one cell whose pass count is improbable under their peers' model (p < alpha).

    `counts` maps an institution id to (results, passed).
    """
    outliers: dict[int, dict[str, Any]] = {}
    for inst, (n, passed) in counts.items():
        if n < min_n:
            continue
        peers = [c for other, c in counts.items() if other != inst]
        if sum(c[0] for c in peers) < min_peer_n:
            continue
        evidence = compare_with_peers(n, passed, peers)
        if evidence["p_value"] < alpha:
            evidence["alpha"] = alpha
            outliers[inst] = evidence
    return outliers
