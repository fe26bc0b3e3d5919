"""Registration forms: candidate sign-up, online application, roster upload, review, evidence (R-EXAM-3, R-EXAM-4)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from skillcert.catalog.choices import DiplomaKind, TitleLevel
from skillcert.exams.choices import EvidenceKind, IdType, ImportMode
from skillcert.exams.services.registration import OnlineApplication

DATE = forms.DateInput(attrs={"type": "date"})
YES_NO = [("", "—"), ("是", gettext_lazy("是")), ("否", gettext_lazy("否"))]  # i18n: data (the values parse_bool reads)


class SignUpForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("用户名"), max_length=150, help_text=gettext_lazy("3–150个字符：英文字母、数字和 _ . @ + -")
    )
    password = forms.CharField(label=gettext_lazy("密码"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=gettext_lazy("再次输入密码"), widget=forms.PasswordInput)
    full_name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    id_type = forms.ChoiceField(label=gettext_lazy("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT_ID)
    id_number = forms.CharField(label=gettext_lazy("证件号码"), max_length=30)
    birth_date = forms.DateField(label=gettext_lazy("出生日期（非居民身份证填写）"), widget=DATE, required=False)
    mobile = forms.CharField(label=gettext_lazy("手机号码"), max_length=20)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", gettext("再次输入密码：与密码不一致"))
        return data


class ApplyForm(forms.Form):
    level = forms.TypedChoiceField(label=gettext_lazy("申报等级"), coerce=int, choices=())
    mobile = forms.CharField(label=gettext_lazy("手机号码"), max_length=20)
    employer_name = forms.CharField(label=gettext_lazy("工作单位/学校"), max_length=200, required=False)
    years_in_occupation = forms.CharField(label=gettext_lazy("从事本职业年限（年）"), max_length=10, required=False)
    certificate_occupation = forms.CharField(label=gettext_lazy("已持证书职业编码"), max_length=10, required=False)
    certificate_level = forms.CharField(label=gettext_lazy("已持证书等级"), max_length=20, required=False)
    certificate_issued_on = forms.DateField(label=gettext_lazy("已持证书发证日期"), widget=DATE, required=False)
    diploma = forms.ChoiceField(
        label=gettext_lazy("毕业证书"), choices=[("", "—"), *DiplomaKind.choices], required=False
    )
    diploma_related = forms.ChoiceField(label=gettext_lazy("所学专业与本职业相关"), choices=YES_NO, required=False)
    title = forms.ChoiceField(label=gettext_lazy("职称"), choices=[("", "—"), *TitleLevel.choices], required=False)
    apprenticeship_completed = forms.BooleanField(label=gettext_lazy("学徒期满"), required=False)
    photo = forms.FileField(label=gettext_lazy("本人近期免冠证件照（JPG或PNG）"), required=False)
    evidence_kind = forms.ChoiceField(label=gettext_lazy("证明材料类别"), choices=EvidenceKind.choices, required=False)
    evidence = forms.FileField(label=gettext_lazy("证明材料（PDF、JPG或PNG，可稍后补充）"), required=False)

    def __init__(self, *args: Any, levels: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level_field: Any = self.fields["level"]
        level_field.choices = levels

    def to_application(self) -> OnlineApplication:
        data = self.cleaned_data
        return OnlineApplication(
            level=data["level"],
            mobile=data["mobile"],
            employer_name=data.get("employer_name", ""),
            years_in_occupation=data.get("years_in_occupation", ""),
            certificate_occupation=data.get("certificate_occupation", ""),
            certificate_level=data.get("certificate_level", ""),
            certificate_issued_on=data.get("certificate_issued_on") or "",
            diploma=data.get("diploma", ""),
            diploma_related=data.get("diploma_related", ""),
            title=data.get("title", ""),
            apprenticeship_completed=bool(data.get("apprenticeship_completed")),
        )


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("名册文件（.xlsx 或 .csv）"))
    mode = forms.ChoiceField(
        label=gettext_lazy("有错误行时"),
        choices=ImportMode.choices,
        initial=ImportMode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("审核意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("材料类别"), choices=EvidenceKind.choices)
    file = forms.FileField(label=gettext_lazy("文件（PDF、JPG或PNG）"))
