"""Forms of the complaints pages; they parse input, the services decide (R-SUP-5)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import Jurisdiction
from skillcert.complaints.choices import STAFF_SOURCES, Outcome, SubjectKind
from skillcert.core.forms import free_text
from skillcert.institutions.models import Institution
from skillcert.sanctions.models import Sanction

ACCEPT = ".pdf,.jpg,.jpeg,.png"
"""For the file input's accept attribute; the service checks every file against `SCAN_TYPES` by content."""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ComplaintFields(forms.Form):
    """What every complaint says, whoever files it."""

    subject_kind = forms.ChoiceField(label=_("投诉对象"), choices=SubjectKind.choices)
    institution = forms.ModelChoiceField(
        label=_("评价机构（从评价机构名录中选择）"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("请选择评价机构"),
    )
    subject_reference = free_text(
        _("证书编号、认定计划编号或人员姓名及单位"),
        help_text=_("投诉对象不是评价机构时填写"),
        textarea=False,
        required=False,
    )
    title = free_text(_("标题"), required=True, textarea=False)
    facts = free_text(
        _("事实与理由"), textarea=True, rows=5, required=True, help_text=_("时间、地点、经过，越具体越便于核查")
    )
    attachments = MultipleFileField(label=_("附件（PDF、JPG、PNG）"), help_text=_("每个文件不超过10MB，最多5个"))
    anonymous = forms.BooleanField(label=_("匿名投诉（不留联系方式，仍可凭查询码查询结果）"), required=False)
    contact_name = free_text(_("姓名"), textarea=False, required=False)
    contact_phone = free_text(_("手机号码"), textarea=False, required=False)
    contact_email = free_text(_("电子邮箱"), textarea=False, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from skillcert.institutions.selectors import public_institutions

        self.fields["institution"].queryset = public_institutions().order_by("filed_name")  # type: ignore[attr-defined]


class PublicComplaintForm(ComplaintFields):
    website = forms.CharField(label=_("网站"), required=False)
    challenge_token = forms.CharField(widget=forms.HiddenInput, required=False)
    challenge_answer = forms.CharField(label=_("验证问题"), required=False)


class IntakeForm(ComplaintFields):
    source = forms.ChoiceField(label=_("来源"), choices=STAFF_SOURCES)
    source_detail = free_text(
        _("来源说明"), help_text=_("媒体报道须写明媒体名称、标题和日期"), textarea=False, required=False
    )
    received_on = forms.DateField(label=_("收到日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    field_order = ["source", "source_detail", "received_on"]


class TrackForm(forms.Form):
    tracking_code = forms.CharField(label=_("查询码"), max_length=40)
    secret = forms.CharField(label=_("查询密码"), max_length=40, widget=forms.PasswordInput(render_value=True))


class AcceptForm(forms.Form):
    note = free_text(_("受理意见"), textarea=True, rows=5, required=False)


class RefuseForm(forms.Form):
    reason = free_text(_("不予受理理由（内部）"), textarea=True, rows=5, required=True)
    public_text = free_text(_("答复投诉人"), textarea=True, rows=5, required=True)


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("转入辖区"), queryset=Jurisdiction.objects.order_by("-level", "sort_order"), empty_label=None
    )
    reason = free_text(_("转办理由"), textarea=True, rows=5, required=True)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("延长天数"))
    reason = free_text(_("延期理由"), textarea=True, rows=5, required=True)


class InvestigationForm(forms.Form):
    recorded_on = forms.DateField(label=_("调查日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    method = free_text(_("调查方式"), required=True, textarea=False)
    notes = free_text(_("调查情况（内部，不向投诉人公开）"), textarea=True, rows=5, required=True)
    attachments = MultipleFileField(label=_("证据材料（PDF、JPG、PNG）"))


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=Outcome.choices)
    sanction = forms.ModelChoiceField(
        label=_("据此作出的处理决定"), queryset=Sanction.objects.none(), required=False, empty_label=_("（无）")
    )
    referred_to = free_text(_("移交部门"), textarea=False, required=False)
    public_text = free_text(_("答复投诉人的办理结果（投诉人可见）"), textarea=True, rows=5, required=True)
    internal_conclusion = free_text(_("内部办理意见（不公开）"), textarea=True, rows=5, required=True)

    def __init__(self, *args: Any, sanctions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sanction"].queryset = sanctions  # type: ignore[attr-defined]
