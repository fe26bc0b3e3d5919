"""Pages for sessions and seats, tickets, staffing, check-in and incidents (R-EXAM-5..7).

The institution runs them; the league bureau and centre see every session in their league
and draw external supervisors. Every write calls a service; a broken rule re-renders the page
with the Chinese message and status 400; a record outside the actor's scope is a 404.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.accounts.models import User
from skillcert.accounts.types import AuthedRequest
from skillcert.catalog.choices import ComponentKind, level_label
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.listing import exports, list_page
from skillcert.core.pdf import pdf_response
from skillcert.core.scoping import get_visible_or_404
from skillcert.exams.choices import IncidentHandling, IncidentKind, SessionStaffRole
from skillcert.exams.exports import SESSIONS
from skillcert.exams.filtersets import SessionFilterSet
from skillcert.exams.models import ExamPlan, ExamSession, Registration, SessionStaff
from skillcert.exams.selectors import staffing as staffing_reads
from skillcert.exams.selectors.conduct import sessions_visible_to, sitting_summary
from skillcert.exams.services import conduct, sessions, staffing
from skillcert.exams.services.access import may_dispatch_supervisors, may_run_plan
from skillcert.exams.services.staffing_checks import grant_staffing_exception, may_grant_exception
from skillcert.personnel.models import Person


def _errors(exc: DomainError) -> list[str]:
    return [m for messages_ in exc.errors.values() for m in messages_] or [exc.message]


def _plan(request: HttpRequest, pk: int) -> ExamPlan:
    return get_visible_or_404(
        ExamPlan.objects.select_related("institution", "occupation", "work_type", "venue", "league"),
        request.user,
        pk=pk,
    )


def _session(request: HttpRequest, pk: int) -> ExamSession:
    return get_visible_or_404(
        ExamSession.objects.select_related("plan__institution", "plan__occupation", "room__venue"), request.user, pk=pk
    )


def _parse_dt(value: str, field: str, label: str) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise DomainError(
            gettext("%(label)s：请填写有效的日期时间") % {"label": label}, field=field, code="invalid"
        ) from None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _int(value: Any, field: str, label: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError(gettext("%(label)s：请填写整数") % {"label": label}, field=field, code="invalid") from None


# --- plan sessions and seating (R-EXAM-5) ---------------------------------------------------------------


@login_required
def plan_sessions(
    request: AuthedRequest, pk: int, *, errors: list[str] | None = None, form: dict[str, Any] | None = None
) -> HttpResponse:
    """A plan's timetable: sessions per level and component, capacity, the seat draws (R-EXAM-5)."""
    plan = _plan(request, pk)
    groups = sitting_summary(plan)
    levels = list(plan.levels.order_by("-level"))
    from skillcert.catalog.selectors import components_for

    components = {lv.level: components_for(plan.occupation, lv.level) for lv in levels}
    context = {
        "plan": plan,
        "groups": groups,
        "levels": [
            {"level": lv.level, "label": level_label(lv.level), "components": components[lv.level]} for lv in levels
        ],
        "rooms": list(plan.venue.rooms.order_by("name")),
        "can_run": may_run_plan(request.user, plan),
        "errors": errors or [],
        "form": form or {},
        "component_choices": ComponentKind.choices,
    }
    return render(request, "exams/plan_sessions.html", context, status=400 if errors else 200)


@login_required
@require_POST
def session_create(request: AuthedRequest, pk: int) -> HttpResponseBase:
    plan = _plan(request, pk)
    data = request.POST
    try:
        room = plan.venue.rooms.filter(pk=_int(data.get("room"), "room", gettext("考场"))).first()
        if room is None:
            raise DomainError(gettext("考场：请选择本计划考点的考场"), field="room", code="required")
        capacity = data.get("capacity", "").strip()
        session = sessions.create_session(
            actor=request.user,
            plan=plan,
            level=_int(data.get("level"), "level", gettext("等级")),
            component=data.get("component", ""),
            room=room,
            starts_at=_parse_dt(data.get("starts_at", ""), "starts_at", gettext("开始时间")),
            ends_at=_parse_dt(data.get("ends_at", ""), "ends_at", gettext("结束时间")),
            capacity=_int(capacity, "capacity", gettext("考位数")) if capacity else None,
        )
    except DomainError as exc:
        return plan_sessions(request, pk, errors=_errors(exc), form=data.dict())
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, gettext("已新增场次：%(session)s") % {"session": session})
    return redirect("exams:plan_sessions", pk=plan.pk)


@login_required
@require_POST
def seats_draw(request: AuthedRequest, pk: int) -> HttpResponseBase:
    plan = _plan(request, pk)
    try:
        draws = sessions.draw_seats(
            actor=request.user,
            plan=plan,
            level=_int(request.POST.get("level"), "level", gettext("等级")),
            component=request.POST.get("component", ""),
            seed=request.POST.get("seed", ""),
        )
    except DomainError as exc:
        return plan_sessions(request, pk, errors=_errors(exc))
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, gettext("已抽签排座（随机种子 %(seed)s），准考证可以打印") % {"seed": draws[0].seed})
    return redirect("exams:plan_sessions", pk=plan.pk)


@login_required
@require_POST
def session_delete(request: AuthedRequest, pk: int) -> HttpResponseBase:
    session = _session(request, pk)
    plan_pk = session.plan_id
    try:
        sessions.delete_session(actor=request.user, session=session)
    except DomainError as exc:
        return plan_sessions(request, plan_pk, errors=_errors(exc))
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, gettext("已删除场次"))
    return redirect("exams:plan_sessions", pk=plan_pk)


@login_required
def ticket(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The admission ticket PDF of a registration the user may see (R-EXAM-5)."""
    registration = get_visible_or_404(Registration.objects.select_related("plan"), request.user, pk=pk)
    try:
        data = sessions.ticket_pdf(actor=request.user, registration=registration)
    except DomainError as exc:
        return render(
            request, "exams/problem.html", {"title": gettext("准考证暂不能打印"), "errors": _errors(exc)}, status=400
        )
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    return pdf_response(data, gettext("准考证-%(exam_number)s") % {"exam_number": registration.exam_number})


# --- one session: seats, staffing, check-in, incidents (R-EXAM-5..7) ------------------------------------


@login_required
def session_detail(request: AuthedRequest, pk: int, *, errors: list[str] | None = None) -> HttpResponse:
    session = _session(request, pk)
    plan = session.plan
    overview = staffing_reads.staffing_overview(session)
    seats = list(session.seats.select_related("registration").order_by("seat_number"))
    attended = {a.registration_id: a for a in session.attendance.all()}
    incidents = list(session.incidents.select_related("registration").order_by("recorded_at"))
    runner = may_run_plan(request.user, plan)
    main_role = {"theory": "proctor", "skills": "skills_examiner", "review": "review_panel"}[session.component]
    pools: list[dict[str, Any]] = []
    if runner:
        for role in (main_role, SessionStaffRole.INTERNAL_SUPERVISOR.value):
            pools.append(
                {
                    "role": role,
                    "label": SessionStaffRole(role).label,
                    "people": list(staffing_reads.staff_pool(session, role)[:200]),
                }
            )
    context = {
        "session": session,
        "plan": plan,
        "overview": overview,
        "seats": [{"seat": s, "attendance": attended.get(s.registration_id)} for s in seats],
        "incidents": incidents,
        "can_run": runner,
        "can_dispatch": may_dispatch_supervisors(request.user),
        "pools": pools,
        "incident_kinds": IncidentKind.choices,
        "handlings": IncidentHandling.choices,
        "errors": errors or [],
        "has_external": any(s.role == "external_supervisor" for s in overview["staff"]),
        "can_except": may_grant_exception(request.user, plan),
    }
    return render(request, "exams/session_detail.html", context, status=400 if errors else 200)


def _session_action(request: AuthedRequest, pk: int, action: Any, done: str) -> HttpResponseBase:
    session = _session(request, pk)
    try:
        action(session)
    except DomainError as exc:
        return session_detail(request, pk, errors=_errors(exc))
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, done)
    return redirect("exams:session", pk=pk)


@login_required
@require_POST
def staff_assign(request: AuthedRequest, pk: int) -> HttpResponseBase:
    def run(session: ExamSession) -> None:
        person = Person.objects.filter(pk=_int(request.POST.get("person"), "person", gettext("人员"))).first()
        if person is None:
            raise DomainError(gettext("人员：请选择人员"), field="person", code="required")
        staffing.assign_staff(actor=request.user, session=session, person=person, role=request.POST.get("role", ""))

    return _session_action(request, pk, run, gettext("已安排考务人员"))


@login_required
@require_POST
def staff_confirm(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return _session_action(
        request,
        pk,
        lambda s: staffing.confirm_staffing(actor=request.user, session=s),
        gettext("人员配备已确认，符合标准配比"),
    )


@login_required
@require_POST
def staff_remove(request: AuthedRequest, pk: int) -> HttpResponseBase:
    staff = get_visible_or_404(SessionStaff.objects.select_related("session", "person"), request.user, pk=pk)
    return _session_action(
        request,
        staff.session_id,
        lambda s: staffing.remove_staff(actor=request.user, staff=staff, reason=request.POST.get("reason", "")),
        gettext("已撤换%(name)s") % {"name": staff.person.name},
    )


@login_required
@require_POST
def supervisor_draw(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return _session_action(
        request,
        pk,
        lambda s: staffing.draw_external_supervisor(actor=request.user, session=s, seed=request.POST.get("seed", "")),
        gettext("已随机抽取外部质量督导员"),
    )


@login_required
@require_POST
def staffing_exception(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """A league bureau records an exception for one named staffing problem, with grounds (R-EXAM-6)."""
    session = _session(request, pk)
    if not may_grant_exception(request.user, session.plan):
        raise PermissionDenied(_("人员配备例外只能由认定计划所在盟市人社局的负责人或经办人批准"))
    return _session_action(
        request,
        pk,
        lambda s: grant_staffing_exception(
            actor=cast(User, request.user),
            session=s,
            problem=request.POST.get("problem", ""),
            grounds=request.POST.get("grounds", ""),
        ),
        _("已批准例外并记入审计"),
    )


@login_required
@require_POST
def check_in(request: AuthedRequest, pk: int) -> HttpResponseBase:
    def run(session: ExamSession) -> None:
        registration = session.plan.registrations.filter(
            pk=_int(request.POST.get("registration"), "registration", gettext("考生"))
        ).first()
        if registration is None:
            raise DomainError(gettext("考生：不在本场次"), field="registration", code="not_found")
        conduct.check_in(
            actor=request.user,
            session=session,
            registration=registration,
            identity_verified=request.POST.get("identity_verified") == "on",
            id_number=request.POST.get("id_number", ""),
            note=request.POST.get("note", ""),
        )

    return _session_action(request, pk, run, gettext("已签到"))


@login_required
@require_POST
def incident_record(request: AuthedRequest, pk: int) -> HttpResponseBase:
    def run(session: ExamSession) -> None:
        raw = request.POST.get("registration", "").strip()
        registration = None
        if raw:
            registration = session.plan.registrations.filter(pk=_int(raw, "registration", gettext("涉及考生"))).first()
            if registration is None:
                raise DomainError(gettext("涉及考生：不在本场次"), field="registration", code="not_found")
        conduct.record_incident(
            actor=request.user,
            session=session,
            registration=registration,
            kind=request.POST.get("kind", ""),
            description=request.POST.get("description", ""),
            handling=request.POST.get("handling", IncidentHandling.NONE),
        )

    return _session_action(request, pk, run, gettext("已记录考场情况"))


# --- every session in scope (the bureau's view, R-EXAM-6) ---------------------------------------------


@login_required
@exports(SESSIONS)
def session_list(request: AuthedRequest) -> HttpResponseBase:
    """Every session the user may see: the league bureau sees all sessions held in its league."""
    user: Any = request.user
    if not (user.is_superuser or user.has_role("admin", "manager", "clerk", "auditor")):
        raise PermissionDenied(gettext("没有权限查看考试场次"))
    filterset = SessionFilterSet(request.GET, queryset=sessions_visible_to(request.user))
    return list_page(request, "exams/session_list.html", filterset.qs, export=SESSIONS, context={"filter": filterset})
