"""Blueprints and paper assembly as an integer program solved by OR-Tools CP-SAT (R-BANK-3).

Each variant picks items so that, in points, every knowledge area, every item type and the
total match the blueprint exactly and each difficulty band lies within its share ± the
tolerance. Variants share as few items as the bank allows (the objective), and items used
in the last N paper sets of the same occupation and level are left out unless the user
explicitly says the bank is too small. A blueprint the bank cannot satisfy is refused with
the constraint and the shortfall. Points are counted in half points so the model is integral.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

from skillcert.accounts.models import User
from skillcert.core.audit import record_event
from skillcert.core.crypto import blind_index
from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy
from skillcert.core.validation import clean_text
from skillcert.itembank.access import require_bank_staff
from skillcert.itembank.choices import DifficultyBand, ItembankEvent, ItemStatus, ItemType, band_of
from skillcert.itembank.models import Assembly, Bank, Blueprint, ExposureMark, Item
from skillcert.itembank.services.sealing import seal_paper

EXPOSURE_CONTEXT = "itembank.exposure"
HALF = 2  # points are multiples of 0.5: the model counts half points


def _half_points(value: Any, *, field: str, what: str) -> int:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError) as exc:
        raise DomainError(_("%(what)s的分值应为数字") % {"what": what}, field=field, code="points") from exc
    if number < 0 or (number * HALF) % 1:
        raise DomainError(_("%(what)s的分值应为 0.5 的整数倍") % {"what": what}, field=field, code="points")
    return int(number * HALF)


def clean_blueprint(
    *,
    total_points: int,
    area_points: dict[str, Any],
    type_points: dict[str, Any],
    difficulty_mix: dict[str, Any],
) -> tuple[dict[str, Decimal], dict[str, Decimal], dict[str, int]]:
    """Areas and types each add up to the total; areas do not nest; the mix adds up to 100 %."""
    if not area_points:
        raise DomainError(_("请填写各知识领域的分值"), field="area_points", code="required")
    if not type_points:
        raise DomainError(_("请填写各题型的分值"), field="type_points", code="required")
    areas = {
        str(k).strip(): Decimal(_half_points(v, field="area_points", what=str(k))) / HALF
        for k, v in area_points.items()
    }
    for code in areas:
        if not code or not all(p.isdigit() for p in code.split(".")):
            raise DomainError(
                _("知识领域“%(code)s”应为要素代码，例如 2.3") % {"code": code}, field="area_points", code="area"
            )
        for other in areas:
            if other != code and other.startswith(f"{code}."):
                raise DomainError(
                    _("知识领域“%(a)s”包含“%(b)s”，领域不能相互包含") % {"a": code, "b": other},
                    field="area_points",
                    code="area_nested",
                )
    types = {}
    for k, v in type_points.items():
        if k not in ItemType.values:
            raise DomainError(_("题型“%(t)s”不正确") % {"t": k}, field="type_points", code="type")
        types[k] = Decimal(_half_points(v, field="type_points", what=str(ItemType(k).label))) / HALF
    if sum(areas.values()) != total_points:
        raise DomainError(
            _("各知识领域分值之和（%(sum)s）应等于试卷总分（%(total)s）")
            % {"sum": sum(areas.values()), "total": total_points},
            field="area_points",
            code="area_total",
        )
    if sum(types.values()) != total_points:
        raise DomainError(
            _("各题型分值之和（%(sum)s）应等于试卷总分（%(total)s）")
            % {"sum": sum(types.values()), "total": total_points},
            field="type_points",
            code="type_total",
        )
    mix: dict[str, int] = {}
    for k, v in (difficulty_mix or {}).items():
        if k not in DifficultyBand.values:
            raise DomainError(_("难度档“%(b)s”不正确") % {"b": k}, field="difficulty_mix", code="band")
        try:
            mix[k] = int(v)
        except (TypeError, ValueError) as exc:
            raise DomainError(_("难度结构应为整数百分比"), field="difficulty_mix", code="band") from exc
    if mix and sum(mix.values()) != 100:
        raise DomainError(_("难度结构各档百分比之和应为 100"), field="difficulty_mix", code="mix_total")
    return areas, types, mix


def save_blueprint(
    *,
    actor: User | None,
    bank: Bank,
    name: str,
    total_points: int = 100,
    duration_minutes: int = 90,
    area_points: dict[str, Any],
    type_points: dict[str, Any],
    difficulty_mix: dict[str, Any] | None = None,
    difficulty_tolerance: int = 5,
    variants: int = 2,
    exposure_last_papers: int | None = None,
    blueprint: Blueprint | None = None,
) -> Blueprint:
    """Create or change a blueprint (R-BANK-3)."""
    require_bank_staff(actor, bank, "assemble")
    name = clean_text(name, field="name", label=_("蓝图名称"), max_length=200)
    if not 1 <= int(variants) <= 6:
        raise DomainError(_("平行卷套数应为 1 到 6"), field="variants", code="variants")
    if int(total_points) < 1:
        raise DomainError(_("试卷总分应大于 0"), field="total_points", code="total")
    areas, types, mix = clean_blueprint(
        total_points=int(total_points),
        area_points=area_points,
        type_points=type_points,
        difficulty_mix=difficulty_mix or {},
    )
    with transaction.atomic():
        bp = blueprint or Blueprint(bank=bank)
        before = {"area_points": bp.area_points, "type_points": bp.type_points} if bp.pk else None
        bp.name, bp.total_points, bp.duration_minutes = name, int(total_points), int(duration_minutes)
        bp.area_points = {k: str(v) for k, v in areas.items()}
        bp.type_points = {k: str(v) for k, v in types.items()}
        bp.difficulty_mix, bp.difficulty_tolerance = mix, int(difficulty_tolerance)
        bp.variants, bp.exposure_last_papers = int(variants), exposure_last_papers
        bp.full_clean()
        bp.save()
        record_event(
            actor=actor,
            action=ItembankEvent.BLUEPRINT_SAVED,
            obj=bp,
            before=before,
            after={"area_points": bp.area_points, "type_points": bp.type_points},
        )
    return bp


@dataclass
class Candidate:
    item: Item
    area: str
    half_points: int
    band: str
    exposed: bool


def _exposure_marks(bank: Bank, last: int) -> set[str]:
    if last <= 0:
        return set()
    level = bank.standard_level
    recent = list(
        Assembly.objects.filter(occupation_id_copy=level.standard.occupation_id, level_copy=level.level)
        .order_by("-assembled_at", "-id")
        .values_list("pk", flat=True)[:last]
    )
    return set(ExposureMark.objects.filter(assembly_id__in=recent).values_list("mark", flat=True))


def _mark(item_id: int) -> str:
    return blind_index(str(item_id), EXPOSURE_CONTEXT, normalizer=None)


def candidates_for(blueprint: Blueprint, *, exposure_last: int) -> list[Candidate]:
    """Approved items of the blueprint's areas and types, with their area, points, band and exposure."""
    marks = _exposure_marks(blueprint.bank, exposure_last)
    areas = list(blueprint.area_points)
    found: list[Candidate] = []
    items = (
        Item.objects.filter(bank=blueprint.bank, status=ItemStatus.APPROVED, type__in=list(blueprint.type_points))
        .exclude(approved=None)
        .select_related("approved__knowledge_point")
    )
    for item in items:
        version = item.approved
        assert version is not None
        code = version.knowledge_point.code
        area = next((a for a in areas if code == a or code.startswith(f"{a}.")), None)
        if area is None:
            continue
        found.append(
            Candidate(
                item=item,
                area=area,
                half_points=int(version.points * HALF),
                band=band_of(version.difficulty),
                exposed=bool(marks) and _mark(item.pk) in marks,
            )
        )
    return found


def _fmt(half: int) -> str:
    value = Decimal(half) / HALF
    return f"{value.normalize():f}"


def _shortfalls(blueprint: Blueprint, pool: list[Candidate], *, excluded_exposed: int) -> list[str]:
    """Constraints the pool cannot meet on their own, with the points needed and held."""
    total = blueprint.total_points * HALF
    problems: list[str] = []
    by_area: dict[str, int] = defaultdict(int)
    by_type: dict[str, int] = defaultdict(int)
    by_band: dict[str, int] = defaultdict(int)
    for c in pool:
        by_area[c.area] += c.half_points
        by_type[c.item.type] += c.half_points
        by_band[c.band] += c.half_points
    for area, pts in blueprint.area_points.items():
        need = int(Decimal(pts) * HALF)
        if by_area[area] < need:
            problems.append(
                _("知识点 %(area)s 需要 %(need)s 分，题库只有 %(have)s 分")
                % {"area": area, "need": _fmt(need), "have": _fmt(by_area[area])}
            )
    for type_, pts in blueprint.type_points.items():
        need = int(Decimal(pts) * HALF)
        if by_type[type_] < need:
            problems.append(
                _("%(type)s需要 %(need)s 分，题库只有 %(have)s 分")
                % {"type": ItemType(type_).label, "need": _fmt(need), "have": _fmt(by_type[type_])}
            )
    for band, pct in (blueprint.difficulty_mix or {}).items():
        low = total * max(0, int(pct) - blueprint.difficulty_tolerance) // 100
        if by_band[band] < low:
            problems.append(
                _("难度“%(band)s”至少需要 %(need)s 分，题库只有 %(have)s 分")
                % {"band": DifficultyBand(band).label, "need": _fmt(low), "have": _fmt(by_band[band])}
            )
    if problems and excluded_exposed:
        problems.append(
            _("另有 %(n)s 道试题因在最近组卷中使用过而被回避；题库确实不足时可明确允许使用近期试题")
            % {"n": excluded_exposed}
        )
    return problems


@dataclass
class Solution:
    variants: list[list[Candidate]]
    overlap: dict[str, int]
    seconds: float
    exposed_used: int


def solve(
    blueprint: Blueprint, pool: list[Candidate], *, seed: int, time_limit: float, avoid_exposed: bool
) -> Solution:
    """The integer program; raises DomainError naming the unmet constraint and its shortfall."""
    total = blueprint.total_points * HALF
    V = blueprint.variants
    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x{v}_{i}") for i in range(len(pool))] for v in range(V)]
    # Slack per constraint and variant: a solution with zero slack is a paper; otherwise the
    # largest slack names what the bank lacks.
    slacks: list[tuple[cp_model.IntVar, str, int]] = []

    def exact(v: int, members: list[int], need: int, label: str) -> None:
        short = model.new_int_var(0, need, f"short_{label}_{v}")
        model.add(sum(pool[i].half_points * x[v][i] for i in members) + short == need)
        slacks.append((short, label, need))

    for v in range(V):
        model.add(sum(c.half_points * x[v][i] for i, c in enumerate(pool)) <= total)
        for area, pts in blueprint.area_points.items():
            exact(v, [i for i, c in enumerate(pool) if c.area == area], int(Decimal(pts) * HALF), f"area:{area}")
        for type_, pts in blueprint.type_points.items():
            exact(v, [i for i, c in enumerate(pool) if c.item.type == type_], int(Decimal(pts) * HALF), f"type:{type_}")
        for band, pct in (blueprint.difficulty_mix or {}).items():
            low = total * max(0, int(pct) - blueprint.difficulty_tolerance) // 100
            high = -(-total * min(100, int(pct) + blueprint.difficulty_tolerance) // 100)
            members = [i for i, c in enumerate(pool) if c.band == band]
            expr = sum(pool[i].half_points * x[v][i] for i in members)
            short = model.new_int_var(0, total, f"short_band_{band}_{v}")
            model.add(expr + short >= low)
            model.add(expr <= high)
            slacks.append((short, f"band:{band}", low))
    overlaps = []
    if V > 1:
        for i in range(len(pool)):
            o = model.new_int_var(0, V - 1, f"o{i}")
            model.add(o >= sum(x[v][i] for v in range(V)) - 1)
            overlaps.append(o)
    rng = random.Random(seed)  # noqa: S311 - reproducible from the recorded seed
    jitter = [rng.randint(0, 9) for _ in pool]
    secondary = sum(jitter[i] * x[v][i] for v in range(V) for i in range(len(pool)))
    exposed_cost = sum(x[v][i] for v in range(V) for i, c in enumerate(pool) if c.exposed) if avoid_exposed else 0
    big = 10 * len(pool) * V + 1
    model.minimize(
        big * big * 1000 * sum(s for s, _, _ in slacks) + big * 100 * sum(overlaps) + big * exposed_cost + secondary
    )
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed % (2**31)
    solver.parameters.num_workers = 2
    started = time.perf_counter()
    status = solver.solve(model)
    seconds = time.perf_counter() - started
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise DomainError(
            _("在 %(s)s 秒内没有找到满足蓝图的组卷方案，请放宽难度结构或补充试题") % {"s": int(time_limit)},
            field="blueprint",
            code="no_solution",
        )
    unmet: list[tuple[int, str, int]] = [
        (int(solver.value(s)), label, need) for s, label, need in slacks if solver.value(s) > 0
    ]
    if unmet:
        missing, label, need = max(unmet)
        kind, _sep, key = label.partition(":")
        what: str
        if kind == "area":
            what = _("知识点 %(area)s") % {"area": key}
        elif kind == "type":
            what = str(ItemType(key).label)
        else:
            what = _("难度“%(band)s”") % {"band": DifficultyBand(key).label}
        raise DomainError(
            _("%(what)s需要 %(need)s 分，题库在同时满足其他要求时只能提供 %(have)s 分（差 %(short)s 分）")
            % {"what": what, "need": _fmt(need), "have": _fmt(need - missing), "short": _fmt(missing)},
            field="blueprint",
            code="infeasible",
        )
    variants = [[c for i, c in enumerate(pool) if solver.value(x[v][i])] for v in range(V)]
    overlap: dict[str, int] = {}
    for a in range(V):
        for b in range(a + 1, V):
            ids_a = {c.item.pk for c in variants[a]}
            overlap[f"{a + 1}-{b + 1}"] = sum(1 for c in variants[b] if c.item.pk in ids_a)
    exposed_used = len({c.item.pk for var in variants for c in var if c.exposed})
    return Solution(variants=variants, overlap=overlap, seconds=seconds, exposed_used=exposed_used)


def assemble_papers(
    *,
    actor: User | None,
    blueprint: Blueprint,
    allow_recent_items: bool = False,
    reason: str = "",
    seed: int | None = None,
) -> Assembly:
    """Assemble the blueprint's parallel variants, seal each and record the exposure (R-BANK-3)."""
    bank = blueprint.bank
    require_bank_staff(actor, bank, "assemble")
    if allow_recent_items:
        reason = clean_text(reason, field="reason", label=_("允许使用近期试题的理由"), max_length=300)
    last = blueprint.exposure_last_papers
    if last is None:
        last = int(get_policy("itembank.exposure_last_papers"))
    everything = candidates_for(blueprint, exposure_last=last)
    exposed = [c for c in everything if c.exposed]
    pool = everything if allow_recent_items else [c for c in everything if not c.exposed]
    problems = _shortfalls(blueprint, pool, excluded_exposed=0 if allow_recent_items else len(exposed))
    if problems:
        err = DomainError(problems[0], field="blueprint", code="infeasible")
        err.errors = {"blueprint": problems}
        raise err
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    solution = solve(
        blueprint,
        pool,
        seed=seed,
        time_limit=float(get_policy("itembank.solver_seconds")),
        avoid_exposed=allow_recent_items,
    )
    level = bank.standard_level
    with transaction.atomic():
        Bank.objects.select_for_update().get(pk=bank.pk)
        assembly = Assembly.objects.create(
            blueprint=blueprint,
            bank=bank,
            occupation_id_copy=level.standard.occupation_id,
            level_copy=level.level,
            exposure_waived=allow_recent_items,
            exposure_reason=reason,
            assembled_by=actor,
            assembled_at=timezone.now(),
            report={
                "variants": [
                    {
                        "variant": v + 1,
                        "items": len(chosen),
                        "points": _fmt(sum(c.half_points for c in chosen)),
                        "by_type": {
                            t: _fmt(sum(c.half_points for c in chosen if c.item.type == t))
                            for t in blueprint.type_points
                        },
                        "by_band": {
                            b: _fmt(sum(c.half_points for c in chosen if c.band == b)) for b in DifficultyBand.values
                        },
                    }
                    for v, chosen in enumerate(solution.variants)
                ],
                "overlap": solution.overlap,
                "pool": len(pool),
                "exposure_last_papers": last,
                "recent_items_used": solution.exposed_used,
                "solver_seconds": round(solution.seconds, 3),
            },
        )
        for v, chosen in enumerate(solution.variants):
            seal_paper(assembly=assembly, variant=v + 1, items=[c.item for c in chosen], seed=seed)
        ExposureMark.objects.bulk_create(
            [
                ExposureMark(assembly=assembly, mark=_mark(pk))
                for pk in {c.item.pk for var in solution.variants for c in var}
            ]
        )
        record_event(
            actor=actor,
            action=ItembankEvent.PAPERS_ASSEMBLED,
            obj=assembly,
            after={
                "variants": blueprint.variants,
                "overlap": solution.overlap,
                "recent_items_used": solution.exposed_used,
            },
        )
    return assembly
