"""Forms of the login and account-security pages; they validate input, services do the writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.lockout import generic_failure_message, lock_message
from skillcert.accounts.models import User
from skillcert.accounts.selectors import login_locked_until
from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy


def apply_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's DomainError on the form fields it names."""
    for field, messages in exc.errors.items():
        form.add_error(field if field in form.fields else None, messages)


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True, "placeholder": "请输入用户名"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "placeholder": "请输入密码"}),
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
                "placeholder": "6位数字",
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
        widget=forms.TextInput(attrs={"placeholder": "例如：考务系统数据同步"}),
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
