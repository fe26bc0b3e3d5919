"""Public home, each role's home page, the audit log and the policy page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from skillcert.accounts.choices import Role
from skillcert.accounts.models import Jurisdiction
from skillcert.core.errors import DomainError
from skillcert.core.models import PolicyValue
from skillcert.core.policy import get_policy, policy_choices, policy_defaults
from skillcert.core.selectors import audit_events_visible_to
from skillcert.core.services import set_policy_value
from skillcert.portal.dashboard import tiles_for
from skillcert.portal.selectors import public_overview


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "overview": public_overview(),
        "jurisdictions": Jurisdiction.objects.filter(level="league"),
    }
    return render(request, "portal/home.html", context)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "portal/dashboard.html", {"tiles": tiles_for(user)})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    qs = audit_events_visible_to(request.user).order_by("-id")
    action = request.GET.get("action", "").strip()
    if action:
        qs = qs.filter(action__startswith=action)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "portal/audit_log.html", {"page": page, "action": action})


@login_required
def policies(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_superuser or (user.organisation.scope_level == "region" and user.has_role(Role.ADMIN))):  # type: ignore[union-attr]
        raise Http404("未找到该页面")
    defaults = policy_defaults()
    errors: dict[str, str] = {}
    if request.method == "POST":
        key = request.POST.get("key", "")
        raw = request.POST.get("value", "").strip()
        value: object = raw
        if isinstance(defaults.get(key), int):
            try:
                value = int(raw)
            except ValueError:
                errors[key] = f"“{raw}”不是整数"
        if not errors:
            try:
                set_policy_value(actor=user, key=key, value=value, note=request.POST.get("note", "")[:200])
            except DomainError as exc:
                errors[key] = exc.message
            else:
                messages.success(request, f"已更新规则参数 {key} = {value}")
                return redirect("portal:policies")
    overridden = dict(PolicyValue.objects.values_list("key", "value"))
    rows = [
        {
            "key": k,
            "default": v,
            "value": get_policy(k),
            "overridden": k in overridden,
            "error": errors.get(k, ""),
            "is_number": isinstance(v, int),
            "choices": policy_choices(k),
        }
        for k, v in sorted(defaults.items())
    ]
    return render(request, "portal/policies.html", {"rows": rows}, status=400 if errors else 200)


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
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
            error = "日期格式应为 YYYY-MM-DD"
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
                messages.success(request, f"已保存 {day} 的节假日调整")
                return redirect(f"{request.path}?year={day.year}")
    try:
        year = int(request.GET.get("year") or request.POST.get("date", "")[:4] or 0) or date_cls.today().year
    except ValueError:
        year = date_cls.today().year
    days = CalendarDay.objects.restrict(user, "view").filter(date__year=year)
    context = {"days": days, "year": year, "can_edit": can_edit, "error": error, "years": range(year - 1, year + 3)}
    return render(request, "portal/calendar.html", context, status=400 if error else 200)
