"""Bank management pages: banks, items with versions and review, blueprints and assembly (R-BANK-1, R-BANK-3)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.core.errors import DomainError
from skillcert.core.excel import xlsx_response
from skillcert.core.policy import get_policy
from skillcert.core.scoping import visible_or_404
from skillcert.itembank.api.filtersets import ItemFilterSet
from skillcert.itembank.choices import Difficulty, Importance, ItemType
from skillcert.itembank.models import Blueprint
from skillcert.itembank.selectors import (
    assemblies_visible_to,
    banks_visible_to,
    blueprints_visible_to,
    items_visible_to,
    knowledge_points_visible_to,
    stale_banks,
)
from skillcert.itembank.services import assembly as assembly_services
from skillcert.itembank.services import items as item_services
from skillcert.itembank.services import transfer


def _errors(exc: DomainError) -> list[str]:
    return [m for messages_ in exc.errors.values() for m in messages_] or [exc.message]


@login_required
def bank_list(request: HttpRequest) -> HttpResponse:
    banks = banks_visible_to(request.user).order_by("institution__filed_name", "name")
    stale = set(stale_banks(banks).values_list("pk", flat=True))
    return render(
        request,
        "itembank/bank_list.html",
        {"banks": banks, "stale": stale, "months": get_policy("itembank.stale_after_months")},
    )


def _lines_to_options(text: str) -> list[dict[str, str]]:
    options: list[dict[str, str]] = []
    for i, line in enumerate(x.strip() for x in (text or "").splitlines()):
        if line:
            options.append({"key": chr(ord("A") + len(options)), "text": line})
        del i
    return options


@login_required
def bank_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    bank = visible_or_404(banks_visible_to(request.user), pk)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = request.POST.get("form")
        try:
            if form == "point":
                item_services.save_knowledge_point(
                    actor=request.user,  # type: ignore[arg-type]
                    bank=bank,
                    code=request.POST.get("code", ""),
                    title=request.POST.get("title", ""),
                    weight=request.POST.get("weight") or 0,
                    importance=request.POST.get("importance", Importance.CORE),
                )
                messages.success(request, _("鉴定要素已保存"))
            elif form == "item":
                point = (
                    knowledge_points_visible_to(request.user)
                    .filter(bank=bank, pk=request.POST.get("knowledge_point") or 0)
                    .first()
                )
                item = item_services.create_item(
                    actor=request.user,  # type: ignore[arg-type]
                    bank=bank,
                    type=request.POST.get("type", ""),
                    knowledge_point=point,
                    stem=request.POST.get("stem", ""),
                    options=_lines_to_options(request.POST.get("options", "")),
                    answer=[
                        a.strip() for a in request.POST.get("answer", "").replace("，", ",").split(",") if a.strip()
                    ],
                    points=request.POST.get("points") or 1,
                    difficulty=request.POST.get("difficulty") or 3,
                )
                messages.success(request, _("试题 %(code)s 已保存为草稿") % {"code": item.code})
                return redirect("itembank:item", pk=item.pk)
            return redirect("itembank:bank", pk=bank.pk)
        except DomainError as exc:
            errors, status = _errors(exc), 400
        except PermissionDenied as exc:
            errors, status = [str(exc)], 403
    filterset = ItemFilterSet(request.GET or None, queryset=items_visible_to(request.user).filter(bank=bank))
    items = filterset.qs if filterset.is_bound else items_visible_to(request.user).filter(bank=bank)
    context: dict[str, Any] = {
        "bank": bank,
        "points": knowledge_points_visible_to(request.user).filter(bank=bank),
        "filterset": filterset,
        "items": items[:200],
        "item_count": items.count(),
        "blueprints": blueprints_visible_to(request.user).filter(bank=bank),
        "assemblies": assemblies_visible_to(request.user).filter(bank=bank)[:20],
        "types": ItemType.choices,
        "difficulties": Difficulty.choices,
        "importances": Importance.choices,
        "errors": errors,
        "post": request.POST if request.method == "POST" else {},
    }
    return render(request, "itembank/bank_detail.html", context, status=status)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = visible_or_404(items_visible_to(request.user), pk)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                item_services.submit_item(actor=request.user, item=item)  # type: ignore[arg-type]
                messages.success(request, _("已提交审核"))
            elif action in ("approve", "reject"):
                item_services.review_item(
                    actor=request.user,  # type: ignore[arg-type]
                    item=item,
                    approve=action == "approve",
                    note=request.POST.get("note", ""),
                )
                messages.success(request, _("审核意见已保存"))
            elif action == "retire":
                item_services.retire_item(actor=request.user, item=item, reason=request.POST.get("reason", ""))  # type: ignore[arg-type]
                messages.success(request, _("试题已停用"))
            return redirect("itembank:item", pk=item.pk)
        except DomainError as exc:
            errors, status = _errors(exc), 400
        except PermissionDenied as exc:
            errors, status = [str(exc)], 403
    versions = item.versions.select_related("knowledge_point", "author", "reviewer").order_by("-number")
    return render(
        request,
        "itembank/item_detail.html",
        {"item": item, "versions": versions, "errors": errors, "stats": item.statistics},
        status=status,
    )


@login_required
def blueprint_new(request: HttpRequest, bank_pk: int) -> HttpResponseBase:
    bank = visible_or_404(banks_visible_to(request.user), bank_pk)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            bp = assembly_services.save_blueprint(
                actor=request.user,  # type: ignore[arg-type]
                bank=bank,
                name=request.POST.get("name", ""),
                total_points=int(request.POST.get("total_points") or 100),
                duration_minutes=int(request.POST.get("duration_minutes") or 90),
                area_points=_json(request.POST.get("area_points"), "area_points", _("各知识领域分值")),
                type_points=_json(request.POST.get("type_points"), "type_points", _("各题型分值")),
                difficulty_mix=_json(request.POST.get("difficulty_mix") or "{}", "difficulty_mix", _("难度结构")),
                difficulty_tolerance=int(request.POST.get("difficulty_tolerance") or 5),
                variants=int(request.POST.get("variants") or 2),
            )
            messages.success(request, _("蓝图已保存"))
            return redirect("itembank:bank", pk=bp.bank_id)
        except DomainError as exc:
            errors, status = _errors(exc), 400
        except (PermissionDenied, ValueError) as exc:
            errors, status = [str(exc)], 403 if isinstance(exc, PermissionDenied) else 400
    return render(
        request, "itembank/blueprint_form.html", {"bank": bank, "errors": errors, "post": request.POST}, status=status
    )


def _json(text: str | None, field: str, label: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "")
    except ValueError as exc:
        raise DomainError(
            _('%(label)s应为 JSON 对象，例如 {"1": 20}') % {"label": label}, field=field, code="json"
        ) from exc
    if not isinstance(value, dict):
        raise DomainError(_('%(label)s应为 JSON 对象，例如 {"1": 20}') % {"label": label}, field=field, code="json")
    return value


@login_required
@require_POST
def assemble(request: HttpRequest, pk: int) -> HttpResponseBase:
    blueprint: Blueprint = visible_or_404(blueprints_visible_to(request.user), pk)
    try:
        assembly = assembly_services.assemble_papers(
            actor=request.user,  # type: ignore[arg-type]
            blueprint=blueprint,
            allow_recent_items=request.POST.get("allow_recent_items") == "1",
            reason=request.POST.get("reason", ""),
        )
        messages.success(
            request,
            _("已组成 %(n)s 套平行试卷并密封；套间重复题数：%(o)s")
            % {"n": blueprint.variants, "o": assembly.report["overlap"] or "—"},
        )
    except DomainError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("itembank:bank", pk=blueprint.bank_id)


@login_required
def items_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    bank = visible_or_404(banks_visible_to(request.user), pk)
    return xlsx_response(
        gettext("%(name)s-试题.xlsx") % {"name": bank.name},
        transfer.HEADERS,
        transfer.export_rows(bank),
        title=gettext("试题"),
    )


@login_required
def qti_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    bank = visible_or_404(banks_visible_to(request.user), pk)
    response = HttpResponse(transfer.export_qti(bank), content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(bank.name)}-qti3.zip"
    return response


@login_required
@require_POST
def items_import(request: HttpRequest, pk: int) -> HttpResponseBase:
    bank = visible_or_404(banks_visible_to(request.user), pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise DomainError(_("请选择要导入的文件"), field="file", code="required")
        name = upload.name or ""
        if name.lower().endswith((".zip", ".xml")):
            count = transfer.import_qti(actor=request.user, bank=bank, upload=upload)  # type: ignore[arg-type]
        else:
            count = transfer.import_items(actor=request.user, bank=bank, upload=upload, filename=name)  # type: ignore[arg-type]
        messages.success(request, _("已导入 %(n)s 道试题（草稿，待审核）") % {"n": count})
    except DomainError as exc:
        for message in _errors(exc)[:50]:
            messages.error(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("itembank:bank", pk=bank.pk)
