"""Pages of external and internal quality supervision and rectification orders (R-SUP-3, R-SUP-9).

The supervisor's pages are phone-sized: one column, large touch targets, the camera offered for photos.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.accounts.types import actor_of
from skillcert.core.errors import DomainError
from skillcert.core.forms import apply_domain_error
from skillcert.core.listing import export_or_none, exports, paginate
from skillcert.exams.choices import SessionStaffRole
from skillcert.exams.models import ExamSession
from skillcert.inspections.choices import SUPERVISION_CHECKLIST, CheckAnswer, OrderStatus, ReportStatus
from skillcert.inspections.exports import ORDERS, REPORTS
from skillcert.inspections.filtersets import OrderFilterSet, ReportFilterSet
from skillcert.inspections.forms import (
    CountersignForm,
    DeclineForm,
    FollowUpForm,
    InternalRecordForm,
    IssueForm,
    PhotoForm,
    ReportForm,
    checklist_initial,
)
from skillcert.inspections.models import SupervisionPhoto, SupervisionReport
from skillcert.inspections.selectors import (
    internal_assignments_of,
    internal_records_visible_to,
    orders_visible_to,
    reports_visible_to,
    supervision_assignments_of,
)
from skillcert.inspections.services import quality
from skillcert.inspections.services._auth import is_edit_staff
from skillcert.sanctions.models import Sanction


def checklist_rows(values: dict[str, str], items: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    answers = dict(CheckAnswer.choices)
    return [{"label": label, "answer": answers.get(values.get(key, ""), "—")} for key, label in items]


@login_required
def my_supervision(request: HttpRequest) -> HttpResponseBase:
    """The external supervisor's assignments, newest first (R-SUP-3)."""
    assignments = list(supervision_assignments_of(actor_of(request))[:100])
    reports = {
        r.session_id: r
        for r in SupervisionReport.objects.filter(
            session_id__in=[a.session_id for a in assignments], supervisor__user_id=actor_of(request).pk
        )
    }
    rows = [{"assignment": a, "report": reports.get(a.session_id)} for a in assignments]
    return render(request, "inspections/my_supervision.html", {"rows": rows, "today": timezone.localdate()})


@login_required
@require_POST
def open_report(request: HttpRequest, session_pk: int) -> HttpResponseBase:
    session = get_object_or_404(ExamSession, pk=session_pk)
    try:
        report = quality.open_report(actor=actor_of(request), session=session)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("inspections:my_supervision")
    return redirect("inspections:report", pk=report.pk)


def _visible_report(request: HttpRequest, pk: int) -> SupervisionReport:
    report = reports_visible_to(actor_of(request)).filter(pk=pk).first()
    if report is None:
        raise Http404(_("未找到该督导报告"))
    return report


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The phone-sized record: the supervisor fills it in, the institution countersigns, then submit (R-SUP-3)."""
    report = _visible_report(request, pk)
    actor = actor_of(request)
    mine = report.supervisor.user_id == actor.pk
    institution_staff = is_edit_staff(actor) and actor.organisation_id == report.institution.organisation_id
    editable = mine and report.status == ReportStatus.DRAFT
    initial = {
        "arrived_at": timezone.localtime(report.arrived_at).strftime("%Y-%m-%dT%H:%M") if report.arrived_at else "",
        "notes": report.notes,
        "grade": report.grade,
        "findings": report.findings,
        **checklist_initial(report.checklist),
    }
    form = ReportForm(initial=initial)
    photo_form = PhotoForm()
    sign_form = CountersignForm(initial={"name": report.countersigned_by})
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            if step == "save" and editable:
                form = ReportForm(request.POST)
                if form.is_valid():
                    quality.save_report(
                        actor=actor,
                        report=report,
                        arrived_at=form.cleaned_data["arrived_at"],
                        checklist=form.checklist(),
                        notes=form.cleaned_data["notes"],
                        grade=form.cleaned_data["grade"],
                        findings=form.cleaned_data["findings"],
                    )
                    messages.success(request, _("督导记录已保存"))
                    return redirect("inspections:report", pk=report.pk)
            elif step == "photo" and editable:
                photo_form = PhotoForm(request.POST, request.FILES)
                if photo_form.is_valid():
                    quality.add_photo(
                        actor=actor,
                        report=report,
                        upload=photo_form.cleaned_data["photo"],
                        caption=photo_form.cleaned_data["caption"],
                    )
                    messages.success(request, _("照片已上传"))
                    return redirect("inspections:report", pk=report.pk)
            elif step == "countersign" and (mine or institution_staff):
                sign_form = CountersignForm(request.POST)
                if sign_form.is_valid():
                    quality.countersign_report(actor=actor, report=report, **sign_form.cleaned_data)
                    messages.success(request, _("评价机构已签字确认"))
                    return redirect("inspections:report", pk=report.pk)
            elif step == "submit" and mine:
                quality.submit_report(actor=actor, report=report)
                messages.success(request, _("督导报告已提交"))
                return redirect("inspections:report", pk=report.pk)
            else:
                raise PermissionDenied(_("您不能办理此事项"))
        except DomainError as exc:
            target = {"photo": photo_form, "countersign": sign_form}.get(step, form)
            apply_domain_error(target, exc)
            messages.error(request, exc.message)
        report = _visible_report(request, pk)
    context = {
        "report": report,
        "editable": editable,
        "can_countersign": report.status == ReportStatus.DRAFT and (mine or institution_staff),
        "mine": mine,
        "form": form,
        "photo_form": photo_form,
        "sign_form": sign_form,
        "checklist": checklist_rows(report.checklist, SUPERVISION_CHECKLIST),
        "photos": list(report.photos.all()),
        "order": getattr(report, "order", None),
    }
    return render(request, "inspections/report.html", context)


@login_required
def report_photo(request: HttpRequest, pk: int) -> FileResponse:
    photo = get_object_or_404(SupervisionPhoto, pk=pk)
    _visible_report(request, photo.report_id)
    return FileResponse(photo.file.open("rb"), content_type=photo.content_type)


@login_required
@exports(REPORTS)
def report_list(request: HttpRequest) -> HttpResponseBase:
    """Supervision reports in the actor's scope, with the overdue ones flagged (R-SUP-3)."""
    filterset = ReportFilterSet(request.GET or None, queryset=reports_visible_to(actor_of(request)))
    if (response := export_or_none(request, REPORTS, filterset.qs)) is not None:
        return response
    page = paginate(request, filterset.qs)
    return render(
        request, "inspections/reports.html", {"filter": filterset, "page": page, "today": timezone.localdate()}
    )


@login_required
def internal_list(request: HttpRequest) -> HttpResponseBase:
    """The internal supervisor's sessions and the institution's internal records (R-SUP-9)."""
    assignments = list(internal_assignments_of(actor_of(request))[:100])
    records = internal_records_visible_to(actor_of(request))[:100]
    return render(request, "inspections/internal.html", {"assignments": assignments, "records": records})


@login_required
def internal_new(request: HttpRequest, session_pk: int) -> HttpResponseBase:
    session = get_object_or_404(ExamSession.objects.select_related("plan__institution"), pk=session_pk)
    if not session.staff.filter(
        role=SessionStaffRole.INTERNAL_SUPERVISOR, person__user_id=actor_of(request).pk
    ).exists():
        raise Http404(_("未找到该考试场次"))
    form = InternalRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            quality.file_internal_record(
                actor=actor_of(request),
                session=session,
                checklist=form.checklist(),
                notes=form.cleaned_data["notes"],
                grade=form.cleaned_data["grade"],
                findings=form.cleaned_data["findings"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("内部督导记录已提交"))
            return redirect("inspections:internal")
    return render(request, "inspections/internal_form.html", {"session": session, "form": form})


@login_required
@exports(ORDERS)
def order_list(request: HttpRequest) -> HttpResponseBase:
    filterset = OrderFilterSet(request.GET or None, queryset=orders_visible_to(actor_of(request)))
    if (response := export_or_none(request, ORDERS, filterset.qs)) is not None:
        return response
    page = paginate(request, filterset.qs)
    return render(request, "inspections/orders.html", {"filter": filterset, "page": page})


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The league bureau issues the order through the lifecycle, declines it, or records the follow-up (R-SUP-3)."""
    order = orders_visible_to(actor_of(request)).filter(pk=pk).first()
    if order is None:
        raise Http404(_("未找到该整改通知"))
    forms = {"issue": IssueForm(), "decline": DeclineForm(), "follow_up": FollowUpForm()}
    if request.method == "POST":
        step = request.POST.get("step", "")
        form_class = {"issue": IssueForm, "decline": DeclineForm, "follow_up": FollowUpForm}.get(step)
        if form_class is None:
            raise PermissionDenied(_("您不能办理此事项"))
        form = form_class(request.POST)
        forms[step] = form
        if form.is_valid():
            steps: dict[str, Callable[..., Any]] = {
                "issue": quality.issue_order,
                "decline": quality.decline_order,
                "follow_up": quality.follow_up_order,
            }
            service = steps[step]
            try:
                service(actor=actor_of(request), order=order, **form.cleaned_data)
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("已办理"))
                return redirect("inspections:order", pk=order.pk)
    context = {
        "order": order,
        "forms": forms,
        "can_decide": order.status == OrderStatus.PROPOSED and is_edit_staff(actor_of(request)),
        "can_follow_up": order.awaiting_follow_up and is_edit_staff(actor_of(request)),
        "may_open_sanction": order.sanction is not None
        and Sanction.objects.restrict(actor_of(request), "view").filter(pk=order.sanction_id or 0).exists(),
    }
    return render(request, "inspections/order.html", context)
