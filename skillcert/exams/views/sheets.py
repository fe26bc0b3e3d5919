"""Pages of examiners' own score sheets, the chief examiner's gap decisions, paper sheets entered by
institution staff, the rubric and the chief's designation (R-EXAM-11)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.accounts.models import User
from skillcert.accounts.types import AuthedRequest
from skillcert.catalog.choices import ComponentKind, level_label
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.scoping import get_visible_or_404
from skillcert.exams.choices import STAFF_FOR_COMPONENT, GapReviewStatus
from skillcert.exams.models import ExaminerScore, ScoringRubric, Seat, SessionStaff
from skillcert.exams.selectors.sheets import (
    assignment,
    gap_reviews_visible_to,
    rubric_criteria,
    seats_to_score,
    session_rubric,
    sheet_view,
)
from skillcert.exams.services import sheets
from skillcert.exams.services.access import may_run_plan
from skillcert.exams.views.conduct import _errors, _plan, _session


def _marks(request: HttpRequest, criteria: list[Any]) -> dict[str, str]:
    return {c.key: request.POST.get(f"m-{c.key}", "").strip() for c in criteria}


@login_required
def my_session_sheets(request: AuthedRequest, pk: int) -> HttpResponse:
    """The candidates of one of the examiner's sessions, by exam number only, with their sheet's state."""
    seats = list(
        seats_to_score(request.user)
        .filter(session_id=pk)
        .select_related("registration", "session__plan", "session__room")
        .order_by("seat_number")
    )
    if not seats:
        raise Http404(_("未找到该场次"))
    session = seats[0].session
    staff = assignment(request.user, session)
    if staff is None:
        raise Http404(_("未找到该场次"))
    mine = {
        s.component_score.registration_id: s
        for s in ExaminerScore.objects.filter(
            examiner=staff.person,
            component_score__component=session.component,
            component_score__registration_id__in=[s.registration_id for s in seats],
        ).select_related("component_score")
    }
    rows = [{"seat": seat, "sheet": mine.get(seat.registration_id)} for seat in seats]
    context = {"session": session, "staff": staff, "rows": rows}
    return render(request, "exams/my_session_sheets.html", context)


@login_required
def my_sheet(request: AuthedRequest, pk: int) -> HttpResponse:
    """One candidate's sheet for the signed-in examiner: marks per criterion, save, sign, change with a reason."""
    seat = get_visible_or_404(
        Seat.objects.select_related("registration", "session__plan__occupation", "session__room"),
        request.user,
        "score",
        pk=pk,
    )
    staff = assignment(request.user, seat.session)
    if staff is None:
        raise Http404(_("未找到该考生的评分表"))
    errors: list[str] = []
    criteria = session_rubric(seat.session).criteria
    if request.method == "POST":
        action = request.POST.get("action", "save")
        marks = _marks(request, criteria)
        try:
            if action == "sign":
                sheets.sign_sheet(actor=cast(User, request.user), seat=seat, marks=marks)
                done = _("评分表已签名确认")
            elif action == "change":
                sheets.change_signed_sheet(
                    actor=cast(User, request.user), seat=seat, marks=marks, reason=request.POST.get("reason", "")
                )
                done = _("评分已变更，变更记录已保存")
            else:
                sheets.save_sheet(actor=cast(User, request.user), seat=seat, marks=marks)
                done = _("评分已保存（尚未签名）")
        except DomainError as exc:
            errors = _errors(exc)
        except (NotFoundError, PermissionDenied) as exc:
            raise Http404(str(exc)) from exc
        else:
            messages.success(request, done)
            return redirect("exams:my_sheet", pk=seat.pk)
    view = sheet_view(seat, staff)
    posted = request.POST if errors else None
    fields = [
        {
            "criterion": c,
            "value": (
                posted.get(f"m-{c.key}", "")
                if posted is not None
                else (view.mine.marks.get(c.key, "") if view.mine else "")
            ),
        }
        for c in criteria
    ]
    others = [{"sheet": o, "marks": [o.marks.get(c.key, "") for c in criteria]} for o in view.others]
    context = {"seat": seat, "view": view, "fields": fields, "others": others, "criteria": criteria, "errors": errors}
    return render(request, "exams/my_sheet.html", context, status=400 if errors else 200)


@login_required
def gap_review(request: AuthedRequest, pk: int) -> HttpResponse:
    """A wide gap: every examiner's marks, and for the chief examiner the decision with reasons."""
    review = get_or_404(gap_reviews_visible_to(request.user), pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            sheets.decide_gap(actor=cast(User, request.user), review=review, reasons=request.POST.get("reasons", ""))
        except DomainError as exc:
            errors = _errors(exc)
        except NotFoundError as exc:
            raise Http404(str(exc)) from exc
        else:
            messages.success(request, _("分差已裁定，科目成绩取各考评人员评分的平均分"))
            return redirect("exams:gap_review", pk=review.pk)
    session = review.session
    criteria = session_rubric(session).criteria
    sheets_ = list(
        ExaminerScore.objects.filter(component_score=review.component_score).select_related("examiner").order_by("id")
    )
    chief = SessionStaff.objects.filter(session=session, is_chief=True).select_related("person").first()
    context = {
        "review": review,
        "session": session,
        "criteria": criteria,
        "rows": [{"sheet": s, "marks": [s.marks.get(c.key, "") for c in criteria]} for s in sheets_],
        "chief": chief,
        "is_chief": chief is not None and chief.person.user_id == request.user.pk,
        "open": review.status == GapReviewStatus.OPEN,
        "errors": errors,
    }
    return render(request, "exams/gap_review.html", context, status=400 if errors else 200)


def get_or_404(queryset: Any, pk: int) -> Any:
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404(_("未找到该记录"))
    return obj


@login_required
def paper_sheet(request: AuthedRequest, pk: int) -> HttpResponse:
    """Institution staff enter an examiner's signed paper sheet with its scan (recorded as entered on behalf)."""
    session = _session(request, pk)
    if session.component == ComponentKind.THEORY or not may_run_plan(request.user, session.plan):
        raise Http404(_("未找到该场次"))
    criteria = session_rubric(session).criteria
    seats = list(session.seats.select_related("registration").order_by("seat_number"))
    examiners = list(
        SessionStaff.objects.filter(session=session, role=STAFF_FOR_COMPONENT[session.component])
        .select_related("person")
        .order_by("id")
    )
    errors: list[str] = []
    if request.method == "POST":
        seat = next((s for s in seats if str(s.pk) == request.POST.get("seat")), None)
        staff = next((e for e in examiners if str(e.person_id) == request.POST.get("examiner")), None)
        try:
            if seat is None:
                raise DomainError(_("考生：请选择本场次的考生"), field="seat", code="required")
            if staff is None:
                raise DomainError(_("考评人员：请选择本场次的考评人员"), field="examiner", code="required")
            sheets.enter_paper_sheet(
                actor=cast(User, request.user),
                seat=seat,
                examiner=staff.person,
                marks=_marks(request, criteria),
                scan=request.FILES.get("scan"),
            )
        except DomainError as exc:
            errors = _errors(exc)
        except (NotFoundError, PermissionDenied) as exc:
            raise Http404(str(exc)) from exc
        else:
            messages.success(request, _("纸质评分表已代录，扫描件已保存"))
            return redirect("exams:paper_sheet", pk=session.pk)
    entered = list(
        ExaminerScore.objects.filter(
            component_score__registration__seats__session=session,
            component_score__component=session.component,
            entry="paper",
        )
        .select_related("examiner", "component_score__registration", "entered_by")
        .order_by("-signed_at")
    )
    context = {
        "session": session,
        "plan": session.plan,
        "criteria": criteria,
        "seats": seats,
        "examiners": examiners,
        "entered": entered,
        "errors": errors,
        "posted": request.POST if errors else {},
    }
    return render(request, "exams/paper_sheet.html", context, status=400 if errors else 200)


@login_required
@require_POST
def designate_chief(request: AuthedRequest, pk: int) -> HttpResponseBase:
    staff = get_visible_or_404(SessionStaff.objects.select_related("session"), request.user, pk=pk)
    try:
        sheets.designate_chief(actor=cast(User, request.user), staff=staff)
    except DomainError as exc:
        messages.error(request, exc.message)
    except (NotFoundError, PermissionDenied) as exc:
        raise Http404(str(exc)) from exc
    else:
        messages.success(request, _("已指定首席考评员"))
    return redirect("exams:session", pk=staff.session_id)


@login_required
def rubric(request: AuthedRequest, pk: int, level: int, component: str) -> HttpResponse:
    """The component's rubric: one criterion per line, “名称|满分”; maxima add up to full marks."""
    plan = _plan(request, pk)
    if component not in (ComponentKind.SKILLS, ComponentKind.REVIEW):
        raise Http404(_("未找到该科目"))
    errors: list[str] = []
    current = ScoringRubric.objects.filter(plan=plan, level=level, component=component).first()
    text = "\n".join(f"{c['title']}|{c['max']}" for c in current.criteria) if current else ""
    if request.method == "POST":
        text = request.POST.get("criteria", "")
        criteria = []
        for line in text.splitlines():
            if line.strip():
                title, _sep, maximum = line.partition("|")
                criteria.append({"title": title.strip(), "max": maximum.strip()})
        try:
            sheets.set_rubric(
                actor=cast(User, request.user), plan=plan, level=level, component=component, criteria=criteria
            )
        except DomainError as exc:
            errors = _errors(exc)
        except (NotFoundError, PermissionDenied) as exc:
            raise Http404(str(exc)) from exc
        else:
            messages.success(request, _("评分细则已保存"))
            return redirect("exams:rubric", pk=plan.pk, level=level, component=component)
    context = {
        "plan": plan,
        "level": level,
        "level_label": level_label(level),
        "component": ComponentKind(component).label,
        "text": text,
        "criteria": rubric_criteria(plan, level, component),
        "errors": errors,
        "can_run": may_run_plan(request.user, plan),
    }
    return render(request, "exams/rubric.html", context, status=400 if errors else 200)
