"""Pages for scoring, confirmation and changes, publicity, objections and re-checks (R-EXAM-8, R-EXAM-9)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skillcert.accounts.types import AuthedRequest
from skillcert.catalog.choices import ComponentKind, level_label
from skillcert.catalog.selectors import components_for
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.excel import xlsx_response
from skillcert.core.scoping import get_visible_or_404
from skillcert.exams.choices import CaseStatus
from skillcert.exams.models import ComponentScore, ExamPlan, Objection, RecheckRequest
from skillcert.exams.selectors import scoring as scoring_reads
from skillcert.exams.selectors.conduct import (
    current_publication,
    objections_visible_to,
    open_cases,
    rechecks_visible_to,
    score_problems,
)
from skillcert.exams.services import publicity, scoring
from skillcert.exams.services.access import may_run_plan
from skillcert.exams.services.scoring import ScoreInput
from skillcert.exams.views.conduct import _errors, _plan


def _component(kind: str) -> str:
    if kind not in ComponentKind.values:
        raise Http404(gettext("未找到该科目"))
    return kind


@login_required
def score_grid(request: AuthedRequest, pk: int, level: int, component: str) -> HttpResponse:
    """The score grid of one level's component: one column per examiner for skills and 综合评审 (R-EXAM-8)."""
    plan = _plan(request, pk)
    component = _component(component)
    errors: list[str] = []
    posted: dict[str, str] = {}
    if request.method == "POST":
        posted = request.POST.dict()
        try:
            if "file" in request.FILES:
                upload: Any = request.FILES["file"]
                count = scoring.import_scores(
                    actor=request.user,
                    plan=plan,
                    level=level,
                    component=component,
                    upload=upload,
                    filename=upload.name or "",
                )
            else:
                count = scoring.enter_scores(
                    actor=request.user,
                    plan=plan,
                    level=level,
                    component=component,
                    rows=_rows(request, plan, level, component),
                )
        except DomainError as exc:
            errors = _errors(exc)
        except NotFoundError as exc:
            raise Http404(str(exc)) from exc
        else:
            messages.success(request, gettext("已保存%(count)s名考生的成绩") % {"count": count})
            return redirect("exams:score_grid", pk=plan.pk, level=level, component=component)
    try:
        grid = scoring_reads.score_grid(plan, level, component)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    rows = []
    for row in grid.rows:
        rows.append(
            {
                "row": row,
                "cells": [
                    {
                        "examiner": person,
                        "value": posted.get(
                            f"s-{row.registration.pk}-{person.pk}", row.examiner_scores.get(person.pk, "")
                        ),
                        "mine": person in row.examiners,
                    }
                    for person in grid.examiners
                ],
                "value": posted.get(
                    f"s-{row.registration.pk}", row.score.score if row.score and row.score.score is not None else ""
                ),
            }
        )
    context = {
        "plan": plan,
        "grid": grid,
        "rows": rows,
        "level_label": level_label(level),
        "errors": errors,
        "can_run": may_run_plan(request.user, plan),
    }
    return render(request, "exams/score_grid.html", context, status=400 if errors else 200)


def _rows(request: HttpRequest, plan: ExamPlan, level: int, component: str) -> list[ScoreInput]:
    grid = scoring_reads.score_grid(plan, level, component)
    out = []
    for row in grid.rows:
        rid = row.registration.pk
        absent = request.POST.get(f"absent-{rid}") == "on"
        if grid.by_examiner:
            scores = {p.pk: request.POST.get(f"s-{rid}-{p.pk}", "").strip() for p in row.examiners}
            out.append(ScoreInput(rid, examiner_scores=scores, absent=absent))
        else:
            out.append(ScoreInput(rid, score=request.POST.get(f"s-{rid}", "").strip(), absent=absent))
    return out


@login_required
def score_template(request: AuthedRequest, pk: int, level: int, component: str) -> HttpResponseBase:
    """The import template: the seated candidates with a column per examiner (R-EXAM-8)."""
    plan = _plan(request, pk)
    grid = scoring_reads.score_grid(plan, level, _component(component))
    headers = scoring_reads.template_headers(grid)
    rows = [[r.registration.exam_number, r.registration.name, "", *([""] * (len(headers) - 3))] for r in grid.rows]
    name = gettext("成绩导入模板-%(number)s-%(level_label)s-%(label)s") % {
        "number": plan.number,
        "level_label": level_label(level),
        "label": ComponentKind(component).label,
    }
    return xlsx_response(name, headers, rows, title=gettext("成绩"))


@login_required
def plan_results(request: AuthedRequest, pk: int, *, errors: list[str] | None = None) -> HttpResponse:
    """Confirmation, results, score changes, publicity, objections and re-checks of a plan (R-EXAM-8, R-EXAM-9)."""
    plan = _plan(request, pk)
    levels = [lv.level for lv in plan.levels.order_by("-level")]
    registrations = list(
        plan.registrations.filter(status="approved")
        .select_related("result")
        .prefetch_related("scores__changes", "scores__examiner_scores")
        .order_by("-level", "exam_number")
    )
    kinds = {lv: components_for(plan.occupation, lv) for lv in levels}
    table: list[dict[str, Any]] = []
    for r in registrations:
        by_kind = {s.component: s for s in r.scores.all()}
        table.append({"registration": r, "cells": [(c, by_kind.get(c.kind)) for c in kinds.get(r.level, [])]})
    publication = current_publication(plan)
    context = {
        "plan": plan,
        "levels": [{"level": lv, "label": level_label(lv), "components": kinds[lv]} for lv in levels],
        "table": table,
        "problems": score_problems(plan) if plan.status in ("in_progress", "scoring") else [],
        "locked": any(cell is not None and cell.locked for row in table for _, cell in row["cells"]),
        "publication": publication,
        "objections": list(
            objections_visible_to(request.user).filter(publication__plan=plan).order_by("status", "-created_at")
        ),
        "rechecks": list(
            rechecks_visible_to(request.user)
            .filter(registration__plan=plan)
            .select_related("score_change")
            .order_by("status", "-requested_at")
        ),
        "can_run": may_run_plan(request.user, plan),
        "errors": errors or [],
        "open": CaseStatus.OPEN,
    }
    return render(request, "exams/plan_results.html", context, status=400 if errors else 200)


def _results_action(request: AuthedRequest, pk: int, action: Any, done: str) -> HttpResponseBase:
    try:
        action()
    except DomainError as exc:
        return plan_results(request, pk, errors=_errors(exc))
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, done)
    return redirect("exams:plan_results", pk=pk)


@login_required
@require_POST
def scores_confirm(request: AuthedRequest, pk: int) -> HttpResponseBase:
    plan = _plan(request, pk)
    return _results_action(
        request,
        pk,
        lambda: scoring.confirm_scores(actor=request.user, plan=plan),
        gettext("成绩已确认锁定，认定结果已评定"),
    )


@login_required
@require_POST
def score_change(request: AuthedRequest, pk: int) -> HttpResponseBase:
    score = get_visible_or_404(ComponentScore.objects.select_related("registration__plan"), request.user, pk=pk)
    examiner_scores = {
        int(key.split("-", 1)[1]): value
        for key, value in request.POST.dict().items()
        if key.startswith("e-") and key.split("-", 1)[1].isdigit() and value.strip()
    }
    return _results_action(
        request,
        score.registration.plan_id,
        lambda: scoring.change_score(
            actor=request.user,
            component_score=score,
            reason=request.POST.get("reason", ""),
            score=request.POST.get("score", "") or None,
            examiner_scores=examiner_scores or None,
        ),
        gettext("成绩已变更，变更记录已保存"),
    )


@login_required
@require_POST
def results_publish(request: AuthedRequest, pk: int) -> HttpResponseBase:
    plan = _plan(request, pk)
    return _results_action(
        request, pk, lambda: publicity.publish_results(actor=request.user, plan=plan), gettext("成绩已公示")
    )


@login_required
@require_POST
def objection_handle(request: AuthedRequest, pk: int) -> HttpResponseBase:
    objection = get_visible_or_404(Objection.objects.select_related("publication"), request.user, pk=pk)
    return _results_action(
        request,
        objection.publication.plan_id,
        lambda: publicity.handle_objection(
            actor=request.user, objection=objection, outcome=request.POST.get("outcome", "")
        ),
        gettext("异议已办结"),
    )


@login_required
@require_POST
def recheck_handle(request: AuthedRequest, pk: int) -> HttpResponseBase:
    recheck = get_visible_or_404(RecheckRequest.objects.select_related("registration"), request.user, pk=pk)
    return _results_action(
        request,
        recheck.registration.plan_id,
        lambda: publicity.handle_recheck(
            actor=request.user,
            recheck=recheck,
            outcome=request.POST.get("outcome", ""),
            score=request.POST.get("score", "") or None,
        ),
        gettext("复核已办结"),
    )


@login_required
@require_POST
def results_finalise(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """Ask now whether the results may become final (the nightly task does the same)."""
    plan = _plan(request, pk)
    publication = current_publication(plan)
    if publication is None or not may_run_plan(request.user, plan):
        raise Http404(gettext("未找到该公示"))
    final = publicity.finalise_results(actor=request.user, publication=publication)
    if final:
        messages.success(request, gettext("公示期和复核期已结束且无未办结事项，认定结果已确认"))
    else:
        cases = open_cases(publication)
        messages.error(
            request,
            gettext("认定结果尚不能确认：复核申请截止%(recheck_deadline)s，未办结异议%(value)s件、复核%(value2)s件")
            % {
                "recheck_deadline": publication.recheck_deadline,
                "value": cases["objections"],
                "value2": cases["rechecks"],
            },
        )
    return redirect("exams:plan_results", pk=pk)
