"""Forms of the personnel pages: they check the shape of the input; the services decide and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skillcert.accounts.models import Jurisdiction, Organisation
from skillcert.catalog.choices import Level
from skillcert.core.forms import NamedForm
from skillcert.personnel.choices import (
    DISPATCHED_ROLES,
    RelationKind,
    SanctionKind,
    StaffGroup,
    StaffRole,
    TrainingResult,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _jurisdictions() -> Any:
    return Jurisdiction.objects.all()


class PersonEditForm(NamedForm):
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    mobile = forms.CharField(label=gettext_lazy("手机号码"), max_length=20, required=False)
    employer = forms.ModelChoiceField(
        label=gettext_lazy("工作单位"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=gettext_lazy("（不在平台上，填写名称）"),
    )
    employer_name = forms.CharField(label=gettext_lazy("工作单位名称"), max_length=200, required=False)
    jurisdiction = forms.ModelChoiceField(
        label=gettext_lazy("工作所在地"),
        queryset=Jurisdiction.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=gettext_lazy("（与工作单位相同）"),
    )
    job_title = forms.CharField(label=gettext_lazy("职务/职称"), max_length=100, required=False)
    notes = forms.CharField(label=gettext_lazy("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_active = forms.BooleanField(label=gettext_lazy("在册"), required=False)

    def __init__(self, *args: Any, employers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers if employers is not None else Organisation.objects.none()  # type: ignore[attr-defined]
        self.fields["jurisdiction"].queryset = _jurisdictions()  # type: ignore[attr-defined]


class PersonForm(PersonEditForm):
    """Registering a person: the edit form's fields plus the ID number and a first role with its card."""

    id_number = forms.CharField(label=gettext_lazy("身份证号码"), max_length=30)
    role = forms.ChoiceField(
        label=gettext_lazy("人员类别"),
        choices=[("", gettext_lazy("（暂不登记类别）")), *StaffRole.choices],
        required=False,
    )
    card_number = forms.CharField(
        label=gettext_lazy("证卡编号"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("留空由平台按“类别+地区+年份+序号”编号"),
    )
    card_valid_until = forms.DateField(
        label=gettext_lazy("证卡有效期至"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("留空按规则参数默认年限"),
    )
    is_active = None  # type: ignore[assignment]
    field_order = [
        "name",
        "id_number",
        "mobile",
        "employer",
        "employer_name",
        "jurisdiction",
        "job_title",
        "role",
        "card_number",
        "card_valid_until",
        "notes",
    ]


class RoleForm(NamedForm):
    id_prefix = "role"

    role = forms.ChoiceField(label=gettext_lazy("人员类别"), choices=StaffRole.choices)
    card_number = forms.CharField(
        label=gettext_lazy("证卡编号"), max_length=40, required=False, help_text=gettext_lazy("评价机构推荐时不填")
    )
    card_valid_until = forms.DateField(label=gettext_lazy("证卡有效期至"), required=False, widget=DATE)


class ApproveForm(NamedForm):
    card_number = forms.CharField(
        label=gettext_lazy("证卡编号"), max_length=40, required=False, help_text=gettext_lazy("留空由平台编号")
    )
    card_valid_until = forms.DateField(label=gettext_lazy("证卡有效期至"), required=False, widget=DATE)
    note = forms.CharField(label=gettext_lazy("审核意见"), max_length=200, required=False)


class RejectForm(NamedForm):
    note = forms.CharField(label=gettext_lazy("不通过理由"), max_length=200)


class RegistrationDecisionForm(NamedForm):
    approve = forms.TypedChoiceField(
        label=gettext_lazy("办理结果"),
        choices=[("1", gettext_lazy("办理（登记或关联到申请机构）")), ("0", gettext_lazy("不予办理"))],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label=gettext_lazy("办理意见（不予办理时必填）"), max_length=200, required=False)


class RenewForm(NamedForm):
    card_valid_until = forms.DateField(label=gettext_lazy("新的有效期至"), required=False, widget=DATE)
    card_number = forms.CharField(
        label=gettext_lazy("新证卡编号"), max_length=40, required=False, help_text=gettext_lazy("不换证卡则留空")
    )


class ReasonForm(NamedForm):
    id_prefix = "reason"

    reason = forms.CharField(label=gettext_lazy("原因"), max_length=200)


class QualificationForm(NamedForm):
    id_prefix = "qual"

    occupation = forms.CharField(
        label=gettext_lazy("职业编码"),
        max_length=10,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("例如 6-18-02-04")}),
    )
    level = forms.TypedChoiceField(label=gettext_lazy("最高可考评等级"), choices=Level.choices, coerce=int)
    granted_on = forms.DateField(label=gettext_lazy("取得日期"), required=False, widget=DATE)


class TrainingForm(NamedForm):
    id_prefix = "training"

    role = forms.ChoiceField(label=gettext_lazy("培训类别"), choices=StaffRole.choices)
    course = forms.CharField(label=gettext_lazy("培训课程"), max_length=200)
    hours = forms.DecimalField(label=gettext_lazy("学时"), max_digits=5, decimal_places=1, min_value=0.5)
    result = forms.ChoiceField(label=gettext_lazy("培训结果"), choices=TrainingResult.choices)
    completed_on = forms.DateField(label=gettext_lazy("结业日期"), widget=DATE)


class RelationForm(NamedForm):
    id_prefix = "relation"

    kind = forms.ChoiceField(label=gettext_lazy("关系"), choices=RelationKind.choices)
    other_name = forms.CharField(label=gettext_lazy("关系人姓名"), max_length=50)
    other_id_number = forms.CharField(label=gettext_lazy("关系人身份证号码"), max_length=30)
    note = forms.CharField(label=gettext_lazy("说明"), max_length=200, required=False)


class ViolationForm(NamedForm):
    id_prefix = "violation"

    occurred_on = forms.DateField(label=gettext_lazy("发生日期"), widget=DATE)
    description = forms.CharField(label=gettext_lazy("违规违纪情况"), widget=forms.Textarea(attrs={"rows": 3}))
    institution = forms.ModelChoiceField(
        label=gettext_lazy("发生机构"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=gettext_lazy("（不涉及具体机构）"),
    )
    session_ref = forms.CharField(label=gettext_lazy("场次"), max_length=100, required=False)

    def __init__(self, *args: Any, institutions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions if institutions is not None else Organisation.objects.none()  # type: ignore[attr-defined]


class SanctionForm(NamedForm):
    id_prefix = "sanction"

    kind = forms.ChoiceField(label=gettext_lazy("处分"), choices=SanctionKind.choices)
    starts_on = forms.DateField(label=gettext_lazy("起始日期"), widget=DATE, initial=timezone.localdate)
    ends_on = forms.DateField(
        label=gettext_lazy("截止日期"), required=False, widget=DATE, help_text=gettext_lazy("暂停资格须填写")
    )
    document_number = forms.CharField(label=gettext_lazy("处理文号"), max_length=100, required=False)
    reason = forms.CharField(label=gettext_lazy("处理依据"), widget=forms.Textarea(attrs={"rows": 2}))


class ReferForm(NamedForm):
    id_prefix = "refer"

    referred_to = forms.CharField(label=gettext_lazy("移交机关"), max_length=200)
    referred_on = forms.DateField(label=gettext_lazy("移交日期"), required=False, widget=DATE)
    note = forms.CharField(label=gettext_lazy("移交说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LoginForm(NamedForm):
    id_prefix = "login"

    username = forms.CharField(label=gettext_lazy("用户名"), max_length=150)
    password = forms.CharField(
        label=gettext_lazy("初始密码"), strip=False, widget=forms.PasswordInput(render_value=False)
    )


class EligibilityForm(NamedForm):
    id_prefix = "check"

    role = forms.ChoiceField(label=gettext_lazy("人员类别"), choices=StaffRole.choices)
    occupation = forms.CharField(label=gettext_lazy("职业编码"), max_length=10, required=False)
    level = forms.TypedChoiceField(
        label=gettext_lazy("等级"),
        choices=[("", gettext_lazy("不限")), *Level.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    on = forms.DateField(label=gettext_lazy("日期"), required=False, widget=DATE)


class DrawForm(NamedForm):
    institution = forms.ModelChoiceField(
        label=gettext_lazy("被督导机构"),
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("请选择评价机构"),
    )
    on = forms.DateField(label=gettext_lazy("日期"), widget=DATE)
    role = forms.ChoiceField(
        label=gettext_lazy("人员类别"), choices=[(r.value, r.label) for r in StaffRole if r in DISPATCHED_ROLES]
    )
    n = forms.IntegerField(label=gettext_lazy("抽取人数"), min_value=1, max_value=50, initial=2)
    occupation = forms.CharField(
        label=gettext_lazy("职业编码"),
        max_length=10,
        required=False,
        help_text=gettext_lazy("填写则只抽取具备该职业资格的人员"),
    )
    level = forms.TypedChoiceField(
        label=gettext_lazy("等级"),
        choices=[("", gettext_lazy("不限")), *Level.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    session_ref = forms.CharField(label=gettext_lazy("场次"), max_length=100, required=False)
    seed = forms.CharField(
        label=gettext_lazy("随机种子"), max_length=64, required=False, help_text=gettext_lazy("留空由平台生成并记录")
    )
    region_wide = forms.BooleanField(
        label=gettext_lazy("全区范围抽取"), required=False, help_text=gettext_lazy("默认只从机构所在盟市的人员中抽取")
    )
    candidate_ids = forms.CharField(
        label=gettext_lazy("回避核查的考生身份证号码"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": gettext_lazy("每行一个；用于核查申报关系")}),
    )

    def __init__(self, *args: Any, institutions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions if institutions is not None else Organisation.objects.none()  # type: ignore[attr-defined]

    def clean_candidate_ids(self) -> list[str]:
        raw = self.cleaned_data.get("candidate_ids") or ""
        return [line.strip() for line in raw.replace(",", "\n").splitlines() if line.strip()]


class TargetForm(NamedForm):
    jurisdiction = forms.ModelChoiceField(
        label=gettext_lazy("辖区"),
        queryset=Jurisdiction.objects.none(),
        to_field_name="code",
        empty_label=gettext_lazy("请选择辖区"),
    )
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2020, max_value=2100)
    group = forms.ChoiceField(label=gettext_lazy("人员类别"), choices=StaffGroup.choices)
    headcount = forms.IntegerField(label=gettext_lazy("目标人数"), min_value=0)
    trained = forms.IntegerField(label=gettext_lazy("目标培训人数"), min_value=0)
    note = forms.CharField(label=gettext_lazy("说明"), max_length=200, required=False)

    def __init__(self, *args: Any, jurisdictions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["jurisdiction"]
        field.queryset = jurisdictions if jurisdictions is not None else Jurisdiction.objects.none()
        if not self.is_bound and field.queryset.count() == 1:
            self.initial.setdefault("jurisdiction", field.queryset.get())


class ImportForm(NamedForm):
    file = forms.FileField(label=gettext_lazy("Excel 或 CSV 文件"))
