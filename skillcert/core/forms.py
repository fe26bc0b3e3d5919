"""Form pieces every app's pages share (R-X-4): a service's error on the fields it names, and
required-field messages that name the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.core.errors import DomainError, NotFoundError

__all__ = [
    "EMPTY_CHOICE",
    "NamedForm",
    "NamedModelForm",
    "apply_domain_error",
    "attempt",
    "attempt_with_message",
    "free_text",
    "name_required_fields",
]

EMPTY_CHOICE = ("", gettext_lazy("（请选择）"))
"""The blank option of a select, instead of Django's "---------"."""


def attempt(form: forms.BaseForm, action: Callable[[], Any]) -> Any:
    """Run a page's service call: its result (True when it returns nothing), or None with the DomainError
    shown on the form; a record the service cannot find for this user is the page's 404."""
    try:
        return action() or True
    except DomainError as exc:
        apply_domain_error(form, exc)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    return None


def free_text(
    label: Any, *, textarea: bool = True, rows: int = 4, required: bool = True, help_text: Any = ""
) -> forms.CharField:
    """A text field the service checks: no max_length and no stripping here, so an over-long or blank text is
    refused once, by `core.validation.clean_text`, with the message naming the field."""
    widget = forms.Textarea(attrs={"rows": rows}) if textarea else forms.TextInput
    return forms.CharField(label=label, required=required, widget=widget, strip=False, help_text=help_text)


def attempt_with_message(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    """Run a page's service call for a button without a form: `done` as a success message, or the refusal
    (a DomainError, or a wrong role) as an error message; True when it went through."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("没有权限执行此操作"))
        return False
    messages.success(request, done)
    return True


def apply_domain_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Show a service's DomainError on the fields it names, the rest above the form."""
    if not hasattr(form, "cleaned_data"):
        form.is_valid()  # builds the error list; an unbound form has no cleaned data either
        if not hasattr(form, "cleaned_data"):
            form.cleaned_data = {}
    for field, field_messages in exc.errors.items():
        form.add_error(field if field in form.fields else None, field_messages)


def name_required_fields(form: forms.BaseForm) -> None:
    """Every field's "required" message names it, and selects show a Chinese blank option."""
    for field in form.fields.values():
        field.error_messages["required"] = _("%(label)s：不能为空") % {"label": field.label}
        field.error_messages.setdefault("invalid", _("%(label)s：格式不正确") % {"label": field.label})
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = _("%(label)s：应为日期，例如 2026-03-31") % {"label": field.label}
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = EMPTY_CHOICE[1]
        elif isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not isinstance(
            field, forms.MultipleChoiceField
        ):
            choices = list(field.choices)  # type: ignore[arg-type]
            field.choices = [EMPTY_CHOICE if choice[0] == "" else choice for choice in choices]


class NamedForm(forms.Form):
    """A form whose messages name the field (R-X-4).

    `id_prefix` keeps element ids unique on pages with several forms (ids are `<prefix>_<field>`).
    """

    id_prefix = "id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
        name_required_fields(self)


class NamedModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form whose required-field messages name the field (R-X-4)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_required_fields(self)
