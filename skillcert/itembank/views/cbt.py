"""The candidate's exam page and the proctor console (R-BANK-4)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.core.errors import DomainError
from skillcert.core.scoping import visible_or_404
from skillcert.itembank.models import CbtSession, Sitting
from skillcert.itembank.selectors import cbt_sessions_visible_to, sittings_visible_to
from skillcert.itembank.services import cbt
from skillcert.itembank.services.cbt import deadline_of
from skillcert.itembank.services.statistics import compute_statistics


def exam(request: HttpRequest) -> HttpResponse:
    """The candidate's page: no platform login; sign-in and answers go through the public API."""
    return render(request, "itembank/exam.html")


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = cbt_sessions_visible_to(request.user).order_by("-exam_session__starts_at")[:100]
    return render(request, "itembank/session_list.html", {"sessions": sessions})


@login_required
def console(request: HttpRequest, pk: int) -> HttpResponseBase:
    session: CbtSession = visible_or_404(cbt_sessions_visible_to(request.user), pk)
    code = None
    if request.method == "POST" and request.POST.get("action") == "code":
        try:
            code = cbt.reveal_session_code(actor=request.user, cbt=session)  # type: ignore[arg-type]
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    elif request.method == "POST" and request.POST.get("action") == "statistics":
        try:
            stats = compute_statistics(actor=request.user, cbt=session)  # type: ignore[arg-type]
            messages.success(request, _("已计算 %(n)s 道试题的统计") % {"n": len(stats)})
        except (PermissionDenied, DomainError) as exc:
            messages.error(request, str(exc))
    sittings = list(sittings_visible_to(request.user).filter(cbt_session=session).order_by("registration__exam_number"))
    for s in sittings:
        s.deadline = deadline_of(s)  # type: ignore[attr-defined]
    template = "itembank/_console_rows.html" if request.GET.get("fragment") == "rows" else "itembank/console.html"
    return render(request, template, {"session": session, "sittings": sittings, "code": code})


@login_required
@require_POST
def sitting_action(request: HttpRequest, pk: int) -> HttpResponseBase:
    sitting: Sitting = visible_or_404(sittings_visible_to(request.user), pk)
    try:
        if request.POST.get("action") == "extra":
            cbt.grant_extra_time(
                actor=request.user,  # type: ignore[arg-type]
                sitting=sitting,
                minutes=int(request.POST.get("minutes") or 0),
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("已为 %(n)s 延长时间") % {"n": sitting.registration.name})
        elif request.POST.get("action") == "force":
            cbt.force_submit(actor=request.user, sitting=sitting, reason=request.POST.get("reason", ""))  # type: ignore[arg-type]
            messages.success(request, _("已强制收卷：%(n)s") % {"n": sitting.registration.name})
    except DomainError as exc:
        messages.error(request, exc.message)
    except (PermissionDenied, ValueError) as exc:
        messages.error(request, str(exc) or _("输入不正确"))
    return redirect("itembank:console", pk=sitting.cbt_session_id)
