"""The publicly verifiable 双随机 draw (R-SUP-4): pure functions, no database.

The public page prints `ALGORITHM_STEPS` and re-runs `draw_institutions` and
`pick_inspectors` from what the campaign published; a test re-implements the steps from
the words alone. Everything depends only on SHA-256 and sorting, so anyone can check a draw
with any tool, without this software.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

ALGORITHM_STEPS = [
    _(
        "候选池：公布候选池时，检查范围内（所选盟市、所选机构类型）状态为“正常”或“限期整改”的已备案评价机构"
        "（不含分支机构）；每家机构按其所在盟市分层，列出名称、统一社会信用代码和盟市代码。"
    ),
    _(
        "种子承诺：公布候选池的同时公布随机种子的承诺值，即种子（UTF-8 文本）的 SHA-256 十六进制摘要（小写）。"
        "抽取时公布种子本身，任何人都可以计算其 SHA-256 并与承诺值比对。"
    ),
    _("每层抽取数：某盟市有 N 家候选机构、抽取比例为 p% 时，抽取 ⌈N × p ÷ 100⌉ 家（向上取整），至少 1 家，至多 N 家。"),
    _(
        '抽取机构：对每家候选机构计算排序值 SHA-256(种子 + "|" + 统一社会信用代码) 的十六进制摘要；'
        "在每个盟市内按排序值从小到大排列，取前若干家。盟市按代码从小到大依次处理，抽中顺序即为检查顺序。"
    ),
    _(
        "抽取检查人员：对每家抽中的机构，检查人员候选池为组织单位辖区内持有效检查人员资格的人员；"
        "不具备资格、证卡过期、培训过期、处分期内、与该机构有申报回避关系、在该机构工作、或在该机构上一次检查任务中"
        "担任过检查人员的，逐一排除并公布原因。对其余人员计算排序值 "
        'SHA-256(种子 + "|" + 统一社会信用代码 + "|" + 人员编号) 的十六进制摘要，按从小到大取前若干名。'
    ),
]
"""The algorithm in words, as the public page shows it."""

ALGORITHM_NAME = gettext_lazy("SHA-256 排序值分层抽取（v1）")


def new_seed() -> str:
    return secrets.token_hex(16)


def commitment(seed: str) -> str:
    """The published commitment to a seed: its SHA-256 in lower-case hex."""
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def sort_key(seed: str, *parts: Any) -> str:
    return hashlib.sha256("|".join([seed, *(str(p) for p in parts)]).encode("utf-8")).hexdigest()


def stratum_size(total: int, percent: Decimal | float | str) -> int:
    """⌈N × p ÷ 100⌉, at least 1 and at most N (0 for an empty stratum)."""
    if total <= 0:
        return 0
    wanted = math.ceil(Decimal(total) * Decimal(str(percent)) / Decimal(100))
    return max(1, min(total, wanted))


@dataclass(frozen=True)
class Stratum:
    code: str
    name: str
    total: int
    drawn: int

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "total": self.total, "drawn": self.drawn}


def strata_of(pool: Sequence[dict[str, Any]], percent: Decimal | float | str) -> list[Stratum]:
    counts: dict[str, tuple[str, int]] = {}
    for entry in pool:
        name, n = counts.get(entry["league"], (entry["league_name"], 0))
        counts[entry["league"]] = (name, n + 1)
    return [Stratum(code, name, n, stratum_size(n, percent)) for code, (name, n) in sorted(counts.items())]


def draw_institutions(
    pool: Sequence[dict[str, Any]], percent: Decimal | float | str, seed: str
) -> list[dict[str, Any]]:
    """The drawn pool entries, in draw order (strata by league code, then by sort key)."""
    out: list[dict[str, Any]] = []
    for stratum in strata_of(pool, percent):
        members = [e for e in pool if e["league"] == stratum.code]
        members.sort(key=lambda e: (sort_key(seed, e["credit_code"]), e["credit_code"]))
        out.extend(members[: stratum.drawn])
    return out


def pick_inspectors(eligible: Sequence[int], n: int, seed: str, credit_code: str) -> list[int]:
    """The first n eligible person ids by SHA-256(seed|credit code|person id)."""
    ranked = sorted(eligible, key=lambda pid: (sort_key(seed, credit_code, pid), pid))
    return ranked[:n]
