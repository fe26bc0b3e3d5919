"""Choices of the catalogue: editions, levels, exam components and the eligibility vocabulary."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.core.errors import DomainError


class Edition(models.IntegerChoices):
    """Editions of 《中华人民共和国职业分类大典》; codes differ between them (R-CAT-1)."""

    E1999 = 1999, _("1999年版")
    E2015 = 2015, _("2015年版")
    E2022 = 2022, _("2022年版")


CURRENT_EDITION = Edition.E2022


class Level(models.IntegerChoices):
    """The five skill levels; 1 is the highest (R-CAT-2)."""

    FIVE = 5, _("五级/初级工")
    FOUR = 4, _("四级/中级工")
    THREE = 3, _("三级/高级工")
    TWO = 2, _("二级/技师")
    ONE = 1, _("一级/高级技师")


def level_label(level: int) -> str:
    """The printed form of a level, e.g. 3 → "三级/高级工" (R-CAT-2, R-CERT-3)."""
    try:
        return str(Level(int(level)).label)
    except ValueError as exc:
        raise ValueError(gettext("技能等级应为1至5，收到 %(level)s") % {"level": repr(level)}) from exc


def parse_level(value: Any) -> int | None:
    """A level as people write it: 4, "4", "四级", "四级/中级工", "中级工", "中级", "四级（中级工）" → 4;
    None when it names no level (R-CAT-2)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value in Level.values else None
    raw = unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()
    if raw.isdigit():
        return int(raw) if int(raw) in Level.values else None
    for level in Level:
        label = str(level.label)
        number, title = label.split("/")
        if raw in (label, number, title, title.rstrip("工"), f"{number}（{title}）"):  # i18n: data
            return int(level)
    return None


def clean_level(value: Any, *, field: str = "level") -> int:
    """`parse_level`, or a DomainError on the field when the value names no level."""
    level = parse_level(value)
    if level is None:
        text = "" if value is None else str(value).strip()
        raise DomainError(
            gettext("等级：“%(text)s”不是有效等级，应为1至5或“三级/高级工”等写法") % {"text": text},
            field=field,
            code="invalid_level",
        )
    return level


class ComponentKind(models.TextChoices):
    """Exam components of a level (R-CAT-3)."""

    THEORY = "theory", _("理论知识")
    SKILLS = "skills", _("操作技能")
    REVIEW = "review", _("综合评审")


REVIEW_LEVELS = frozenset({Level.TWO, Level.ONE})
"""综合评审 exists only for 二级/技师 and 一级/高级技师 (R-CAT-3)."""


class RuleOrigin(models.TextChoices):
    SEED = "seed", _("目录数据导入")
    MANUAL = "manual", _("人工发布")


class DiplomaKind(models.TextChoices):
    """Diplomas named by the national standards' 申报条件 (R-CAT-4)."""

    TECHNICAL_SCHOOL = "technical_school", _("技工学校")
    SENIOR_TECHNICAL_SCHOOL = "senior_technical_school", _("高级技工学校")
    TECHNICIAN_COLLEGE = "technician_college", _("技师学院")
    PREPARATORY_TECHNICIAN = "preparatory_technician", _("技师学院预备技师")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("中等职业学校")
    HIGHER_VOCATIONAL = "higher_vocational", _("高等职业学校")
    JUNIOR_COLLEGE = "junior_college", _("大学专科")
    BACHELOR = "bachelor", _("大学本科")
    POSTGRADUATE = "postgraduate", _("硕士研究生及以上")


class TitleLevel(models.TextChoices):
    """Professional titles (职称) some newer standards accept (R-CAT-4)."""

    JUNIOR = "junior", _("初级职称")
    INTERMEDIATE = "intermediate", _("中级职称")
    SENIOR = "senior", _("高级职称")


class CertificateScope(models.TextChoices):
    """Whether a lower-level certificate must be in this occupation or may be in a related one."""

    SAME = "same", _("本职业")
    RELATED = "related", _("本职业或相关职业")


class ConditionType(models.TextChoices):
    """The condition vocabulary of the eligibility rule language (R-CAT-4)."""

    AGE_MIN = "age_min", _("最低年龄")
    AGE_MAX = "age_max", _("最高年龄")
    YEARS_IN_OCCUPATION_MIN = "years_in_occupation_min", _("累计从业年限")
    HOLDS_LEVEL = "holds_level", _("持有等级证书")
    DIPLOMA_IN = "diploma_in", _("毕业证书")
    TITLE_IN = "title_in", _("职称")
    APPRENTICESHIP_COMPLETED = "apprenticeship_completed", _("学徒期满")


class MajorCategory(models.IntegerChoices):
    """The eight 大类 of 职业分类大典（2022年版）; the first digit of an occupation code."""

    LEADERS = 1, _("党的机关、国家机关、群众团体和社会组织、企事业单位负责人")
    PROFESSIONALS = 2, _("专业技术人员")
    CLERICAL = 3, _("办事人员和有关人员")
    SERVICES = 4, _("社会生产服务和生活服务人员")
    AGRICULTURE = 5, _("农、林、牧、渔业生产及辅助人员")
    PRODUCTION = 6, _("生产制造及有关人员")
    MILITARY = 7, _("军队人员")
    OTHER = 8, _("不便分类的其他从业人员")


class CatalogEvent(models.TextChoices):
    """Audit actions written by the catalogue (R-X-1)."""

    OCCUPATION_CREATED = "catalog.occupation.create", _("新增职业")
    OCCUPATION_UPDATED = "catalog.occupation.update", _("修改职业")
    WORK_TYPE_CREATED = "catalog.work_type.create", _("新增工种")
    STANDARD_CREATED = "catalog.standard.create", _("新增职业技能标准")
    STANDARD_UPDATED = "catalog.standard.update", _("修改职业技能标准")
    STANDARD_LEVEL_CREATED = "catalog.standard_level.create", _("新增标准等级")
    COMPONENT_CREATED = "catalog.component.create", _("新增考核科目")
    COMPONENT_UPDATED = "catalog.component.update", _("修改考核科目")
    RATIO_CREATED = "catalog.ratio.create", _("新增考务人员配比")
    RATIO_SET = "catalog.ratio.set", _("调整考务人员配比")
    ELIGIBILITY_RULE_PUBLISHED = "catalog.eligibility_rule.publish", _("发布申报条件")
    ELIGIBILITY_RULE_RETIRED = "catalog.eligibility_rule.retire", _("停用申报条件")
