"""Forms of the institution pages: they parse input; the services validate the domain rules and write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import JurisdictionLevel
from skillcert.accounts.models import Jurisdiction
from skillcert.catalog.choices import Level
from skillcert.catalog.models import Occupation
from skillcert.institutions.choices import CostItem, InstitutionStatus, InstitutionType, RoomKind, RuleDocumentKind
from skillcert.institutions.models import Venue
from skillcert.institutions.services import ScopeEntry

SCOPE_ROWS = 6


def _required(field: forms.Field) -> forms.Field:
    field.error_messages["required"] = _("%(label)s：不能为空") % {"label": field.label}
    return field


def area_choices() -> list[tuple[str, str]]:
    rows = Jurisdiction.objects.order_by("-level", "sort_order").values_list("code", "name", "level")
    return [
        (code, gettext("%(name)s（全区）") % {"name": name} if level == JurisdictionLevel.REGION else name)
        for code, name, level in rows
    ]


def league_choices() -> list[tuple[str, str]]:
    return list(
        Jurisdiction.objects.filter(level=JurisdictionLevel.LEAGUE).order_by("sort_order").values_list("code", "name")
    )


def scope_target_choices() -> list[tuple[str, str]]:
    """Occupations of the current catalogue, each whole and per 工种: "occ" or "occ:worktype"."""
    choices: list[tuple[str, str]] = [("", gettext("—— 选择职业（工种）——"))]
    for occ in Occupation.objects.filter(is_active=True).prefetch_related("work_types").order_by("code"):
        work_types = list(occ.work_types.all())
        label = f"{occ.code} {occ.name}"
        choices.append((str(occ.pk), gettext("%(label)s（全部工种）") % {"label": label} if work_types else label))
        choices.extend((f"{occ.pk}:{wt.pk}", f"{label} / {wt.name}") for wt in work_types)
    return choices


def parse_target(value: str) -> tuple[int, int | None]:
    occupation, _, work_type = value.partition(":")
    return int(occupation), (int(work_type) if work_type else None)


class ScopeRowForm(forms.Form):
    target = forms.ChoiceField(label=_("职业（工种）"), required=False)
    levels = forms.TypedMultipleChoiceField(
        label=_("等级"), choices=Level.choices, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, targets: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = (
            targets if targets is not None else scope_target_choices()
        )


def scope_rows(data: Any) -> list[ScopeRowForm]:
    """SCOPE_ROWS rows of (职业（工种）, 等级) for the application forms."""
    targets = scope_target_choices()
    return [ScopeRowForm(data, prefix=f"scope-{i}", targets=targets) for i in range(SCOPE_ROWS)]


def scope_entries(rows: list[ScopeRowForm]) -> list[ScopeEntry]:
    entries = []
    for row in rows:
        if not row.is_valid():
            continue
        target = row.cleaned_data.get("target")
        if target:
            occupation, work_type = parse_target(target)
            entries.append(ScopeEntry(occupation, work_type, row.cleaned_data.get("levels") or []))
    return entries


class ApplicationForm(forms.Form):
    """The public filing application (R-INS-2)."""

    type = _required(
        forms.ChoiceField(label=_("机构类型"), choices=[("", _("—— 请选择 ——")), *InstitutionType.choices])
    )
    filed_name = _required(forms.CharField(label=_("机构名称"), max_length=200, help_text=_("证书上按此名称打印")))
    credit_code = _required(forms.CharField(label=_("统一社会信用代码"), max_length=30))
    responsible_person = _required(forms.CharField(label=_("负责人"), max_length=50))
    address = _required(forms.CharField(label=_("地址"), max_length=300))
    area = _required(forms.ChoiceField(label=_("区域范围")))
    ministry_filed = forms.BooleanField(label=_("已在人社部备案"), required=False)
    ministry_code = forms.CharField(label=_("人社部机构代码"), max_length=4, required=False, initial="0000")
    manager_username = forms.CharField(
        label=_("负责人账号用户名"), max_length=150, required=False, help_text=_("备案通过后用此用户名登录平台")
    )
    manager_full_name = forms.CharField(label=_("负责人账号姓名"), max_length=50, required=False)
    manager_email = forms.EmailField(label=_("负责人账号邮箱"), required=False)
    note = forms.CharField(label=_("申请说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    document_title = _required(
        forms.CharField(label=_("证明材料名称"), max_length=100, initial=_("营业执照（登记证书）"))
    )
    document = _required(forms.FileField(label=_("证明材料文件"), help_text=_("PDF、JPG或PNG")))
    document2_title = forms.CharField(label=_("其他材料名称"), max_length=100, required=False)
    document2 = forms.FileField(label=_("其他材料文件"), required=False)
    items = forms.CharField(required=False, widget=forms.HiddenInput)  # carries the scope errors

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", gettext("—— 请选择 ——")), *area_choices()]


class ChangeApplicationForm(forms.Form):
    items = forms.CharField(required=False, widget=forms.HiddenInput)  # carries the scope errors
    note = forms.CharField(label=_("申请说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    document_title = forms.CharField(label=_("材料名称"), max_length=100, required=False)
    document = forms.FileField(label=_("材料文件"), required=False)


class StatusLookupForm(forms.Form):
    reference = _required(forms.CharField(label=_("申请编号"), max_length=30))
    credit_code = _required(forms.CharField(label=_("统一社会信用代码"), max_length=30))


class AcceptForm(forms.Form):
    filing_number = forms.CharField(label=_("备案编号"), max_length=60, required=False)
    valid_until = forms.DateField(
        label=_("备案有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reasons = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    reasons = _required(forms.CharField(label=_("不予通过理由"), widget=forms.Textarea(attrs={"rows": 3})))


class StatusForm(forms.Form):
    to_status = _required(forms.ChoiceField(label=_("新状态"), choices=InstitutionStatus.choices))
    grounds = _required(forms.CharField(label=_("依据"), widget=forms.Textarea(attrs={"rows": 3})))
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class RuleDocumentForm(forms.Form):
    kind = _required(forms.ChoiceField(label=_("制度类别"), choices=RuleDocumentKind.choices))
    title = _required(forms.CharField(label=_("标题"), max_length=200))
    body = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    file = forms.FileField(label=_("或上传文件"), required=False, help_text=_("PDF或Word（.docx）"))
    publish = forms.BooleanField(label=_("同时向社会公开"), required=False, initial=True)


class CommitmentTextForm(forms.Form):
    title = _required(forms.CharField(label=_("标题"), max_length=200, initial=_("职业技能等级认定工作诚信承诺书")))
    body = _required(forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 14})))


class FeeForm(forms.Form):
    """One fee: the target, then amount and estimated cost for each of the nine cost items (R-INS-5)."""

    target = _required(forms.ChoiceField(label=_("职业（工种）")))
    level = _required(forms.TypedChoiceField(label=_("等级"), choices=Level.choices, coerce=int))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
    publish = forms.BooleanField(label=_("同时向社会公示"), required=False, initial=True)

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = [("", gettext("—— 请选择 ——")), *targets]
        for item in CostItem:
            self.fields[f"amount_{item.value}"] = forms.CharField(
                label=gettext("%(label)s 收费（元）") % {"label": item.label}, initial="0", max_length=20
            )
            self.fields[f"cost_{item.value}"] = forms.CharField(
                label=gettext("%(label)s 测算成本（元）") % {"label": item.label}, initial="0", max_length=20
            )

    def cost_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(str(i.label), self[f"amount_{i.value}"], self[f"cost_{i.value}"]) for i in CostItem]

    def items(self) -> dict[str, tuple[str, str]]:
        # Raw strings: the service refuses non-numeric and negative amounts with the item's name.
        return {
            i.value: (self.data.get(f"amount_{i.value}", ""), self.data.get(f"cost_{i.value}", "")) for i in CostItem
        }


class VenueForm(forms.Form):
    name = _required(forms.CharField(label=_("考点名称"), max_length=200))
    league = _required(forms.ChoiceField(label=_("所在盟市")))
    address = _required(forms.CharField(label=_("详细地址"), max_length=300))
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["league"]).choices = [("", gettext("—— 请选择 ——")), *league_choices()]


class RoomForm(forms.Form):
    name = _required(forms.CharField(label=_("考场名称"), max_length=100))
    kind = _required(forms.ChoiceField(label=_("考场类型"), choices=RoomKind.choices))
    capacity = _required(forms.CharField(label=_("容纳人数"), max_length=10))
    equipment = forms.CharField(label=_("设施设备"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    video_monitoring = forms.BooleanField(label=_("有视频监控"), required=False)


class RosterImportForm(forms.Form):
    file = _required(forms.FileField(label=_("名册文件"), help_text=_(".xlsx 或 .csv")))


class BranchForm(forms.Form):
    filed_name = _required(forms.CharField(label=_("分支机构名称"), max_length=200))
    credit_code = _required(forms.CharField(label=_("统一社会信用代码"), max_length=30))
    responsible_person = _required(forms.CharField(label=_("负责人"), max_length=50))
    address = _required(forms.CharField(label=_("地址"), max_length=300))
    league = _required(forms.ChoiceField(label=_("所在盟市")))
    manager_username = _required(forms.CharField(label=_("负责人账号用户名"), max_length=150))
    manager_full_name = _required(forms.CharField(label=_("负责人账号姓名"), max_length=50))
    manager_email = forms.EmailField(label=_("负责人账号邮箱"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["league"]).choices = [("", gettext("—— 请选择 ——")), *league_choices()]


class BranchFilingForm(forms.Form):
    league = _required(forms.ChoiceField(label=_("报备盟市")))
    venue = _required(forms.ModelChoiceField(label=_("评价场地（考点）"), queryset=Venue.objects.none()))
    responsible_person = _required(forms.CharField(label=_("分支机构负责人"), max_length=50))
    staff = _required(
        forms.CharField(
            label=_("工作人员"),
            widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("每行一人：姓名，岗位")}),
            help_text=_("每行一人，格式“姓名，岗位”"),
        )
    )
    licence_file = _required(forms.FileField(label=_("分支机构营业执照"), help_text=_("PDF、JPG或PNG")))

    def __init__(self, *args: Any, venues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["league"]).choices = [("", gettext("—— 请选择 ——")), *league_choices()]
        self.fields["venue"].queryset = venues  # type: ignore[attr-defined]

    def staff_list(self) -> list[dict[str, str]]:
        people = []
        for line in self.cleaned_data.get("staff", "").splitlines():
            line = line.strip()
            if not line:
                continue
            for sep in ("，", ",", "、", " ", "\t"):
                if sep in line:
                    name, _sep, role = line.partition(sep)
                    break
            else:
                name, role = line, ""
            people.append({"name": name.strip(), "role": role.strip()})
        return people
