"""Forms of the login, account-security and account-management pages; they validate input,
services do the writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import get_default_password_validators, password_validators_help_texts
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.lockout import generic_failure_message, lock_message
from skillcert.accounts.models import Organisation, User
from skillcert.accounts.selectors import login_locked_until, organisations_for_new_users
from skillcert.core.policy import get_policy


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True, "placeholder": _("请输入用户名")}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "placeholder": _("请输入密码")}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("请输入%(label)s") % {"label": field.label}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username, password = data.get("username"), data.get("password")
        if username and password is not None:
            user = authenticate(self.request, username=username, password=password)
            if user is None:
                until = login_locked_until(username)
                if until is not None:
                    raise forms.ValidationError(lock_message(until), code="locked")
                raise forms.ValidationError(generic_failure_message(), code="invalid_login")
            self.user = user  # type: ignore[assignment]
        return data


class TotpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("动态口令"),
        max_length=12,
        error_messages={"required": _("请输入验证器上显示的6位动态口令")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"[0-9 ]*",
                "placeholder": _("6位数字"),
                "autofocus": True,
                "class": "otp-input",
            }
        ),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_confirm = forms.CharField(
        label=_("确认新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("请输入%(label)s") % {"label": field.label}

    @staticmethod
    def help_texts() -> list[str]:
        days = int(get_policy("password.max_age_days"))
        return [*password_validators_help_texts(), str(_("密码每 %(d)d 天须修改一次。") % {"d": days})]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new, confirm = data.get("new_password"), data.get("new_password_confirm")
        if new and confirm and new != confirm:
            self.add_error("new_password_confirm", _("确认新密码：两次输入的新密码不一致"))
        return data


class ApiTokenForm(forms.Form):
    """Name and lifetime of a new key; the range is the service's rule (api_token.max_days)."""

    name = forms.CharField(
        label=_("令牌名称"),
        max_length=100,
        error_messages={"required": _("请输入令牌名称"), "max_length": _("令牌名称不能超过 100 个字符")},
        widget=forms.TextInput(attrs={"placeholder": _("例如：考务系统数据同步")}),
    )
    days = forms.IntegerField(
        label=_("有效期（天）"),
        error_messages={"required": _("请输入有效期天数"), "invalid": _("有效期须为整数天数")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        max_days = int(get_policy("api_token.max_days"))
        days = self.fields["days"]
        days.initial = min(90, max_days)
        days.widget.attrs.update({"min": "1", "max": str(max_days)})
        days.help_text = _("1 到 %(d)d 天") % {"d": max_days}


# --- account management (R-ORG-2) ----------------------------------------------------------------


def _chinese_required(form: forms.Form) -> None:
    for field in form.fields.values():
        field.error_messages["required"] = _("%(label)s：不能为空") % {"label": field.label}


def role_choices(actor: User, *, organisations: list[Organisation], current: frozenset[str] = frozenset()) -> list:
    """Roles the page offers: 考生 only where the organisation is the individuals' pool, and
    系统管理员 only to administrators (or already held). The service checks again."""
    kinds = {o.kind for o in organisations}
    is_admin = actor.is_superuser or actor.has_role(Role.ADMIN)
    choices = []
    for value, label in Role.choices:
        if value == Role.CANDIDATE and OrgKind.INDIVIDUAL not in kinds:
            continue
        if value != Role.CANDIDATE and kinds == {OrgKind.INDIVIDUAL}:
            continue
        if value == Role.ADMIN and not is_admin and value not in current:
            continue
        choices.append((value, label))
    return choices


class MobileField(forms.CharField):
    """An optional mainland mobile number; the service validates and normalises it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("手机号码"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("error_messages", {"max_length": _("手机号码：不能超过 20 个字符")})
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off", "placeholder": gettext("11位手机号码")}),
        )
        super().__init__(**kwargs)


class UserCreateForm(forms.Form):
    """Open an account in an organisation the actor manages (the service validates the rules)."""

    organisation = forms.ModelChoiceField(
        label=_("所属机构"),
        queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": _("所属机构：请选择您可以管理的机构")},
    )
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("3–150 个字符：英文字母、数字和 _ . @ + -"),
        error_messages={"max_length": _("用户名：不能超过 150 个字符")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    full_name = forms.CharField(
        label=_("姓名"), max_length=50, error_messages={"max_length": _("姓名：不能超过 50 个字")}
    )
    email = forms.CharField(label=_("电子邮件地址"), required=False, max_length=254)
    mobile = MobileField()
    roles = forms.MultipleChoiceField(label=_("角色"), widget=forms.CheckboxSelectMultiple)
    password_mode = forms.ChoiceField(
        label=_("初始密码"),
        choices=[("generate", _("自动生成（创建后显示一次）")), ("typed", _("手工输入"))],
        initial="generate",
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("手工输入的初始密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, actor: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = str(_("仅在选择“手工输入”时填写。")) + " ".join(
            str(v.get_help_text()) for v in get_default_password_validators()[:1]
        )
        organisations = organisations_for_new_users(actor)
        org_field: forms.ModelChoiceField = self.fields["organisation"]  # type: ignore[assignment]
        org_field.queryset = organisations
        listed = list(organisations)
        if len(listed) == 1:
            org_field.initial = listed[0].pk
        roles_field: forms.MultipleChoiceField = self.fields["roles"]  # type: ignore[assignment]
        roles_field.choices = role_choices(actor, organisations=listed)
        _chinese_required(self)
        self.fields["organisation"].error_messages["required"] = _("所属机构：请选择机构")
        self.fields["roles"].error_messages.update(
            required=_("角色：至少选择一个角色"), invalid_choice=_("角色：“%(value)s”不是可选的角色")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password_mode") == "typed" and not data.get("password"):
            self.add_error("password", _("密码：选择手工输入时请填写初始密码"))
        return data


class UserRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label=_("角色"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, actor: User, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.MultipleChoiceField = self.fields["roles"]  # type: ignore[assignment]
        field.choices = role_choices(actor, organisations=[user.organisation], current=user.role_codes)
        field.initial = sorted(user.role_codes)
        field.error_messages.update(
            required=_("角色：至少选择一个角色"), invalid_choice=_("角色：“%(value)s”不是可选的角色")
        )


class ContactForm(forms.Form):
    mobile = MobileField(help_text=_("留空表示不登记手机号码"))


class RevealForm(forms.Form):
    """Why the full number is needed; written into the audit event (R-X-3)."""

    reason = forms.CharField(label=_("查看原因"), required=False, max_length=200)
