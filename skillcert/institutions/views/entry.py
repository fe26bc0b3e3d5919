"""Pages of the entry stages (2024 办法 art. 3): calls for applications, 遴选 and 评估 decisions,
publication on the register. The applicant sees the stages on its status page."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.accounts.types import AuthedRequest
from skillcert.catalog.models import Occupation
from skillcert.core.errors import DomainError
from skillcert.core.listing import Column, ListExport, export_or_none, exports, paginate
from skillcert.core.scoping import get_visible_or_404
from skillcert.institutions import selectors, services
from skillcert.institutions.choices import InstitutionType
from skillcert.institutions.models import FilingApplication, SelectionCall
from skillcert.institutions.services.access import may_act_as_authority


def _date(raw: str, label: str, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise DomainError(_("%(label)s：请填写有效日期（年-月-日）") % {"label": label}, field=field) from None


CALLS = ListExport(
    gettext_lazy("评价机构征集公告"),
    [
        Column(gettext_lazy("编号"), lambda c: c.reference),
        Column(gettext_lazy("标题"), lambda c: c.title),
        Column(gettext_lazy("征集机关"), lambda c: c.authority.name),
        Column(gettext_lazy("征集开始日期"), lambda c: c.opens_on),
        Column(gettext_lazy("征集截止日期"), lambda c: c.closes_on),
        Column(gettext_lazy("机构类型"), lambda c: "、".join(map(str, c.institution_types)) or _("不限")),
        Column(gettext_lazy("职业"), lambda c: "、".join(o.name for o in c.occupations.all()) or _("不限")),
    ],
)


@login_required
@exports(CALLS)
def calls(request: AuthedRequest) -> HttpResponseBase:
    """征集: the authority's calls for applications, and a form to publish one."""
    user = request.user
    if not user.is_superuser and user.organisation.scope_level not in {"region", "league"}:  # type: ignore[union-attr]
        raise Http404(_("未找到该页面"))
    error = ""
    if request.method == "POST":
        if not may_act_as_authority(user):
            raise PermissionDenied(_("征集公告由盟市人社局或自治区人社部门发布"))
        try:
            call = services.open_selection_call(
                actor=user,  # type: ignore[arg-type]
                authority=user.organisation,  # type: ignore[union-attr]
                title=request.POST.get("title", ""),
                description=request.POST.get("description", ""),
                opens_on=_date(request.POST.get("opens_on", ""), _("征集开始日期"), "opens_on"),
                closes_on=_date(request.POST.get("closes_on", ""), _("征集截止日期"), "closes_on"),
                institution_types=request.POST.getlist("institution_types"),
                occupations=Occupation.objects.filter(
                    pk__in=[v for v in request.POST.getlist("occupations") if v.isdigit()]
                ),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("已发布征集公告 %(reference)s") % {"reference": call.reference})
            return redirect("institutions:calls")
    rows = selectors.calls_visible_to(user)
    if (response := export_or_none(request, CALLS, rows)) is not None:
        return response
    context = {
        "page": paginate(request, rows),
        "may_open": may_act_as_authority(user),
        "types": InstitutionType.choices,
        "occupations": Occupation.objects.filter(is_active=True).order_by("code")[:500],
        "error": error,
    }
    return render(request, "institutions/calls.html", context, status=400 if error else 200)


def public_calls(request: HttpRequest) -> HttpResponse:
    """The calls open today, for anyone (R-PUB-1)."""
    return render(request, "institutions/public_calls.html", {"calls": selectors.public_calls()})


@login_required
@require_POST
def application_stage(request: AuthedRequest, pk: int) -> HttpResponse:
    """遴选 or 评估 decided on the application page by the competent authority."""
    application = get_visible_or_404(FilingApplication.objects.all(), request.user, pk=pk)
    stage = request.POST.get("stage")
    passed = request.POST.get("passed") == "1"
    try:
        if stage == "selection":
            raw = request.POST.get("call") or ""
            call = (
                SelectionCall.objects.filter(pk=int(raw), authority_id=application.competent_authority_id).first()
                if raw.isdigit() and len(raw) < 18
                else None
            )
            if call is None:
                raise DomainError(_("征集公告：请选择本机关发布的征集公告"), field="call")
            services.record_selection(
                actor=request.user,  # type: ignore[arg-type]
                application=application,
                call=call,
                passed=passed,
                criteria=request.POST.get("criteria", ""),
                findings=request.POST.get("findings", ""),
            )
        elif stage == "assessment":
            services.record_assessment(
                actor=request.user,  # type: ignore[arg-type]
                application=application,
                passed=passed,
                findings=request.POST.get("findings", ""),
            )
        else:
            raise DomainError(_("环节：只能记录遴选或评估"), field="stage")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("已记录%(stage)s结果") % {"stage": _("遴选") if stage == "selection" else _("评估")}
        )
    return redirect("institutions:application_detail", pk=pk)


@login_required
@require_POST
def publish(request: AuthedRequest, pk: int) -> HttpResponse:
    """公布: the filing authority puts a filed institution on the public register."""
    institution = get_visible_or_404(selectors.institution_detail_queryset(request.user), request.user, pk=pk)
    try:
        services.publish_institution(actor=request.user, institution=institution)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已在评价机构名录公布"))
    return redirect("institutions:detail", pk=pk)
