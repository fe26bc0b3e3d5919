"""Forms of the sanctions pages; they parse input, the services decide (R-SUP-6)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from skillcert.core.forms import free_text
from skillcert.institutions.models import Institution
from skillcert.sanctions.choices import DECISION_KINDS, FollowUpResult, Kind

DATE = forms.DateInput(attrs={"type": "date"})


class SanctionForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("评价机构"), queryset=Institution.objects.none(), empty_label=_("请选择")
    )
    kind = forms.ChoiceField(label=_("处理类别"), choices=Kind.choices)
    grounds = free_text(_("事实与依据"), required=False)
    publish_from = forms.DateField(label=_("公布起始日（通报批评）"), required=False, widget=DATE)
    publish_until = forms.DateField(label=_("公布截止日（通报批评）"), required=False, widget=DATE)
    deadline = forms.DateField(label=_("整改期限（限期整改）"), required=False, widget=DATE)
    complaint = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, institutions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    result = forms.ChoiceField(label=_("复查结果"), choices=FollowUpResult.choices)
    early = forms.BooleanField(label=_("提前复查（整改期限届满前）"), required=False)
    propose = forms.ChoiceField(
        label=_("整改不到位时拟作处理"),
        choices=[("", _("（整改到位时不填）"))] + [(k.value, k.label) for k in Kind if k in DECISION_KINDS],
        required=False,
    )
    note = free_text(_("复查情况"), required=False)


class StatementForm(forms.Form):
    statement = free_text(_("陈述申辩意见"), required=False)


class DecideForm(forms.Form):
    reasons = free_text(_("决定理由（须回应陈述申辩意见）"), required=False)


class ApprovalForm(forms.Form):
    note = free_text(_("复核意见"), required=False)


class CaseForm(forms.Form):
    institution = forms.IntegerField(widget=forms.HiddenInput)
    text = free_text(_("要求说明的内容"), required=False)
    explain_by = forms.DateField(label=_("说明期限"), required=False, widget=DATE)


class ExplanationForm(forms.Form):
    explanation = free_text(_("情况说明"), required=False)


class CaseDecisionForm(forms.Form):
    note = free_text(_("认定意见"), required=False)
    suspended_until = forms.DateField(label=_("采纳时：计时中止至"), required=False, widget=DATE)


class AcceptProposalForm(forms.Form):
    note = free_text(_("决定意见"), required=False)
    deadline = forms.DateField(label=_("整改期限（限期整改）"), required=False, widget=DATE)
    publish_from = forms.DateField(label=_("公布起始日（通报批评）"), required=False, widget=DATE)
    publish_until = forms.DateField(label=_("公布截止日（通报批评）"), required=False, widget=DATE)

    def __init__(self, *args: Any, measure: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = {"note"} | ({"deadline"} if measure == Kind.RECTIFICATION else set())
        if measure == Kind.CRITICISM:
            keep |= {"publish_from", "publish_until"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class DeclineProposalForm(forms.Form):
    grounds = free_text(_("不予采纳的理由"), required=False)
