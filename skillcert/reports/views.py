"""Pages of the reports app: the status board, a summary with its workflow, the region roll-up (R-REP-1)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skillcert.core.bounds import year_param
from skillcert.core.errors import DomainError
from skillcert.core.forms import attempt_with_message
from skillcert.core.listing import export_format, export_or_none, exports
from skillcert.core.pdf import pdf_response
from skillcert.core.replica import reads_from_replica
from skillcert.core.scoping import get_visible_or_404
from skillcert.reports import exports as exports_
from skillcert.reports import selectors, services
from skillcert.reports.choices import EDITABLE
from skillcert.reports.models import AnnualSummary


def _year(request: HttpRequest) -> int:
    try:
        year = year_param(request.GET.get("year"), default=timezone.localdate().year)
    except DomainError:
        year = None
    return year or timezone.localdate().year


def _office(request: HttpRequest) -> Any:
    user: Any = request.user
    if not (user.is_superuser or user.organisation.scope_level in ("region", "league")):
        raise Http404
    return user


@login_required
@exports(exports_.BOARD)
def board(request: HttpRequest) -> HttpResponseBase:
    user = _office(request)
    year = _year(request)
    if (response := export_or_none(request, exports_.BOARD, selectors.status_board(user, year))) is not None:
        return response
    return render(
        request,
        "reports/board.html",
        {
            "year": year,
            "rows": selectors.status_board(user, year),
            "summaries": selectors.summaries_visible_to(user)[:200],
            "is_region": user.is_superuser or user.organisation.scope_level == "region",
        },
    )


@login_required
@require_POST
def open_summary(request: HttpRequest) -> HttpResponseBase:
    user = _office(request)
    try:
        year = year_param(request.POST.get("year")) or 0
    except DomainError:
        year = 0
    holder: dict[str, AnnualSummary] = {}

    def run() -> None:
        holder["s"] = services.open_summary(actor=user, year=year)

    if attempt_with_message(request, run, gettext("年度总结已建立，统计数据已汇总")):
        return redirect("reports:detail", holder["s"].pk)
    return redirect("reports:board")


@login_required
@reads_from_replica
def detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _office(request)
    summary = get_visible_or_404(AnnualSummary.objects.select_related("league"), user, pk=pk)
    fmt = export_format(request)
    if fmt is not None:
        name = gettext("%(league)s%(year)s年度工作总结") % {"league": summary.league.name, "year": summary.year}
        if fmt == "pdf":
            return pdf_response(exports_.summary_pdf(summary), f"{name}.pdf", inline=False)
        return _xlsx(exports_.summary_xlsx(summary), name)
    org = user.organisation
    may_write = not user.is_superuser and org.scope_level == "league" and org.jurisdiction_id == summary.league_id
    return render(
        request,
        "reports/detail.html",
        {
            "summary": summary,
            "returns": summary.returns.select_related("returned_by"),
            "may_edit": may_write and summary.status in EDITABLE,
            "may_review": (user.is_superuser or org.scope_level == "region") and summary.status == "submitted",
            "tables": exports_.tables(summary.statistics),
            "statistics": summary.statistics,
            "narrative": [(name, title, getattr(summary, name)) for name, title in exports_.NARRATIVE],
        },
    )


@login_required
@require_POST
def act(request: HttpRequest, pk: int, what: str) -> HttpResponseBase:
    user = _office(request)
    summary = get_visible_or_404(AnnualSummary.objects.all(), user, pk=pk)
    if what == "save":
        texts = {name: request.POST.get(name, "") for name, _title in exports_.NARRATIVE}
        attempt_with_message(
            request, lambda: services.save_narrative(actor=user, summary=summary, **texts), gettext("已保存")
        )
    elif what == "refresh":
        attempt_with_message(
            request, lambda: services.refresh_statistics(actor=user, summary=summary), gettext("统计数据已重新汇总")
        )
    elif what == "submit":
        attempt_with_message(
            request, lambda: services.submit_summary(actor=user, summary=summary), gettext("已报送自治区就业服务中心")
        )
    elif what == "return":
        comments = request.POST.get("comments", "")
        attempt_with_message(
            request,
            lambda: services.return_summary(actor=user, summary=summary, comments=comments),
            gettext("已退回修改"),
        )
    elif what == "accept":
        attempt_with_message(request, lambda: services.accept_summary(actor=user, summary=summary), gettext("已接收"))
    else:
        raise Http404
    return redirect("reports:detail", summary.pk)


def _xlsx(data: bytes, name: str) -> HttpResponse:
    from urllib.parse import quote

    from skillcert.core.excel import XLSX_TYPE

    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.xlsx"
    return response


@login_required
def rollup(request: HttpRequest) -> HttpResponseBase:
    user = _office(request)
    if not (user.is_superuser or user.organisation.scope_level == "region"):
        raise Http404
    year = _year(request)
    statistics = selectors.region_rollup(user, year)
    fmt = export_format(request)
    name = gettext("%(year)s年度全区汇总") % {"year": year}
    if fmt == "pdf":
        return pdf_response(exports_.rollup_pdf(statistics, selectors.status_board(user, year)), f"{name}.pdf")
    if fmt == "xlsx":
        return _xlsx(exports_.statistics_xlsx(statistics), name)
    return render(
        request,
        "reports/rollup.html",
        {"year": year, "statistics": statistics, "tables": exports_.tables(statistics)},
    )
