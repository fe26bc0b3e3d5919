"""The examiner's marking of skills tasks by their rubric (技能操作考核评分, R-EXAM-11)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from skillcert.accounts.types import AuthedRequest
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.exams.models import Seat
from skillcert.itembank.access import may_change_skills, may_mark_skills, may_sign_skills
from skillcert.itembank.selectors import skills_marking_rows, skills_seats_visible_to, skills_sheet
from skillcert.itembank.services import skills


@login_required
def skills_list(request: AuthedRequest) -> HttpResponse:
    """The examiner's skills tasks to mark: one row per candidate of their skills-paper sessions."""
    rows = skills_marking_rows(request.user)
    return render(request, "itembank/skills_list.html", {"rows": rows})


def _seat(request: AuthedRequest, pk: int) -> Seat:
    """404 for a seat the user cannot see; 403 for one they see but do not examine (office staff)."""
    seat = skills_seats_visible_to(request.user).filter(pk=pk).first()
    if seat is None:
        raise Http404(_("未找到该考生的技能操作评分表"))
    if not may_mark_skills(request.user, seat):
        raise PermissionDenied(_("只有该考生所在场次的考评人员可以评分"))
    return cast(Seat, seat)


def _posted(request: HttpRequest, sheet: dict[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
    marks = {s["key"]: request.POST.get(f"m-{s['key']}", "").strip() for t in sheet["tasks"] for s in t.steps}
    voids = {
        t.key: {"items": request.POST.getlist(f"v-{t.key}"), "reason": request.POST.get(f"vr-{t.key}", "")}
        for t in sheet["tasks"]
        if t.void_if
    }
    return marks, voids


@login_required
def skills_mark(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """One candidate's skills sheet: a row per rubric step, the void faults as checkboxes, save, sign, change."""
    seat = _seat(request, pk)
    sheet = skills_sheet(seat, request.user)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "save")
        marks, voids = _posted(request, sheet)
        notes = request.POST.get("notes", "")
        actor = request.user
        try:
            if action == "change":
                skills.change_tasks(
                    actor=actor, seat=seat, marks=marks, voids=voids, notes=notes, reason=request.POST.get("reason", "")
                )
                done = _("评分已变更，变更记录已保存")
            else:
                skills.mark_tasks(actor=actor, seat=seat, marks=marks, voids=voids, notes=notes, sign=action == "sign")
                done = _("评分表已签名确认") if action == "sign" else _("评分已保存（尚未签名）")
        except DomainError as exc:
            errors = [exc.message]
        except NotFoundError as exc:
            raise Http404(str(exc)) from exc
        else:
            messages.success(request, done)
            return redirect("itembank:skills_mark", pk=seat.pk)
        for task in sheet["tasks"]:
            for step in task.steps:
                step["mark"] = marks.get(step["key"], "")
            if task.void_if:
                task.voided = voids[task.key]["items"]
                task.void_reason = voids[task.key]["reason"]
    view = sheet["view"]
    context = {
        "seat": seat,
        "sheet": sheet,
        "view": view,
        "tasks": sheet["tasks"],
        "errors": errors,
        "notes": request.POST.get("notes", "") if errors else (view.mine.notes if view.mine else ""),
        "may_sign": may_sign_skills(view),
        "may_change": may_change_skills(view),
    }
    return render(request, "itembank/skills_mark.html", context, status=400 if errors else 200)
