"""Public results publicity and objections (no login), and the candidate's tickets, scores, objections
and re-checks (R-EXAM-5, R-EXAM-8, R-EXAM-9, R-PUB-1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.accounts.types import AuthedRequest
from skillcert.catalog.selectors import components_for
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.masking import mask_name
from skillcert.exams.choices import CaseStatus
from skillcert.exams.models import Objection
from skillcert.exams.selectors.conduct import (
    my_registrations,
    objection_by_code,
    public_publications,
    public_result_rows,
)
from skillcert.exams.services import publicity
from skillcert.exams.views.conduct import _errors


def results_public(request: HttpRequest) -> HttpResponse:
    """Plans whose results are in publicity now (R-EXAM-9)."""
    return render(request, "exams/public_results.html", {"publications": list(public_publications())})


def result_public(
    request: HttpRequest, pk: int, *, errors: list[str] | None = None, form: dict[str, str] | None = None
) -> HttpResponse:
    """One plan's publicity list, masked, with the objection form (R-EXAM-9, R-X-3)."""
    publication = public_publications().filter(pk=pk).first()
    if publication is None:
        raise Http404(gettext("该成绩不在公示期"))
    rows = public_result_rows(publication)
    columns = sorted(
        {k for r in rows for k in r.scores},
        key=lambda k: [gettext("理论知识"), gettext("操作技能"), gettext("综合评审")].index(k),
    )
    context = {"publication": publication, "rows": rows, "columns": columns, "errors": errors or [], "form": form or {}}
    return render(request, "exams/public_result.html", context, status=400 if errors else 200)


@require_POST
def objection_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    publication = public_publications().filter(pk=pk).first()
    if publication is None:
        raise Http404(gettext("该成绩不在公示期"))
    actor = request.user if request.user.is_authenticated else None
    try:
        objection = publicity.file_objection(
            actor=actor,
            publication=publication,
            complainant_name=request.POST.get("complainant_name", ""),
            text_=request.POST.get("text", ""),
            contact=request.POST.get("contact", ""),
            exam_number=request.POST.get("exam_number", ""),
        )
    except DomainError as exc:
        return result_public(request, pk, errors=_errors(exc), form=request.POST.dict())
    return redirect(f"{reverse('exams:objection_track')}?code={objection.tracking_code}&new=1")


def objection_track(request: HttpRequest) -> HttpResponse:
    """Follow an objection by its tracking code (R-EXAM-9)."""
    code = request.GET.get("code", "").strip()
    objection: Objection | None = objection_by_code(code) if code else None
    context = {"code": code, "objection": objection, "new": request.GET.get("new") == "1", "looked": bool(code)}
    return render(request, "exams/objection_track.html", context, status=404 if code and objection is None else 200)


# --- the candidate's own pages ----------------------------------------------------------------------


TABS = {
    "tickets": gettext_lazy("准考证"),
    "scores": gettext_lazy("成绩与结果"),
    "objections": gettext_lazy("公示异议"),
    "rechecks": gettext_lazy("成绩复核"),
}


@login_required
def my_exams(request: AuthedRequest, tab: str = "tickets", *, errors: list[str] | None = None) -> HttpResponse:
    """The candidate's tickets, scores with their changes, results, and re-check requests (R-EXAM-5, R-EXAM-9)."""
    registrations = list(my_registrations(request.user))
    items = []
    for r in registrations:
        publication = next(iter(r.plan.publications.all()), None)
        items.append(
            {
                "registration": r,
                "publication": publication,
                "components": components_for(r.plan.occupation, r.level),
                "scores": {s.component: s for s in r.scores.all()},
                "may_recheck": bool(
                    publication is not None
                    and publication.status != "final"
                    and publicity._today() <= publication.recheck_deadline
                ),
                "result": getattr(r, "result", None),
            }
        )
    objections = list(
        Objection.objects.restrict(request.user, "view")
        .filter(registration__user_id=getattr(request.user, "pk", 0))
        .select_related("publication__plan", "registration")
        .order_by("-created_at")
    )
    context = {
        "tab": tab if tab in TABS else "tickets",
        "tabs": TABS,
        "items": items,
        "objections": [{"o": o, "who": mask_name(o.complainant_name)} for o in objections],
        "errors": errors or [],
        "open": CaseStatus.OPEN,
    }
    return render(request, "exams/my_exams.html", context, status=400 if errors else 200)


@login_required
@require_POST
def my_recheck(request: AuthedRequest, pk: int) -> HttpResponseBase:
    registration = my_registrations(request.user).filter(pk=pk).first()
    if registration is None:
        raise Http404(gettext("未找到该报名"))
    try:
        publicity.request_recheck(
            actor=request.user,
            registration=registration,
            component=request.POST.get("component", ""),
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        return my_exams(request, "rechecks", errors=_errors(exc))
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, gettext("复核申请已提交，评价机构办结后在此查看结果"))
    return redirect("exams:my_rechecks")
