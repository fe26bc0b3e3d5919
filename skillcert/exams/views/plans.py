"""Plan pages: the institution drafts, files and runs its plans; the league bureau sees every plan in
its league, questions and stops them (R-EXAM-1, R-EXAM-2).

Views parse input with forms and call services; a DomainError re-renders with the Chinese
message and status 400; a record outside the actor's scope is the same 404 as a missing one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skillcert.accounts.types import AuthedRequest
from skillcert.core.errors import DomainError
from skillcert.core.forms import apply_domain_error
from skillcert.core.listing import exports, list_page
from skillcert.core.scoping import get_visible_or_404
from skillcert.exams.choices import PlanStatus
from skillcert.exams.exports import PLANS
from skillcert.exams.filtersets import PlanFilterSet
from skillcert.exams.forms.plans import (
    AnnouncementForm,
    AnswerForm,
    CancelForm,
    PlanForm,
    QuestionForm,
    ReopenForm,
    StopForm,
)
from skillcert.exams.models import ExamPlan, PlanQuery
from skillcert.exams.selectors.plans import (
    earliest_first_session,
    places_left,
    plan_detail_queryset,
    plan_filing_problems,
    plans_visible_to,
)
from skillcert.exams.services import plans as services
from skillcert.exams.services.access import may_create_plan, may_reopen_registration, may_run_plan, may_supervise_plan
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import own_institution, readiness_checklist


def _errors(exc: DomainError) -> list[str]:
    return [m for msgs in exc.errors.values() for m in msgs] or [exc.message]


@login_required
@exports(PLANS)
def plan_list(request: AuthedRequest) -> HttpResponseBase:
    """Plans in the actor's scope: the institution's own, every plan in a bureau's league (R-EXAM-1)."""
    filterset = PlanFilterSet(request.GET, queryset=plans_visible_to(request.user))
    context = {"filter": filterset, "can_create": may_create_plan(request.user)}
    return list_page(request, "exams/plan_list.html", filterset.qs, export=PLANS, context=context)


def _plan_form_page(request: AuthedRequest, institution: Institution, plan: ExamPlan | None) -> HttpResponseBase:
    initial: dict[str, Any] = {}
    if plan is not None:
        initial = {
            name: getattr(plan, name)
            for name in (
                "title",
                "occupation",
                "work_type",
                "venue",
                "first_session_on",
                "last_session_on",
                "registration_deadline",
                "requirements",
                "how_to_apply",
                "fee_note",
                "contact",
            )
        }
        initial["rooms"] = list(plan.rooms.all())
        initial.update({f"level_{pl.level}": pl.capacity for pl in plan.levels.all()})
    form = PlanForm(request.POST or None, institution=institution, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.save_plan(actor=request.user, institution=institution, data=form.to_input(), plan=plan)
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(
                    request, gettext("认定计划 %(number)s 已保存为草稿；检查无误后报送。") % {"number": saved.number}
                )
                return redirect("exams:plan", pk=saved.pk)
        status = 400
    return render(
        request,
        "exams/plan_form.html",
        {
            "form": form,
            "plan": plan,
            "institution": institution,
            "checklist": readiness_checklist(institution),
            "earliest": earliest_first_session(),
        },
        status=status,
    )


@login_required
def plan_create(request: AuthedRequest) -> HttpResponseBase:
    institution = own_institution(request.user)
    if institution is None or not may_create_plan(request.user):
        return render(request, "exams/plan_list.html", {"denied": True}, status=403)
    return _plan_form_page(request, institution, None)


@login_required
def plan_edit(request: AuthedRequest, pk: int) -> HttpResponseBase:
    plan = get_visible_or_404(ExamPlan.objects.select_related("institution"), request.user, "change", pk=pk)
    if not may_run_plan(request.user, plan) or plan.status != PlanStatus.DRAFT:
        messages.error(request, gettext("只有本机构的草稿计划可以修改"))
        return redirect("exams:plan", pk=plan.pk)
    return _plan_form_page(request, plan.institution, plan)


@login_required
def plan_detail(request: AuthedRequest, pk: int, *, errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    """One plan: its filing check, the bureau's questions, levels and places, the way to registration."""
    plan = get_visible_or_404(plan_detail_queryset(request.user), request.user, pk=pk)
    may_run = may_run_plan(request.user, plan)
    left = places_left(plan)
    return render(
        request,
        "exams/plan_detail.html",
        {
            "plan": plan,
            "may_run": may_run,
            "may_supervise": may_supervise_plan(request.user) and not may_run,
            "may_reopen": may_reopen_registration(request.user, plan),
            "problems": plan_filing_problems(plan) if plan.status == PlanStatus.DRAFT else [],
            "level_rows": [(pl, left.get(pl.level, 0)) for pl in plan.levels.all()],
            "question_form": QuestionForm(),
            "answer_form": AnswerForm(),
            "stop_form": StopForm(),
            "cancel_form": CancelForm(),
            "errors": errors or [],
            "tab": "plan",
        },
        status=status,
    )


def _act(request: AuthedRequest, pk: int, call: Any, done: str) -> HttpResponse:
    plan = get_visible_or_404(ExamPlan.objects.select_related("institution"), request.user, pk=pk)
    try:
        call(plan)
    except DomainError as exc:
        return plan_detail(request, pk, errors=_errors(exc), status=400)
    messages.success(request, done)
    return redirect("exams:plan", pk=plan.pk)


@login_required
@require_POST
def plan_file(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda p: services.file_plan(actor=request.user, plan=p),
        gettext("认定计划已报送实施地盟市人社局。"),
    )


@login_required
@require_POST
def plan_open(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda p: services.open_registration(actor=request.user, plan=p),
        gettext("报名公告已发布，考生可以报名。"),
    )


@login_required
@require_POST
def plan_close(request: AuthedRequest, pk: int) -> HttpResponse:
    """Closing asks first: the page's button opens a confirmation that posts ``confirm`` (R-EXAM-3)."""
    if request.POST.get("confirm") != "1":
        return plan_detail(request, pk, errors=[gettext("截止报名：请先确认截止报名")], status=400)
    return _act(
        request,
        pk,
        lambda p: services.close_registration(actor=request.user, plan=p),
        gettext("报名已截止。报名截止日期前、抽签排座前可以重新开放报名。"),
    )


@login_required
@require_POST
def plan_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    return _with_form(
        ReopenForm,
        request,
        pk,
        lambda p, d: services.reopen_registration(actor=request.user, plan=p, reason=d["reason"]),
        gettext("报名已重新开放。"),
    )


def _with_form(form_class: Any, request: AuthedRequest, pk: int, call: Any, done: str) -> HttpResponse:
    form = form_class(request.POST)
    if not form.is_valid():
        return plan_detail(request, pk, errors=[str(e) for errs in form.errors.values() for e in errs], status=400)
    return _act(request, pk, lambda p: call(p, form.cleaned_data), done)


@login_required
@require_POST
def plan_question(request: AuthedRequest, pk: int) -> HttpResponse:
    return _with_form(
        QuestionForm,
        request,
        pk,
        lambda p, d: services.question_plan(actor=request.user, plan=p, question=d["question"]),
        gettext("质询已发送，评价机构须在平台上答复。"),
    )


@login_required
@require_POST
def plan_stop(request: AuthedRequest, pk: int) -> HttpResponse:
    return _with_form(
        StopForm,
        request,
        pk,
        lambda p, d: services.stop_plan(actor=request.user, plan=p, grounds=d["grounds"]),
        gettext("认定计划已叫停。"),
    )


@login_required
@require_POST
def plan_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    return _with_form(
        CancelForm,
        request,
        pk,
        lambda p, d: services.cancel_plan(actor=request.user, plan=p, reason=d["reason"]),
        gettext("认定计划已撤销。"),
    )


@login_required
@require_POST
def query_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    query = get_visible_or_404(PlanQuery.objects.select_related("plan__institution"), request.user, pk=pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return plan_detail(
            request, query.plan_id, errors=[str(e) for errs in form.errors.values() for e in errs], status=400
        )
    try:
        services.answer_query(actor=request.user, query=query, answer=form.cleaned_data["answer"])
    except DomainError as exc:
        return plan_detail(request, query.plan_id, errors=_errors(exc), status=400)
    messages.success(request, gettext("答复已提交。"))
    return redirect("exams:plan", pk=query.plan_id)


@login_required
def plan_announcement(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """Edit the texts of the public announcement (R-EXAM-2)."""
    plan = get_visible_or_404(ExamPlan.objects.select_related("institution"), request.user, "change", pk=pk)
    form = AnnouncementForm(
        request.POST or None,
        initial={k: getattr(plan, k) for k in ("requirements", "how_to_apply", "fee_note", "contact")},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_announcement(actor=request.user, plan=plan, **form.cleaned_data)
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, gettext("公告内容已保存。"))
                return redirect("exams:plan", pk=plan.pk)
        status = 400
    return render(request, "exams/announcement_form.html", {"plan": plan, "form": form}, status=status)
