"""Forms of the certificate pages; they only clean input, the services decide and write (R-X-4)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from skillcert.catalog.choices import Level
from skillcert.certificates.choices import ProposalKind
from skillcert.core.forms import NamedForm
from skillcert.institutions.models import Institution, Venue


class VerifyForm(NamedForm):
    number = forms.CharField(label=gettext_lazy("证书编号"), max_length=40)
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)


class ProposeForm(NamedForm):
    kind = forms.ChoiceField(label=gettext_lazy("变更类型"), choices=ProposalKind.choices)
    grounds = forms.CharField(label=gettext_lazy("依据"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class DecideForm(NamedForm):
    note = forms.CharField(label=gettext_lazy("审批意见"), required=False, max_length=1000)


class IssueRunForm(NamedForm):
    plan = forms.IntegerField(label=gettext_lazy("认定计划"), widget=forms.HiddenInput)
    level = forms.TypedChoiceField(
        label=gettext_lazy("等级"),
        choices=[("", gettext_lazy("全部等级")), *Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )


class SiteSerialForm(NamedForm):
    institution = forms.ModelChoiceField(label=gettext_lazy("评价机构"), queryset=Institution.objects.none())
    serial = forms.CharField(
        label=gettext_lazy("站点序号"), max_length=6, min_length=6, help_text=gettext_lazy("6位数字，证书编号第8-13位")
    )
    venue = forms.ModelChoiceField(
        label=gettext_lazy("考点"), queryset=Venue.objects.none(), required=False, empty_label=gettext_lazy("全部考点")
    )
    note = forms.CharField(label=gettext_lazy("备注"), required=False, max_length=200)

    def __init__(self, *args: Any, institutions: Any, venues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["venue"].queryset = venues  # type: ignore[attr-defined]


class RetireForm(NamedForm):
    note = forms.CharField(label=gettext_lazy("停用原因"), max_length=200)
