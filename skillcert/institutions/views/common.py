"""Helpers the institution pages share: who may edit, the institution in scope, simple forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.catalog.choices import level_label
from skillcert.core.errors import DomainError
from skillcert.core.forms import apply_domain_error
from skillcert.core.scoping import get_visible_or_404
from skillcert.institutions import selectors
from skillcert.institutions.models import (
    Fee,
    Institution,
    RuleDocument,
)
from skillcert.institutions.services.access import may_act_for_institution


def local_time(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def scope_summary(institution: Institution) -> str:
    """Occupations of the current scope, e.g. "电工（五级至三级）"; branches print their parent's."""
    versions = getattr(institution, "open_versions", None)
    if institution.parent_id is not None:
        return gettext("同上级机构备案范围")
    if not versions:
        return ""
    grouped: dict[str, list[int]] = {}
    for item in versions[0].items.all():
        key = item.occupation.name + (f"/{item.work_type.name}" if item.work_type else "")
        grouped.setdefault(key, []).append(item.level)
    return "；".join(
        f"{k}（{'、'.join(level_label(v).split('/')[0] for v in sorted(lv, reverse=True))}）"
        for k, lv in grouped.items()
    )


def rule_document_response(request: HttpRequest, document: RuleDocument) -> HttpResponseBase:
    if document.file and request.GET.get("download") == "1":
        response = FileResponse(document.file.open("rb"), content_type=document.content_type)
        response["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote_filename(document.original_name)
        return response
    return render(request, "institutions/rule_document.html", {"document": document})


def quote_filename(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def institution_or_404(request: HttpRequest, pk: int) -> Institution:
    return get_visible_or_404(selectors.institution_detail_queryset(request.user), request.user, pk=pk)


def require_own(request: HttpRequest, institution: Institution) -> None:
    if not may_act_for_institution(request.user, institution):
        raise PermissionDenied(gettext("只有本机构人员可以办理此事项"))


def simple_form(
    request: HttpRequest,
    institution: Institution,
    form: Any,
    *,
    title: str,
    submit: str,
    action: Callable[[dict[str, Any]], Any],
    success: Callable[[Any], str],
    template: str = "institutions/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, success(result))
            return redirect("institutions:detail", pk=institution.pk)
    context = {"form": form, "institution": institution, "title": title, "submit": submit, **(extra or {})}
    return render(request, template, context, status=400 if form.errors else 200)


def flagged(fee: Fee, band: Any) -> bool:
    if fee.deviation_percent is None:
        return bool(fee.total_amount > 0)
    return bool(abs(fee.deviation_percent) > band)
