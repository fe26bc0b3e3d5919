"""Pages of the supervision app: dashboards with drill-down, the alert inbox and the evidence view
(R-SUP-1, R-SUP-2). The public sees none of it: every page needs a login and an office role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.accounts.models import User
from skillcert.accounts.types import AuthedRequest
from skillcert.core.bounds import id_param, year_param
from skillcert.core.errors import DomainError
from skillcert.core.listing import export_or_none, exports, paginate
from skillcert.core.replica import reads_from_replica
from skillcert.core.scoping import get_visible_or_404
from skillcert.supervision.api.filtersets import AlertFilterSet
from skillcert.supervision.choices import AlertStatus
from skillcert.supervision.exports import ALERTS, DASHBOARD, dashboard_rows
from skillcert.supervision.models import VIEW_ROLES, Alert
from skillcert.supervision.selectors.alerts import alerts_visible_to, may_handle
from skillcert.supervision.selectors.dashboard import dashboard as dashboard_figures
from skillcert.supervision.selectors.dashboard import resolve_scope
from skillcert.supervision.services.alerts import acknowledge_alerts, close_alert


def _office_user(request: AuthedRequest) -> User:
    user = request.user
    if not (user.is_superuser or user.role_codes & VIEW_ROLES):
        raise Http404
    return user


def _int_param(request: HttpRequest, name: str) -> int | None:
    try:
        if name == "year":
            return year_param(request.GET.get(name))
        return id_param(request.GET.get(name), field=name, label=name)
    except DomainError as exc:
        raise Http404 from exc


@login_required
@reads_from_replica
@exports(DASHBOARD)
def dashboard(request: AuthedRequest) -> HttpResponseBase:
    """The region, league or institution view of plans, candidates, pass rates, certificates and alerts (R-SUP-1)."""
    user = _office_user(request)
    try:
        scope = resolve_scope(
            user,
            year=_int_param(request, "year"),
            league=request.GET.get("league") or None,
            institution=_int_param(request, "institution"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("supervision:dashboard")
    figures = dashboard_figures(user, scope)
    if (response := export_or_none(request, DASHBOARD, dashboard_rows(figures))) is not None:
        return response
    context = {
        "figures": figures,
        "scope": scope,
        "years": [scope.year - 1, scope.year, scope.year + 1],
    }
    return render(request, "supervision/dashboard.html", context)


@login_required
@exports(ALERTS)
def inbox(request: AuthedRequest) -> HttpResponseBase:
    """The alert inbox with filters shared with the API, and bulk acknowledgement (R-SUP-2)."""
    user = _office_user(request)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = "live"
    filterset = AlertFilterSet(data, queryset=alerts_visible_to(user))
    if (response := export_or_none(request, ALERTS, filterset.qs)) is not None:
        return response
    page = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "page": page,
        "can_handle": may_handle(user),
    }
    return render(request, "supervision/inbox.html", context)


@login_required
@require_POST
def acknowledge(request: AuthedRequest) -> HttpResponse:
    """Acknowledge the ticked alerts, all or none (R-SUP-2)."""
    user = _office_user(request)
    ids = request.POST.getlist("alerts")
    try:
        done = acknowledge_alerts(
            actor=user, alert_ids=[int(i) for i in ids if i.isdigit()], note=request.POST.get("note", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已确认 %(n)s 条预警") % {"n": len(done)})
    back = request.POST.get("next") or ""
    return redirect(back if back.startswith("/supervision/") else "supervision:inbox")


EVIDENCE_LABELS = {
    "reasons": _("原因"),
    "problems": _("问题"),
    "n": _("评定人数"),
    "passed": _("合格人数"),
    "rate": _("合格率"),
    "peer_n": _("同类机构评定人数"),
    "peer_passed": _("同类机构合格人数"),
    "peer_rate": _("同类机构合格率"),
    "peer_institutions": _("同类机构数"),
    "model": _("检验模型"),
    "rho": _("机构间离散度ρ"),
    "p_value": _("p值"),
    "alpha": _("显著性水平"),
    "expected_interval": _("同类模型95%区间"),
    "shrunk_rate": _("收缩估计合格率"),
    "direction": _("偏离方向"),
    "certificates": _("证书数"),
    "filed_at": _("报送时间"),
    "first_session_on": _("首场考试日期"),
    "lead_working_days": _("提前工作日"),
    "required_working_days": _("应提前工作日"),
    "exam_dates": _("考试日期"),
    "publicity_ends_on": _("公示截止日期"),
    "publicity_reopened": _("公示已重新开启"),
    "first_issued_on": _("最早发证日期"),
    "last_issued_on": _("最晚发证日期"),
    "rule_documents": _("未公开的规章制度"),
    "commitment": _("诚信承诺书"),
    "scope_items_without_fee": _("未公示收费的备案条目数"),
    "amount": _("收费合计"),
    "cost": _("测算成本"),
    "deviation_percent": _("偏离成本（%）"),
    "band_percent": _("允许偏离（%）"),
    "filed_on": _("备案日期"),
    "last_exam_on": _("最近一次考试"),
    "days": _("天数"),
    "oldest_publicity_end": _("最早公示截止日期"),
    "deadline": _("上报期限"),
    "omega": _("ω指数"),
    "index": _("指数"),
}


def _printable(value: object) -> str:
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if value is None:
        return "—"
    return str(value)


@login_required
def alert_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One alert: its evidence, links, history and the forms to acknowledge, resolve or dismiss it (R-SUP-2)."""
    user = _office_user(request)
    alert = get_visible_or_404(Alert.objects.select_related("jurisdiction", "institution"), user, "view", pk=pk)
    if request.method == "POST":
        if request.POST.get("outcome") == "acknowledge":
            try:
                acknowledge_alerts(actor=user, alert_ids=[alert.pk], note=request.POST.get("reason", ""))
            except (DomainError, PermissionDenied) as exc:
                messages.error(request, getattr(exc, "message", str(exc)))
            else:
                messages.success(request, _("已确认该预警"))
            return redirect("supervision:alert", pk=alert.pk)
        try:
            close_alert(
                actor=user,
                alert=alert,
                outcome=request.POST.get("outcome", ""),
                reason=request.POST.get("reason", ""),
            )
        except (DomainError, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("预警已处理"))
        return redirect("supervision:alert", pk=alert.pk)
    from skillcert.core.audit import events_for

    evidence = {str(EVIDENCE_LABELS.get(k, k)): _printable(v) for k, v in alert.evidence.items() if k != "links"}
    context = {
        "alert": alert,
        "evidence": evidence,
        "links": alert.evidence.get("links", []),
        "history": events_for(alert).order_by("id"),
        "can_handle": may_handle(user) and alert.is_live,
        "statuses": AlertStatus,
    }
    return render(request, "supervision/alert_detail.html", context)
