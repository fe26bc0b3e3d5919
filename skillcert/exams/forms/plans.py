"""Plan forms: the plan itself, questions, answers, stop and cancel (R-EXAM-1, R-EXAM-2)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from skillcert.catalog.choices import Level
from skillcert.catalog.models import Occupation, WorkType
from skillcert.exams.services.plans import PlanInput
from skillcert.institutions.models import Institution, Room, Venue
from skillcert.institutions.selectors import scope_items_on

DATE = forms.DateInput(attrs={"type": "date"})


def _by_target(items: list[Any]) -> list[tuple[Any, list[Any]]]:
    """Scope items grouped by what they cover: an occupation, or one 工种 of it."""
    groups: dict[Any, list[Any]] = {}
    for item in items:
        groups.setdefault(item.work_type or item.occupation, []).append(item)
    return list(groups.items())


class PlanForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("计划名称"), max_length=200)
    occupation = forms.ModelChoiceField(label=gettext_lazy("职业"), queryset=Occupation.objects.none())
    work_type = forms.ModelChoiceField(label=gettext_lazy("工种"), queryset=WorkType.objects.none(), required=False)
    venue = forms.ModelChoiceField(label=gettext_lazy("考点"), queryset=Venue.objects.none())
    rooms = forms.ModelMultipleChoiceField(
        label=gettext_lazy("考场"), queryset=Room.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    first_session_on = forms.DateField(label=gettext_lazy("首场考试日期"), widget=DATE)
    last_session_on = forms.DateField(label=gettext_lazy("末场考试日期"), widget=DATE)
    registration_deadline = forms.DateField(label=gettext_lazy("报名截止日期"), widget=DATE)
    requirements = forms.CharField(
        label=gettext_lazy("报名条件说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    how_to_apply = forms.CharField(
        label=gettext_lazy("报名方式"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    fee_note = forms.CharField(label=gettext_lazy("收费说明"), max_length=300, required=False)
    contact = forms.CharField(label=gettext_lazy("咨询电话"), max_length=100, required=False)

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.institution = institution
        items = scope_items_on(institution)
        occ_ids = {i.occupation_id for i in items}
        fields: Any = self.fields
        fields["occupation"].queryset = Occupation.objects.filter(pk__in=occ_ids).order_by("code")
        fields["work_type"].queryset = WorkType.objects.filter(occupation_id__in=occ_ids)
        fields["venue"].queryset = Venue.objects.filter(institution=institution, is_active=True)
        fields["rooms"].queryset = Room.objects.filter(venue__institution=institution).select_related("venue")
        # Only the levels the filed scope holds (R-INS-2); the service refuses any other.
        self.levels = [level for level in Level if any(i.level == level.value for i in items)]
        for level in self.levels:
            self.fields[f"level_{level.value}"] = forms.IntegerField(
                label=gettext("%(label)s 报名名额") % {"label": level.label},
                min_value=0,
                max_value=100000,
                required=False,
            )
        self.scope_note = [
            (str(occupation), "、".join(str(Level(lv).label) for lv in sorted({i.level for i in group}, reverse=True)))
            for occupation, group in _by_target(items)
        ]

    @property
    def level_fields(self) -> list[Any]:
        return [self[f"level_{level.value}"] for level in self.levels]

    def to_input(self) -> PlanInput:
        data = self.cleaned_data
        levels = {int(lv.value): data[f"level_{lv.value}"] for lv in self.levels if data.get(f"level_{lv.value}")}
        return PlanInput(
            title=data["title"],
            occupation=data["occupation"],
            work_type=data.get("work_type"),
            levels=levels,
            venue=data["venue"],
            rooms=list(data["rooms"]),
            first_session_on=data["first_session_on"],
            last_session_on=data["last_session_on"],
            registration_deadline=data["registration_deadline"],
            requirements=data.get("requirements", ""),
            how_to_apply=data.get("how_to_apply", ""),
            fee_note=data.get("fee_note", ""),
            contact=data.get("contact", ""),
        )


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=gettext_lazy("质询内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("答复"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class StopForm(forms.Form):
    grounds = forms.CharField(label=gettext_lazy("叫停依据"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤销原因"), max_length=300)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("重新开放原因"), max_length=300)


class AnnouncementForm(forms.Form):
    requirements = forms.CharField(
        label=gettext_lazy("报名条件说明"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    how_to_apply = forms.CharField(
        label=gettext_lazy("报名方式"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    fee_note = forms.CharField(label=gettext_lazy("收费说明"), max_length=300, required=False)
    contact = forms.CharField(label=gettext_lazy("咨询电话"), max_length=100, required=False)
