"""Forms of the inspections pages; they only parse input — the services decide (R-X-4)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import JurisdictionLevel
from skillcert.accounts.models import Jurisdiction
from skillcert.accounts.types import Actor
from skillcert.core.forms import NamedForm
from skillcert.inspections.choices import (
    INSPECTION_CHECKLIST,
    SUPERVISION_CHECKLIST,
    CheckAnswer,
    Grade,
    Method,
    Outcome,
)
from skillcert.institutions.choices import InstitutionType
from skillcert.sanctions.choices import Kind

DATE = forms.DateInput(attrs={"type": "date"})


def _checklist_fields(form: forms.Form, items: list[tuple[str, Any]], required: bool = False) -> None:
    for key, label in items:
        form.fields[f"check_{key}"] = forms.ChoiceField(
            label=label,
            choices=[("", _("未填写")), *CheckAnswer.choices],
            required=required,
        )


def checklist_from(form: forms.Form, items: list[tuple[str, Any]]) -> dict[str, str]:
    return {key: form.cleaned_data.get(f"check_{key}") or "" for key, _label in items}


def checklist_initial(values: dict[str, str]) -> dict[str, str]:
    return {f"check_{k}": v for k, v in (values or {}).items()}


class ReportForm(NamedForm):
    """The phone-sized on-site record (R-SUP-3)."""

    arrived_at = forms.DateTimeField(
        label=_("到场时间"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    notes = forms.CharField(label=_("督导记录"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    grade = forms.ChoiceField(label=_("发现问题等级"), choices=Grade.choices, initial=Grade.NONE)
    findings = forms.CharField(label=_("发现的问题"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _checklist_fields(self, SUPERVISION_CHECKLIST)

    def checklist(self) -> dict[str, str]:
        return checklist_from(self, SUPERVISION_CHECKLIST)


class InternalRecordForm(ReportForm):
    """The internal supervisor's record of a session (R-SUP-9): the same checklist, no arrival time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["arrived_at"]


class PhotoForm(NamedForm):
    photo = forms.FileField(
        label=_("现场照片"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"}),
    )
    caption = forms.CharField(label=_("照片说明"), required=False, max_length=200)


class CountersignForm(NamedForm):
    name = forms.CharField(label=_("机构签字人"), max_length=50)
    note = forms.CharField(label=_("机构意见"), required=False, max_length=300)


class IssueForm(NamedForm):
    grounds = forms.CharField(label=_("决定依据"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("整改期限"), widget=DATE)
    follow_up_on = forms.DateField(label=_("复查日期"), widget=DATE)


class DeclineForm(NamedForm):
    grounds = forms.CharField(label=_("不予下达的理由"), widget=forms.Textarea(attrs={"rows": 3}))


DECISION_ORDER = (Kind.SUSPENSION, Kind.DISQUALIFICATION)


class FollowUpForm(NamedForm):
    passed = forms.TypedChoiceField(
        label=_("复查结果"),
        choices=[("1", _("整改到位，恢复正常")), ("0", _("整改不到位"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("复查意见"), widget=forms.Textarea(attrs={"rows": 3}))
    early = forms.BooleanField(label=_("提前复查（整改期限届满前）"), required=False)
    propose = forms.ChoiceField(
        label=_("整改不到位时拟作处理"),
        choices=[
            ("", _("（整改到位时不选）")),
            *[(k.value, k.label) for k in (Kind.SUSPENSION, Kind.DISQUALIFICATION)],
        ],
        required=False,
    )
    proposal_grounds = forms.CharField(
        label=_("拟作处理的事实与依据"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CampaignForm(NamedForm):
    """A 双随机 campaign (R-SUP-4, R-SUP-10)."""

    title = forms.CharField(label=_("任务名称"), max_length=200)
    period_start = forms.DateField(label=_("检查期间自"), widget=DATE)
    period_end = forms.DateField(label=_("检查期间至"), widget=DATE)
    records_from = forms.DateField(label=_("调阅资料起始日期"), widget=DATE)
    records_to = forms.DateField(label=_("调阅资料截止日期"), widget=DATE)
    leagues = forms.ModelMultipleChoiceField(
        label=_("检查范围（盟市）"),
        queryset=Jurisdiction.objects.order_by("-level", "sort_order", "code"),
        widget=forms.CheckboxSelectMultiple,
    )
    institution_types = forms.MultipleChoiceField(
        label=_("检查范围（机构类型）"), choices=InstitutionType.choices, widget=forms.CheckboxSelectMultiple
    )
    method = forms.ChoiceField(label=_("检查方式"), choices=Method.choices)
    partner_departments = forms.CharField(label=_("会同部门"), required=False, max_length=300)
    sampling_percent = forms.DecimalField(label=_("抽取比例（%）"), max_digits=5, decimal_places=2, initial=5)
    inspectors_per_inspection = forms.IntegerField(label=_("每家检查人员数"), min_value=1, initial=2)

    def __init__(self, *args: Any, actor: Actor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = getattr(actor, "organisation", None)
        if org is not None and org.scope_level == "league":
            self.fields["leagues"].queryset = Jurisdiction.objects.filter(pk=org.jurisdiction_id)  # type: ignore[attr-defined]
        else:
            self.fields["leagues"].queryset = Jurisdiction.objects.filter(  # type: ignore[attr-defined]
                level__in=[JurisdictionLevel.LEAGUE, JurisdictionLevel.REGION]
            ).order_by("code")


class SeedForm(NamedForm):
    seed = forms.CharField(
        label=_("随机种子（可选）"),
        required=False,
        max_length=128,
        help_text=_("留空由平台生成并密封；抽取时公布"),
    )


class InspectionRecordForm(NamedForm):
    inspected_on = forms.DateField(label=_("检查日期"), required=False, widget=DATE)
    findings = forms.CharField(label=_("检查发现"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _checklist_fields(self, INSPECTION_CHECKLIST)

    def checklist(self) -> dict[str, str]:
        return checklist_from(self, INSPECTION_CHECKLIST)


class ConcludeForm(NamedForm):
    outcome = forms.ChoiceField(label=_("检查结论"), choices=Outcome.choices)
    measure = forms.ChoiceField(
        label=_("建议处理类别（提出处理建议时）"),
        choices=[("", _("（不提出处理建议时不选）")), *Kind.choices],
        required=False,
        help_text=_("处理建议送机构所在盟市人社局决定"),
    )
    note = forms.CharField(label=_("结论说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(NamedForm):
    outcome = forms.ChoiceField(label=_("检查结论"), choices=Outcome.choices)
    findings = forms.CharField(label=_("检查发现"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    outcome_note = forms.CharField(label=_("结论说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("更正说明（公众可见）"), widget=forms.Textarea(attrs={"rows": 2}))
