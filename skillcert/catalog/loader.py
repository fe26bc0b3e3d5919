"""Load the catalogue JSON (data/occupations_2022.json) into the database, idempotently.

One code path serves both the data migration (historical models, no audit) and the
`load_catalog` service (current models, every change audited through `on_change`).
Loading never overwrites what the region administrator maintains in the database —
component marks and durations, staffing ratios, manually published eligibility rules —
it only adds what is missing and refreshes descriptive fields (names, sources, notes).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from skillcert.catalog.choices import CatalogEvent

DATA_PATH = Path(__file__).resolve().parent / "data" / "occupations_2022.json"
UNKNOWN_VERSION = gettext_lazy("版本待核实")
REVIEW_LEVELS = (2, 1)

ModelGetter = Callable[[str], Any]
ChangeCallback = Callable[[str, Any, "dict[str, Any] | None", "dict[str, Any] | None"], None]


def read_catalog_data(path: Path | str | None = None) -> dict[str, Any]:
    with open(path or DATA_PATH, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@dataclass
class LoadReport:
    """What a load created or changed, by kind."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def add(self, bucket: str, kind: str) -> None:
        target = self.created if bucket == "created" else self.updated
        target[kind] = target.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        def fmt(d: dict[str, int]) -> str:
            return "、".join(f"{k} {v}" for k, v in sorted(d.items())) or gettext("无")

        return gettext("新增：%(fmt)s；更新：%(fmt2)s") % {"fmt": fmt(self.created), "fmt2": fmt(self.updated)}


def _fields(obj: Any, names: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        out[name] = value.isoformat() if isinstance(value, date) else value
    return out


class _Loader:
    def __init__(self, get_model: ModelGetter, *, validate: bool, on_change: ChangeCallback | None) -> None:
        self.Occupation = get_model("Occupation")
        self.WorkType = get_model("WorkType")
        self.SkillStandard = get_model("SkillStandard")
        self.StandardLevel = get_model("StandardLevel")
        self.Component = get_model("Component")
        self.StaffingRatio = get_model("StaffingRatio")
        self.EligibilityRule = get_model("EligibilityRule")
        self.validate = validate
        self.on_change = on_change
        self.report = LoadReport()

    # -- helpers ------------------------------------------------------------------------

    def _save(self, obj: Any, kind: str, action: str, before: dict[str, Any] | None, fields: list[str]) -> None:
        if self.validate:
            obj.full_clean()
        obj.save()
        self.report.add("created" if before is None else "updated", kind)
        if self.on_change is not None:
            self.on_change(action, obj, before, _fields(obj, fields))

    def _upsert(self, obj: Any, values: Mapping[str, Any], kind: str, action: str) -> Any:
        """Set values on an existing object; save (and report) only if something changed."""
        names = list(values)
        before = _fields(obj, names)
        changed = False
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        if changed:
            self._save(obj, kind, action, before, names)
        return obj

    # -- steps --------------------------------------------------------------------------

    def occupation(self, entry: Mapping[str, Any]) -> Any:
        occupations = self.Occupation
        values = {
            "name": entry["name"],
            "source": "\n".join(entry.get("sources", [])),
            "notes": entry.get("notes", "") or "",
        }
        occ = occupations.objects.filter(edition=entry["edition"], code=entry["code"]).first()
        if occ is None:
            occ = occupations(edition=entry["edition"], code=entry["code"], is_active=True, **values)
            self._save(occ, gettext("职业"), CatalogEvent.OCCUPATION_CREATED, None, ["edition", "code", *values])
        else:
            self._upsert(occ, values, gettext("职业"), CatalogEvent.OCCUPATION_UPDATED)
        for prev in entry.get("previous_codes", []):
            old = occupations.objects.filter(edition=prev["edition"], code=prev["code"]).first()
            old_values = {"name": prev["name"], "successor": occ, "source": prev.get("source", "") or ""}
            if old is None:
                old = occupations(edition=prev["edition"], code=prev["code"], is_active=False, **old_values)
                self._save(
                    old,
                    gettext("旧版职业"),
                    CatalogEvent.OCCUPATION_CREATED,
                    None,
                    ["edition", "code", "name", "source"],
                )
            else:
                self._upsert(old, old_values, gettext("旧版职业"), CatalogEvent.OCCUPATION_UPDATED)
        for i, name in enumerate(entry.get("work_types", []), start=1):
            if not self.WorkType.objects.filter(occupation=occ, name=name).exists():
                wt = self.WorkType(occupation=occ, name=name, sort_order=i)
                self._save(
                    wt, gettext("工种"), CatalogEvent.WORK_TYPE_CREATED, None, ["occupation_id", "name", "sort_order"]
                )
        return occ

    def standard(self, occ: Any, entry: Mapping[str, Any]) -> Any:
        S = self.SkillStandard
        spec = entry.get("standard") or {}
        version = spec.get("version") or UNKNOWN_VERSION
        effective = spec.get("effective_date")
        values = {
            "title": spec.get("title") or gettext("%(name)s国家职业技能标准") % {"name": occ.name},
            "document": spec.get("document") or "",
            "effective_date": date.fromisoformat(effective) if effective else None,
            "verified": bool(spec.get("verified")),
            "source": spec.get("source") or "",
        }
        std = S.objects.filter(occupation=occ, version=version).first()
        if std is None:
            for other in S.objects.filter(occupation=occ, is_current=True):
                self._upsert(other, {"is_current": False}, gettext("标准"), CatalogEvent.STANDARD_UPDATED)
            std = S(occupation=occ, version=version, is_current=True, **values)
            self._save(std, gettext("标准"), CatalogEvent.STANDARD_CREATED, None, ["occupation_id", "version", *values])
        else:
            if not std.is_current:
                for other in S.objects.filter(occupation=occ, is_current=True):
                    self._upsert(other, {"is_current": False}, gettext("标准"), CatalogEvent.STANDARD_UPDATED)
            self._upsert(std, {**values, "is_current": True}, gettext("标准"), CatalogEvent.STANDARD_UPDATED)
        return std

    def levels(self, std: Any, entry: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[int, Any]:
        comp = defaults["components"]
        skills_minutes = comp["skills"]["min_duration_minutes_by_level"]
        result: dict[int, Any] = {}
        for level in entry["levels"]:
            sl = self.StandardLevel.objects.filter(standard=std, level=level).first()
            if sl is None:
                sl = self.StandardLevel(standard=std, level=level)
                self._save(sl, gettext("标准等级"), CatalogEvent.STANDARD_LEVEL_CREATED, None, ["standard_id", "level"])
            result[level] = sl
            wanted = [
                (
                    "theory",
                    comp["theory"]["full_marks"],
                    comp["theory"]["pass_mark"],
                    comp["theory"]["min_duration_minutes"],
                ),
                ("skills", comp["skills"]["full_marks"], comp["skills"]["pass_mark"], skills_minutes[str(level)]),
            ]
            if level in comp["review"].get("levels", REVIEW_LEVELS):
                review = comp["review"]
                wanted.append(("review", review["full_marks"], review["pass_mark"], review["min_duration_minutes"]))
            for kind, full, passing, minutes in wanted:
                if not self.Component.objects.filter(standard_level=sl, kind=kind).exists():
                    c = self.Component(
                        standard_level=sl, kind=kind, full_marks=full, pass_mark=passing, min_duration_minutes=minutes
                    )
                    self._save(
                        c,
                        gettext("考核科目"),
                        CatalogEvent.COMPONENT_CREATED,
                        None,
                        ["standard_level_id", "kind", "full_marks", "pass_mark", "min_duration_minutes"],
                    )
        if not self.StaffingRatio.objects.filter(standard=std).exists():
            ratio = self.StaffingRatio(standard=std, **defaults["ratios"])
            self._save(ratio, gettext("配比"), CatalogEvent.RATIO_CREATED, None, ["standard_id", *defaults["ratios"]])
        return result

    def rules(self, levels: Mapping[int, Any], entry: Mapping[str, Any], patterns: Mapping[str, Any]) -> None:
        spec = entry.get("eligibility") or {}
        pattern = patterns.get(spec.get("pattern", ""))
        if pattern is None:
            return
        R = self.EligibilityRule
        for level, sl in levels.items():
            rules = pattern["levels"].get(str(level))
            if rules is None:
                continue
            current = R.objects.filter(standard_level=sl, is_current=True).first()
            if current is not None and (current.origin != "seed" or current.rules == rules):
                continue  # manual versions win; identical seed versions stay
            version = 1
            if current is not None:
                version = current.version + 1
                self._upsert(current, {"is_current": False}, gettext("申报条件"), CatalogEvent.ELIGIBILITY_RULE_RETIRED)
            rule = R(
                standard_level=sl,
                version=version,
                rules=rules,
                is_current=True,
                origin="seed",
                verified=bool(spec.get("verified")),
                source=pattern.get("source", ""),
                note=pattern.get("title", ""),
            )
            self._save(
                rule,
                gettext("申报条件"),
                CatalogEvent.ELIGIBILITY_RULE_PUBLISHED,
                None,
                ["standard_level_id", "version", "rules", "origin", "source"],
            )


def load_catalog_data(
    data: Mapping[str, Any],
    *,
    get_model: ModelGetter,
    validate: bool = True,
    on_change: ChangeCallback | None = None,
) -> LoadReport:
    """Create or refresh every occupation, standard, level, component, ratio and rule in `data`."""
    loader = _Loader(get_model, validate=validate, on_change=on_change)
    defaults = data["meta"]["defaults"]
    patterns = data.get("eligibility_patterns", {})
    for entry in data["occupations"]:
        occ = loader.occupation(entry)
        std = loader.standard(occ, entry)
        levels = loader.levels(std, entry, defaults)
        loader.rules(levels, entry, patterns)
    return loader.report


def unload_catalog_data(data: Mapping[str, Any], *, get_model: ModelGetter) -> None:
    """Remove what `load_catalog_data` created for these occupations (migration reverse)."""
    Occupation = get_model("Occupation")
    SkillStandard = get_model("SkillStandard")
    keys = [(e["edition"], e["code"]) for e in data["occupations"]]
    keys += [(p["edition"], p["code"]) for e in data["occupations"] for p in e.get("previous_codes", [])]
    for edition, code in keys:
        occ = Occupation.objects.filter(edition=edition, code=code).first()
        if occ is None:
            continue
        SkillStandard.objects.filter(occupation=occ).delete()  # levels, components, ratios, rules cascade
        occ.delete()  # work types cascade
