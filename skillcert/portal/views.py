"""Public home, each role's home page, the audit log and the policy page."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.accounts.choices import Role
from skillcert.accounts.models import Jurisdiction
from skillcert.accounts.types import AuthedRequest
from skillcert.core.errors import DomainError
from skillcert.core.listing import Column, ListExport, export_or_none, exports, paginate
from skillcert.core.models import PolicySource
from skillcert.core.policy import policy_defaults
from skillcert.core.replica import reads_from_replica
from skillcert.core.selectors import audit_events_visible_to, policy_rows
from skillcert.core.services import register_policy_source, set_policy_value
from skillcert.portal.dashboard import tiles_for
from skillcert.portal.selectors import audit_action_label, audit_action_labels, public_overview


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "overview": public_overview(),
        "jurisdictions": Jurisdiction.objects.filter(level="league"),
    }
    return render(request, "portal/home.html", context)


@login_required
@reads_from_replica
def dashboard(request: AuthedRequest) -> HttpResponse:
    user = request.user
    return render(request, "portal/dashboard.html", {"tiles": tiles_for(user)})


AUDIT_LOG = ListExport(
    gettext_lazy("审计日志"),
    [
        Column("#", lambda e: e.id),
        Column(gettext_lazy("时间"), lambda e: e.occurred_at),
        Column(gettext_lazy("操作人"), lambda e: e.actor_repr),
        Column(gettext_lazy("机构"), lambda e: e.organisation_repr),
        Column(gettext_lazy("操作"), lambda e: audit_action_label(e.action)),
        Column(gettext_lazy("操作代码"), lambda e: e.action),
        Column(gettext_lazy("对象"), lambda e: e.object_repr),
        Column(gettext_lazy("请求ID"), lambda e: e.request_id),
    ],
)


@login_required
@exports(AUDIT_LOG)
def audit_log(request: AuthedRequest) -> HttpResponseBase:
    """The audit log in the actor's scope, newest first, with each action's Chinese name (R-X-1)."""
    qs = audit_events_visible_to(request.user).order_by("-id")
    action = request.GET.get("action", "").strip()
    if action:
        qs = qs.filter(action__startswith=action)
    if (response := export_or_none(request, AUDIT_LOG, qs)) is not None:
        return response
    page = paginate(request, qs)
    for event in page:
        event.action_label = audit_action_label(event.action)  # type: ignore[attr-defined]
    actions = sorted(audit_action_labels().items(), key=lambda item: item[0])
    return render(request, "portal/audit_log.html", {"page": page, "action": action, "actions": actions})


def _parse_policy_value(default: object, raw: str) -> object:
    if isinstance(default, bool):
        if raw not in {"true", "false"}:
            raise DomainError(_("值：请选择“是”或“否”"), field="value")
        return raw == "true"
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise DomainError(_("值：“%(raw)s”不是整数") % {"raw": raw}, field="value") from None
    return raw


def _parse_date(raw: str, label: str, field: str) -> datetime.date | None:
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise DomainError(_("%(label)s：“%(raw)s”不是有效日期") % {"label": label, "raw": raw}, field=field) from None


@login_required
def policies(request: AuthedRequest) -> HttpResponse:
    """Default rules with their sources; region admins change them from a date (R-X-8)."""
    user = request.user
    if not (user.is_superuser or (user.organisation.scope_level == "region" and user.has_role(Role.ADMIN))):
        raise Http404(_("未找到该页面"))
    defaults = policy_defaults()
    errors: dict[str, str] = {}
    source_error = ""
    if request.method == "POST" and request.POST.get("action") == "add_source":
        try:
            register_policy_source(
                actor=user,
                code=request.POST.get("code", ""),
                title=request.POST.get("title", ""),
                number=request.POST.get("number", ""),
                issuer=request.POST.get("issuer", ""),
                url=request.POST.get("url", ""),
                note=request.POST.get("source_note", ""),
                effective_on=_parse_date(request.POST.get("effective_on", ""), _("施行日期"), "effective_on")
                or timezone.localdate(),
            )
        except DomainError as exc:
            source_error = exc.message
        else:
            messages.success(request, _("已登记依据文件"))
            return redirect("portal:policies")
    elif request.method == "POST":
        key = request.POST.get("key", "")
        try:
            value = _parse_policy_value(defaults.get(key), request.POST.get("value", "").strip())
            row = set_policy_value(
                actor=user,
                key=key,
                value=value,
                note=request.POST.get("note", ""),
                effective_from=_parse_date(request.POST.get("effective_from", ""), _("生效日期"), "effective_from"),
                source=request.POST.get("source", ""),
                article=request.POST.get("article", ""),
                is_correction=request.POST.get("is_correction") == "on",
            )
        except DomainError as exc:
            errors[key] = exc.message
        else:
            messages.success(
                request,
                _("已更新规则参数 %(key)s = %(value)s，%(day)s起生效")
                % {"key": key, "value": row.value, "day": row.effective_from},
            )
            return redirect("portal:policies")
    rows = policy_rows(user)
    context = {
        "rows": [
            {
                "row": r,
                "error": errors.get(r.key, ""),
                "is_bool": isinstance(r.default, bool),
                "is_number": isinstance(r.default, int) and not isinstance(r.default, bool),
            }
            for r in rows
        ],
        "untraced": [r for r in rows if not r.traced],
        "sources": PolicySource.objects.all(),
        "source_error": source_error,
        "today": timezone.localdate(),
    }
    return render(request, "portal/policies.html", context, status=400 if errors or source_error else 200)


@login_required
def calendar(request: AuthedRequest) -> HttpResponse:
    """Holiday and 调休 overrides; region admins edit, everyone else reads (R-EXAM-10)."""
    from datetime import date as date_cls

    from django.core.exceptions import PermissionDenied

    from skillcert.core.models import CalendarDay
    from skillcert.core.scoping import scope_q
    from skillcert.core.services import remove_calendar_day, set_calendar_day

    user = request.user
    can_edit = scope_q(user, "change", CalendarDay.scope_policy) is not None
    error = ""
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        try:
            day = date_cls.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            error = _("日期格式应为 YYYY-MM-DD")
        else:
            try:
                if request.POST.get("op") == "remove":
                    remove_calendar_day(actor=user, day=day)
                else:
                    set_calendar_day(
                        actor=user,
                        day=day,
                        is_working_day=request.POST.get("is_working_day") == "1",
                        name=request.POST.get("name", "").strip(),
                    )
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, _("已保存 %(day)s 的节假日调整") % {"day": day})
                return redirect(f"{request.path}?year={day.year}")
    try:
        year = int(request.GET.get("year") or request.POST.get("date", "")[:4] or 0) or date_cls.today().year
    except ValueError:
        year = date_cls.today().year
    days = CalendarDay.objects.restrict(user, "view").filter(date__year=year)
    context = {"days": days, "year": year, "can_edit": can_edit, "error": error, "years": range(year - 1, year + 3)}
    return render(request, "portal/calendar.html", context, status=400 if error else 200)
