"""factory_boy factories for the catalogue (shared with other apps' tests)."""

from __future__ import annotations

from typing import Any

import factory

from skillcert.catalog.choices import ComponentKind, Edition
from skillcert.catalog.models import (
    Component,
    EligibilityRule,
    Occupation,
    SkillStandard,
    StaffingRatio,
    StandardLevel,
    WorkType,
)


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation
        django_get_or_create = ("edition", "code")

    edition = Edition.E2022
    # 9-xx-xx-xx is not used by any 大典 major category, so factory rows never collide with seeded ones.
    code = factory.Sequence(lambda n: f"9-{n // 10000 % 100:02d}-{n // 100 % 100:02d}-{n % 100:02d}")
    name = factory.Sequence(lambda n: f"测试职业{n}")


class WorkTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkType

    occupation = factory.SubFactory(OccupationFactory)
    name = factory.Sequence(lambda n: f"测试工种{n}")


class SkillStandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillStandard
        skip_postgeneration_save = True

    occupation = factory.SubFactory(OccupationFactory)
    title = factory.LazyAttribute(lambda s: f"{s.occupation.name}国家职业技能标准")
    version = "2018年版"
    is_current = True

    @factory.post_generation
    def levels(self, create: bool, extracted: list[int] | None, **kwargs: Any) -> None:
        """`levels=[5, 4, 3]` creates those levels with theory and skills components (and review for 2, 1)."""
        if not create or not extracted:
            return
        for level in extracted:
            sl = StandardLevel.objects.create(standard=self, level=level)
            Component.objects.create(standard_level=sl, kind=ComponentKind.THEORY, min_duration_minutes=90)
            Component.objects.create(standard_level=sl, kind=ComponentKind.SKILLS, min_duration_minutes=120)
            if level <= 2:
                Component.objects.create(standard_level=sl, kind=ComponentKind.REVIEW, min_duration_minutes=30)

    @factory.post_generation
    def ratio(self, create: bool, extracted: dict[str, int] | None, **kwargs: Any) -> None:
        if create:
            StaffingRatio.objects.create(standard=self, **(extracted or {}))


class StandardLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardLevel

    standard = factory.SubFactory(SkillStandardFactory)
    level = 4


class EligibilityRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityRule

    standard_level = factory.SubFactory(StandardLevelFactory)
    version = 1
    is_current = True
    rules = factory.LazyFunction(
        lambda: {
            "any_of": [
                {
                    "label": "累计从事本职业工作1年（含）以上",
                    "all_of": [{"type": "years_in_occupation_min", "years": 1}],
                }
            ]
        }
    )
