"""Item statistics after an exam: p-value, point-biserial discrimination, option rates (R-BANK-2).

For every objective item of a session's papers: p = share of candidates who scored it;
the point-biserial correlation between the item (right/wrong) and the rest score (total
minus the item, so the item does not correlate with itself); and the share of candidates
choosing each option. An item with negative discrimination is flagged for review. Results
are kept on the item (the latest exam's figures) and the computation is audited.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.models import User
from skillcert.core.audit import record_event
from skillcert.itembank.choices import OBJECTIVE_TYPES, ItembankEvent, SittingStatus
from skillcert.itembank.models import CbtSession, Item, Paper
from skillcert.itembank.services.cbt import require_proctor_or_runner
from skillcert.itembank.services.sealing import open_paper


def point_biserial(item_scores: list[int], rest: list[float]) -> float | None:
    n = len(item_scores)
    if n < 3:
        return None
    mean = sum(rest) / n
    sd = math.sqrt(sum((r - mean) ** 2 for r in rest) / n)
    p = sum(item_scores) / n
    if sd == 0 or p in (0, 1):
        return None
    right = [r for r, s in zip(rest, item_scores, strict=True) if s]
    wrong = [r for r, s in zip(rest, item_scores, strict=True) if not s]
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / sd * math.sqrt(p * (1 - p))


def compute_statistics(*, actor: User | None, cbt: CbtSession) -> dict[int, dict[str, Any]]:
    """Compute and store the statistics of every objective item sat in the session."""
    if actor is not None:
        require_proctor_or_runner(actor, cbt.exam_session)
    sittings = list(cbt.sittings.filter(status=SittingStatus.SUBMITTED).prefetch_related("answers"))
    by_paper: dict[int, list[Any]] = defaultdict(list)
    for s in sittings:
        by_paper[s.paper_id].append(s)
    results: dict[int, dict[str, Any]] = {}
    per_item: dict[int, dict[str, list[Any]]] = defaultdict(lambda: {"scores": [], "rest": [], "choices": []})
    for paper_id, group in by_paper.items():
        content = open_paper(actor=None, paper=Paper.objects.get(pk=paper_id), purpose=gettext("试题统计"))
        items = {i["key"]: i for i in content["items"] if i["type"] in OBJECTIVE_TYPES}
        for s in group:
            answers = {a.key: a for a in s.answers.all()}
            total = sum((a.score or Decimal(0) for a in answers.values()), Decimal(0))
            for key, item in items.items():
                a = answers.get(key)
                got = a is not None and a.score is not None and a.score > 0
                row = per_item[item["item"]]
                row["scores"].append(1 if got else 0)
                row["rest"].append(float(total - (a.score or 0 if a else 0)))
                row["choices"].append(tuple(a.response) if a else ())
    now = timezone.now()
    with transaction.atomic():
        for item_id, row in per_item.items():
            n = len(row["scores"])
            counter: Counter[str] = Counter(c for choice in row["choices"] for c in choice)
            d = point_biserial(row["scores"], row["rest"])
            stats = {
                "n": n,
                "p_value": round(sum(row["scores"]) / n, 3) if n else None,
                "point_biserial": round(d, 3) if d is not None else None,
                "option_rates": {k: round(v / n, 3) for k, v in sorted(counter.items())} if n else {},
                "computed_at": now.isoformat(),
                "session": cbt.pk,
            }
            item = Item.objects.select_for_update().get(pk=item_id)
            item.statistics = stats
            if d is not None and d < 0:
                item.flagged, item.flag_reason = (
                    True,
                    gettext("区分度为负（%(value)s），需复审") % {"value": stats["point_biserial"]},
                )
            item.save(update_fields=["statistics", "flagged", "flag_reason", "updated_at"])
            results[item_id] = stats
        record_event(
            actor=actor,
            action=ItembankEvent.STATISTICS_COMPUTED,
            obj=cbt,
            after={"items": len(results), "candidates": len(sittings)},
        )
    return results
