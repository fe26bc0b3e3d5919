"""The application-conditions (申报条件) rule language and its evaluator (R-CAT-4).

A rule set is JSON. It is satisfied when ANY alternative is satisfied; an alternative is
satisfied when ALL of its conditions are::

    {
      "any_of": [
        {"label": "累计从事本职业或相关职业工作6年（含）以上",
         "all_of": [{"type": "years_in_occupation_min", "years": 6}]},
        {"label": "取得五级/初级工证书后，累计从事本职业工作4年（含）以上",
         "all_of": [{"type": "holds_level", "level": 5, "scope": "same", "years_since_min": 4},
                    {"type": "years_in_occupation_min", "years": 4}]}
      ],
      "related_occupations": ["6-18-02-05"]          # optional
    }

Conditions (``type`` plus parameters):

- ``age_min`` / ``age_max`` ``{"years": N}`` — full years of age on the application date;
- ``years_in_occupation_min`` ``{"years": N}`` — cumulative years in this or a related occupation;
- ``holds_level`` ``{"level": N, "scope": "same"|"related", "years_since_min": M?}`` — holds a
  certificate of level N *or higher* (a smaller number) in this occupation (``same``) or in this
  or a related occupation (``related``), issued at least M full years before the date;
- ``diploma_in`` ``{"kinds": [...], "related_major": bool}`` — holds one of these diplomas
  (when ``related_major`` the diploma must be in this or a related major);
- ``title_in`` ``{"levels": [...]}`` — holds one of these professional titles (职称);
- ``apprenticeship_completed`` ``{}`` — 学徒期满.

Both the 2018-era national pattern ("取得五级证书后累计从事4年" OR "累计从事6年" OR "技工学校毕业")
and the newer pattern ("年满16周岁", "满5年", "初级职称后满1年" ...) are plain data in this form.

`evaluate_eligibility` reports every unmet condition of every alternative, so a clerk or a
candidate sees at once what is missing for each route to the level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from skillcert.catalog.choices import (
    CertificateScope,
    ConditionType,
    DiplomaKind,
    TitleLevel,
    level_label,
)

# --------------------------------------------------------------------------------------
# Facts about the applicant
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateFact:
    """A skill certificate the applicant holds."""

    occupation_code: str
    level: int
    issued_on: date
    related: bool = False
    """The reviewer accepted this certificate's occupation as related to the one applied for."""


@dataclass(frozen=True)
class DiplomaFact:
    """A diploma (毕业证书) the applicant holds or will receive as a graduating student."""

    kind: str
    related_major: bool = True


@dataclass(frozen=True)
class TitleFact:
    """A professional title (职称) the applicant holds."""

    level: str
    related: bool = True


@dataclass(frozen=True)
class EligibilityFacts:
    """What is known about an applicant on the application date (R-CAT-4, R-EXAM-3)."""

    birth_date: date
    on_date: date
    years_in_occupation: Decimal | float | int = 0
    certificates: Sequence[CertificateFact] = ()
    diplomas: Sequence[DiplomaFact] = ()
    titles: Sequence[TitleFact] = ()
    apprenticeship_completed: bool = False


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass
class AlternativeOutcome:
    """How one alternative (one "之一" route) fared."""

    index: int
    label: str
    unmet: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unmet

    @property
    def title(self) -> str:
        return (
            gettext("条件（%(index)s）“%(label)s”") % {"index": self.index, "label": self.label}
            if self.label
            else gettext("条件（%(index)s）") % {"index": self.index}
        )


@dataclass
class EligibilityResult:
    """The verdict: `ok`, and every unmet condition (R-CAT-4)."""

    ok: bool
    unmet: list[str]
    """Every unmet condition of every alternative, each prefixed with the alternative it belongs to."""
    alternatives: list[AlternativeOutcome]
    matched: AlternativeOutcome | None = None
    """The first satisfied alternative, when ok."""

    @property
    def closest(self) -> AlternativeOutcome | None:
        """The alternative with the fewest unmet conditions (the first one on ties)."""
        if not self.alternatives:
            return None
        return min(self.alternatives, key=lambda a: (len(a.unmet), a.index))


# --------------------------------------------------------------------------------------
# Validation and description
# --------------------------------------------------------------------------------------

_CONDITION_PARAMS: dict[str, set[str]] = {
    ConditionType.AGE_MIN: {"years"},
    ConditionType.AGE_MAX: {"years"},
    ConditionType.YEARS_IN_OCCUPATION_MIN: {"years"},
    ConditionType.HOLDS_LEVEL: {"level", "scope", "years_since_min"},
    ConditionType.DIPLOMA_IN: {"kinds", "related_major"},
    ConditionType.TITLE_IN: {"levels"},
    ConditionType.APPRENTICESHIP_COMPLETED: set(),
}
_REQUIRED_PARAMS: dict[str, set[str]] = {
    ConditionType.AGE_MIN: {"years"},
    ConditionType.AGE_MAX: {"years"},
    ConditionType.YEARS_IN_OCCUPATION_MIN: {"years"},
    ConditionType.HOLDS_LEVEL: {"level"},
    ConditionType.DIPLOMA_IN: {"kinds"},
    ConditionType.TITLE_IN: {"levels"},
    ConditionType.APPRENTICESHIP_COMPLETED: set(),
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool) and value >= 0


def rule_errors(rule: Any) -> list[str]:
    """Every problem in a rule set, in Chinese; an empty list means the rule is well formed."""
    if not isinstance(rule, Mapping):
        return [gettext("申报条件必须是一个对象（含 any_of）")]
    errors: list[str] = []
    unknown_top = set(rule) - {"any_of", "related_occupations", "note"}
    if unknown_top:
        errors.append(gettext("申报条件含未知字段：%(join)s") % {"join": "、".join(sorted(unknown_top))})
    alternatives = rule.get("any_of")
    if not isinstance(alternatives, list) or not alternatives:
        return [*errors, gettext("申报条件的 any_of 必须是非空列表（至少一组可选条件）")]
    related = rule.get("related_occupations", [])
    if not isinstance(related, list) or not all(isinstance(c, str) for c in related):
        errors.append(gettext("related_occupations 必须是职业编码列表"))
    for i, alt in enumerate(alternatives, start=1):
        where = gettext("第%(i)s组条件") % {"i": i}
        if not isinstance(alt, Mapping):
            errors.append(gettext("%(where)s必须是对象（含 all_of）") % {"where": where})
            continue
        if not isinstance(alt.get("label", ""), str):
            errors.append(gettext("%(where)s的 label 必须是文字") % {"where": where})
        conditions = alt.get("all_of")
        if not isinstance(conditions, list) or not conditions:
            errors.append(gettext("%(where)s的 all_of 必须是非空列表") % {"where": where})
            continue
        for j, cond in enumerate(conditions, start=1):
            errors.extend(_condition_errors(cond, gettext("%(where)s第%(j)s项") % {"where": where, "j": j}))
    return errors


def _condition_errors(cond: Any, where: str) -> list[str]:
    if not isinstance(cond, Mapping):
        return [gettext("%(where)s必须是对象") % {"where": where}]
    ctype = cond.get("type")
    if ctype not in ConditionType.values:
        return [
            gettext("%(where)s的条件类型“%(ctype)s”不存在，可用：%(join)s")
            % {"where": where, "ctype": ctype, "join": "、".join(ConditionType.values)}
        ]
    errors: list[str] = []
    params = set(cond) - {"type"}
    unknown = params - _CONDITION_PARAMS[ctype]
    if unknown:
        errors.append(
            gettext("%(where)s（%(label)s）含未知参数：%(join)s")
            % {"where": where, "label": ConditionType(ctype).label, "join": "、".join(sorted(unknown))}
        )
    missing = _REQUIRED_PARAMS[ctype] - params
    if missing:
        errors.append(
            gettext("%(where)s（%(label)s）缺少参数：%(join)s")
            % {"where": where, "label": ConditionType(ctype).label, "join": "、".join(sorted(missing))}
        )
    if "years" in cond and not _is_number(cond["years"]):
        errors.append(gettext("%(where)s的 years 必须是非负数") % {"where": where})
    if "years_since_min" in cond and not _is_number(cond["years_since_min"]):
        errors.append(gettext("%(where)s的 years_since_min 必须是非负数") % {"where": where})
    if ctype == ConditionType.HOLDS_LEVEL:
        if cond.get("level") not in (1, 2, 3, 4, 5):
            errors.append(gettext("%(where)s的 level 必须是1至5的整数") % {"where": where})
        if cond.get("scope", CertificateScope.SAME) not in CertificateScope.values:
            errors.append(gettext("%(where)s的 scope 必须是 same 或 related") % {"where": where})
    if ctype == ConditionType.DIPLOMA_IN:
        kinds = cond.get("kinds")
        if not isinstance(kinds, list) or not kinds or any(k not in DiplomaKind.values for k in kinds):
            errors.append(
                gettext("%(where)s的 kinds 必须是非空列表，取值：%(join)s")
                % {"where": where, "join": "、".join(DiplomaKind.values)}
            )
        if not isinstance(cond.get("related_major", True), bool):
            errors.append(gettext("%(where)s的 related_major 必须是 true 或 false") % {"where": where})
    if ctype == ConditionType.TITLE_IN:
        levels = cond.get("levels")
        if not isinstance(levels, list) or not levels or any(t not in TitleLevel.values for t in levels):
            errors.append(
                gettext("%(where)s的 levels 必须是非空列表，取值：%(join)s")
                % {"where": where, "join": "、".join(TitleLevel.values)}
            )
    return errors


def validate_rule(rule: Any) -> None:
    """Raise a ValidationError on the `rules` field naming every problem (R-X-4)."""
    errors = rule_errors(rule)
    if errors:
        raise ValidationError({"rules": errors})


def _fmt_years(value: Any) -> str:
    number = Decimal(str(value))
    return str(number.quantize(Decimal(1))) if number == number.to_integral() else str(number.normalize())


def _names(choices: type[DiplomaKind] | type[TitleLevel], values: Iterable[str]) -> str:
    return "、".join(str(choices(v).label) for v in values)


def describe_condition(cond: Mapping[str, Any]) -> str:
    """One condition in readable Chinese, e.g. "持有本职业四级/中级工及以上证书满5年"."""
    ctype = cond["type"]
    if ctype == ConditionType.AGE_MIN:
        return gettext("年满%(fmt_years)s周岁") % {"fmt_years": _fmt_years(cond["years"])}
    if ctype == ConditionType.AGE_MAX:
        return gettext("年龄不超过%(fmt_years)s周岁") % {"fmt_years": _fmt_years(cond["years"])}
    if ctype == ConditionType.YEARS_IN_OCCUPATION_MIN:
        return gettext("累计从事本职业或相关职业工作满%(fmt_years)s年") % {"fmt_years": _fmt_years(cond["years"])}
    if ctype == ConditionType.HOLDS_LEVEL:
        scope = CertificateScope(cond.get("scope", CertificateScope.SAME)).label
        text = gettext("持有%(scope)s%(level_label)s及以上等级证书") % {
            "scope": scope,
            "level_label": level_label(cond["level"]),
        }
        if cond.get("years_since_min"):
            text += gettext("满%(fmt_years)s年") % {"fmt_years": _fmt_years(cond["years_since_min"])}
        return text
    if ctype == ConditionType.DIPLOMA_IN:
        major = gettext("（本专业或相关专业）") if cond.get("related_major", True) else ""
        return gettext("持有以下毕业证书之一%(major)s：%(names)s") % {
            "major": major,
            "names": _names(DiplomaKind, cond["kinds"]),
        }
    if ctype == ConditionType.TITLE_IN:
        return gettext("取得以下职称之一（符合专业对应关系）：%(names)s") % {
            "names": _names(TitleLevel, cond["levels"])
        }
    if ctype == ConditionType.APPRENTICESHIP_COMPLETED:
        return gettext("本职业或相关职业学徒期满")
    raise ValueError(f"unknown condition type {ctype!r}")


@dataclass(frozen=True)
class DescribedAlternative:
    index: int
    label: str
    conditions: list[str]


def describe_rule(rule: Mapping[str, Any]) -> list[DescribedAlternative]:
    """The rule set as numbered alternatives of readable conditions, for pages and the API."""
    return [
        DescribedAlternative(
            index=i,
            label=str(alt.get("label", "")),
            conditions=[describe_condition(c) for c in alt["all_of"]],
        )
        for i, alt in enumerate(rule.get("any_of", []), start=1)
    ]


# --------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------


def full_years_between(start: date, end: date) -> int:
    """Whole years from start to end (birthday-style: a year counts on its anniversary)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def _certificate_counts(
    cert: CertificateFact, scope: str, occupation_code: str | None, related_codes: frozenset[str]
) -> bool:
    if occupation_code is None:
        return True
    if cert.occupation_code == occupation_code:
        return True
    return scope == CertificateScope.RELATED and (cert.related or cert.occupation_code in related_codes)


def _check(
    cond: Mapping[str, Any],
    facts: EligibilityFacts,
    occupation_code: str | None,
    related_codes: frozenset[str],
) -> str | None:
    """None when the condition holds, else the Chinese reason it does not."""
    ctype = cond["type"]
    on = facts.on_date.isoformat()
    if ctype in (ConditionType.AGE_MIN, ConditionType.AGE_MAX):
        age = full_years_between(facts.birth_date, facts.on_date)
        limit = Decimal(str(cond["years"]))
        if ctype == ConditionType.AGE_MIN and age < limit:
            return gettext("年龄：未满%(fmt_years)s周岁（%(on)s时为%(age)s周岁）") % {
                "fmt_years": _fmt_years(limit),
                "on": on,
                "age": age,
            }
        if ctype == ConditionType.AGE_MAX and age > limit:
            return gettext("年龄：超过%(fmt_years)s周岁（%(on)s时为%(age)s周岁）") % {
                "fmt_years": _fmt_years(limit),
                "on": on,
                "age": age,
            }
        return None
    if ctype == ConditionType.YEARS_IN_OCCUPATION_MIN:
        have = Decimal(str(facts.years_in_occupation))
        need = Decimal(str(cond["years"]))
        if have < need:
            return gettext("从业年限：累计从事本职业或相关职业工作不足%(fmt_years)s年（现为%(fmt_years2)s年）") % {
                "fmt_years": _fmt_years(need),
                "fmt_years2": _fmt_years(have),
            }
        return None
    if ctype == ConditionType.HOLDS_LEVEL:
        level = int(cond["level"])
        scope = cond.get("scope", CertificateScope.SAME)
        scope_text = CertificateScope(scope).label
        held = [
            c
            for c in facts.certificates
            if c.level <= level and _certificate_counts(c, scope, occupation_code, related_codes)
        ]
        if not held:
            return gettext("等级证书：未持有%(scope_text)s%(level_label)s及以上等级证书") % {
                "scope_text": scope_text,
                "level_label": level_label(level),
            }
        need_years = cond.get("years_since_min")
        if need_years:
            oldest = min(c.issued_on for c in held)
            have_years = full_years_between(oldest, facts.on_date)
            if have_years < Decimal(str(need_years)):
                return gettext(
                    "等级证书：取得%(scope_text)s%(level_label)s及以上证书不满%(fmt_years)s年（最早于%(isoformat)s取得，至%(on)s为%(have_years)s年）"
                ) % {
                    "scope_text": scope_text,
                    "level_label": level_label(level),
                    "fmt_years": _fmt_years(need_years),
                    "isoformat": oldest.isoformat(),
                    "on": on,
                    "have_years": have_years,
                }
        return None
    if ctype == ConditionType.DIPLOMA_IN:
        kinds = set(cond["kinds"])
        need_related = cond.get("related_major", True)
        if any(d.kind in kinds and (d.related_major or not need_related) for d in facts.diplomas):
            return None
        major = gettext("本专业或相关专业") if need_related else ""
        return gettext("毕业证书：未持有%(major)s%(names)s中任一毕业证书") % {
            "major": major,
            "names": _names(DiplomaKind, cond["kinds"]),
        }
    if ctype == ConditionType.TITLE_IN:
        if any(t.level in cond["levels"] and t.related for t in facts.titles):
            return None
        return gettext("职称：未取得符合专业对应关系的%(names)s中任一职称") % {
            "names": _names(TitleLevel, cond["levels"])
        }
    if ctype == ConditionType.APPRENTICESHIP_COMPLETED:
        return None if facts.apprenticeship_completed else gettext("学徒期：未提供本职业或相关职业学徒期满证明")
    raise ValueError(f"unknown condition type {ctype!r}")


def evaluate_eligibility(
    rule: Mapping[str, Any],
    facts: EligibilityFacts,
    *,
    occupation_code: str | None = None,
) -> EligibilityResult:
    """Check the facts against a rule set; report every unmet condition (R-CAT-4).

    `occupation_code` is the occupation applied for: certificates of scope ``same`` must be
    in it; without it any certificate of the level counts.
    """
    validate_rule(rule)
    related_codes = frozenset(rule.get("related_occupations", []))
    outcomes: list[AlternativeOutcome] = []
    for i, alt in enumerate(rule["any_of"], start=1):
        outcome = AlternativeOutcome(index=i, label=str(alt.get("label", "")))
        for cond in alt["all_of"]:
            reason = _check(cond, facts, occupation_code, related_codes)
            if reason is not None:
                outcome.unmet.append(reason)
        outcomes.append(outcome)
    matched = next((o for o in outcomes if o.ok), None)
    if matched is not None:
        return EligibilityResult(ok=True, unmet=[], alternatives=outcomes, matched=matched)
    unmet = [f"{o.title}：{reason}" for o in outcomes for reason in o.unmet]
    return EligibilityResult(ok=False, unmet=unmet, alternatives=outcomes)
