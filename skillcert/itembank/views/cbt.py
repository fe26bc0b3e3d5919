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
from skillcert.core.scoping import actor_may, visible_or_404
from skillcert.itembank.choices import MarkingStatus
from skillcert.itembank.models import Answer, CbtSession, Paper, Sitting
from skillcert.itembank.selectors import cbt_sessions_markable_by, cbt_sessions_visible_to, sittings_visible_to
from skillcert.itembank.services import cbt
from skillcert.itembank.services.cbt import deadline_of
from skillcert.itembank.services.sealing import MAX_PRINT_COPIES, print_paper
from skillcert.itembank.services.statistics import compute_statistics


def exam(request: HttpRequest) -> HttpResponse:
    """The candidate's page: no platform login; sign-in and answers go through the public API."""
    return render(request, "itembank/exam.html")


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    """Sessions the user runs or proctors, and those whose short answers the user may mark."""
    user = request.user
    sessions = list(cbt_sessions_markable_by(user).order_by("-exam_session__starts_at")[:100])
    console = set(cbt_sessions_visible_to(user).filter(pk__in=[s.pk for s in sessions]).values_list("pk", flat=True))
    marker = actor_may(user, "mark", CbtSession.scope_policy)  # type: ignore[arg-type]
    for s in sessions:
        s.has_console = s.pk in console  # type: ignore[attr-defined]
    return render(request, "itembank/session_list.html", {"sessions": sessions, "marker": marker})


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
    papers = Paper.objects.filter(assembly_id=session.assembly_id).order_by("variant")
    return render(
        request,
        template,
        {
            "session": session,
            "sittings": sittings,
            "code": code,
            "papers": papers,
            "proctor": cbt.is_proctor(request.user, session.exam_session),  # type: ignore[arg-type]
            "max_copies": MAX_PRINT_COPIES,
        },
    )


@login_required
@require_POST
def paper_print(request: HttpRequest, pk: int, paper_pk: int) -> HttpResponseBase:
    """Backup copies of a variant for the console's room, each watermarked with the room and its serial (R-BANK-3)."""
    session: CbtSession = visible_or_404(cbt_sessions_visible_to(request.user), pk)
    paper: Paper = visible_or_404(Paper.objects.filter(assembly_id=session.assembly_id), paper_pk)
    try:
        printed = print_paper(
            actor=request.user,  # type: ignore[arg-type]
            paper=paper,
            exam_session=session.exam_session,
            copies=request.POST.get("copies"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("itembank:console", pk=session.pk)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("itembank:console", pk=session.pk)
    return render(
        request,
        "itembank/paper_print.html",
        {"session": session, "paper": paper, **printed, "watermark_rows": range(6)},
    )


@login_required
def marking(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Blind marking of short answers: the marker sees the stem, the reference answer and the response,
    never the candidate nor the other marks; a wide gap between two marks calls a third (R-BANK-4)."""
    session: CbtSession = visible_or_404(cbt_sessions_markable_by(request.user), pk)
    cbt.require_session_marker(request.user, session)  # type: ignore[arg-type]
    status = 200
    errors: dict[str, str] = {}
    if request.method == "POST":
        answer: Answer = visible_or_404(
            Answer.objects.filter(sitting__cbt_session=session).select_related("sitting"), request.POST.get("answer")
        )
        try:
            mark = cbt.mark_answer(actor=request.user, answer=answer, score=request.POST.get("score"))  # type: ignore[arg-type]
        except DomainError as exc:
            errors[str(answer.pk)] = exc.message
            status = 400
        else:
            messages.success(
                request, _("已评分：第 %(round)s 评 %(score)s 分") % {"round": mark.round, "score": mark.score}
            )
            return redirect("itembank:marking", pk=session.pk)
    rows = cbt.marking_rows(actor=request.user, cbt=session)  # type: ignore[arg-type]
    for n, row in enumerate(rows, start=1):
        row["number"] = n
        row["error"] = errors.get(str(row["answer"]), "")
    progress = {
        label: session.sittings.filter(marking=value).count()
        for value, label in MarkingStatus.choices
        if value != MarkingStatus.NOT_NEEDED
    }
    return render(
        request,
        "itembank/marking.html",
        {"session": session, "rows": rows, "progress": progress, "posted": request.POST if errors else {}},
        status=status,
    )


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
