"""Catalogue pages: the occupation list and an occupation's standard, components, ratios and conditions.

National occupations and skill standards are public documents, so both pages are readable
without logging in, like the public API's occupation list (R-CAT-1..4, R-PUB-1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from skillcert.catalog.eligibility import DescribedAlternative, describe_rule
from skillcert.catalog.filtersets import OccupationFilterSet
from skillcert.catalog.models import Component, Occupation, SkillStandard, display_work_type
from skillcert.catalog.selectors import occupations_visible_to, ratios_for, standards_visible_to
from skillcert.core.listing import Column, ListExport, exports, list_page
from skillcert.core.scoping import get_visible_or_404

OCCUPATIONS = ListExport(
    gettext_lazy("职业目录"),
    [
        Column(gettext_lazy("职业编码"), lambda o: o.code),
        Column(gettext_lazy("职业名称"), lambda o: o.name),
        Column(gettext_lazy("工种"), lambda o: "、".join(wt.name for wt in o.work_types.all())),
        Column(
            gettext_lazy("等级"),
            lambda o: "、".join(sl.label for std in o.current_standards for sl in std.levels.all()),
        ),
        Column(gettext_lazy("现行标准"), lambda o: "、".join(f"{s.title}（{s.version}）" for s in o.current_standards)),
        Column(gettext_lazy("大典版本"), lambda o: o.get_edition_display()),
        Column(gettext_lazy("新版编码"), lambda o: o.successor.code if o.successor_id else ""),
    ],
)


@exports(OCCUPATIONS)
def occupation_list(request: HttpRequest) -> HttpResponseBase:
    """Occupations with search and filters shared with the API; readable without logging in (R-CAT-1)."""
    queryset = occupations_visible_to(request.user)
    filterset = OccupationFilterSet(request.GET or None, queryset=queryset)
    rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else queryset.none()
    return list_page(request, "catalog/occupation_list.html", rows, export=OCCUPATIONS, context={"filter": filterset})


@dataclass
class LevelView:
    level: int
    label: str
    components: list[Component]
    conditions: list[DescribedAlternative]
    rule_version: int | None
    rule_verified: bool


class OccupationDetailView(DetailView):  # type: ignore[type-arg]
    """An occupation with its current standard, components, pass marks, ratios and 申报条件 (R-CAT-1..4)."""

    template_name = "catalog/occupation_detail.html"
    context_object_name = "occupation"

    def get_object(self, queryset: Any = None) -> Occupation:
        return get_visible_or_404(occupations_visible_to(self.request.user), self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        occupation: Occupation = self.object
        standard: SkillStandard | None = (
            standards_visible_to(self.request.user).filter(occupation=occupation, is_current=True).first()
        )
        levels: list[LevelView] = []
        if standard is not None:
            for sl in standard.levels.all():
                rules = getattr(sl, "current_rules", [])
                rule = rules[0] if rules else None
                levels.append(
                    LevelView(
                        level=sl.level,
                        label=sl.label,
                        components=list(sl.components.all()),
                        conditions=describe_rule(rule.rules) if rule else [],
                        rule_version=rule.version if rule else None,
                        rule_verified=rule.verified if rule else False,
                    )
                )
        work_types = [wt.name for wt in occupation.work_types.all()]
        context.update(
            standard=standard,
            ratio=ratios_for(standard) if standard is not None else None,
            levels=levels,
            work_type_display="、".join(work_types) if work_types else display_work_type(None),
            older_codes=list(occupation.predecessors.order_by("edition")),
            other_standards=[s for s in occupation.standards.all() if standard is None or s.pk != standard.pk],
        )
        return context
