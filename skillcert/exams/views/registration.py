"""Registration pages of the institution: the registration list with filters and export, roster imports
with a progress bar and the error report, eligibility review with evidence (R-EXAM-3, R-EXAM-4)."""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skillcert.accounts.types import AuthedRequest
from skillcert.core.errors import DomainError
from skillcert.core.excel import xlsx_response
from skillcert.core.forms import apply_domain_error, attempt_with_message
from skillcert.core.listing import export_or_none, exports, paginate
from skillcert.core.scoping import get_visible_or_404
from skillcert.exams.choices import ImportStatus, RegistrationSource, RegistrationStatus
from skillcert.exams.exports import REGISTRATIONS
from skillcert.exams.filtersets import RegistrationFilterSet
from skillcert.exams.forms.registration import EvidenceForm, ReviewForm, RosterUploadForm
from skillcert.exams.models import EvidenceFile, ExamPlan, Registration, RosterImport
from skillcert.exams.selectors.plans import places_left
from skillcert.exams.selectors.registration import (
    import_counts_text,
    imports_of,
    registration_detail_queryset,
    registrations_visible_to,
)
from skillcert.exams.services import review
from skillcert.exams.services.access import may_print_ticket, may_run_plan
from skillcert.exams.services.roster import ROSTER_EXAMPLE, ROSTER_HEADERS, retry_roster_import, start_roster_import


def _plan(request: HttpRequest, pk: int, action: str = "view") -> ExamPlan:
    return get_visible_or_404(
        ExamPlan.objects.select_related("institution", "occupation", "work_type", "league"), request.user, action, pk=pk
    )


def _attachment(field: Any, name: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(gettext("文件不存在")) from exc
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@exports(REGISTRATIONS)
def registration_list(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """A plan's registrations with filters; ID and phone numbers masked; export to Excel (R-EXAM-3, R-REP-2)."""
    plan = _plan(request, pk)
    filterset = RegistrationFilterSet(request.GET, queryset=registrations_visible_to(request.user).filter(plan=plan))
    if (response := export_or_none(request, REGISTRATIONS, filterset.qs.iterator(chunk_size=1000))) is not None:
        return response
    counts = dict(
        Registration.objects.filter(plan=plan).values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    page = paginate(request, filterset.qs)
    left = places_left(plan)
    return render(
        request,
        "exams/registration_list.html",
        {
            "plan": plan,
            "page": page,
            "filter": filterset,
            "statuses": RegistrationStatus.choices,
            "sources": RegistrationSource.choices,
            "levels": [(pl.level, pl, left.get(pl.level, 0)) for pl in plan.levels.all()],
            "counts": [(label, counts.get(value, 0)) for value, label in RegistrationStatus.choices],
            "may_run": may_run_plan(request.user, plan),
            "filters": request.GET,
            "tab": "registrations",
        },
    )


@login_required
@require_POST
def registrations_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, "review")
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    try:
        n = review.approve_registrations(actor=request.user, plan=plan, ids=ids)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("已审核通过%(n)s人。") % {"n": n})
    return redirect("exams:registrations", pk=plan.pk)


@login_required
def registration_detail(
    request: AuthedRequest, pk: int, *, form: ReviewForm | None = None, evidence_form: EvidenceForm | None = None
) -> HttpResponse:
    """The review page: identity (masked), facts, the automatic checks, evidence, decision (R-EXAM-4)."""
    registration = get_visible_or_404(registration_detail_queryset(request.user), request.user, pk=pk)
    status = 400 if (form is not None and form.errors) or (evidence_form is not None and evidence_form.errors) else 200
    return render(
        request,
        "exams/registration_detail.html",
        {
            "registration": registration,
            "plan": registration.plan,
            "may_run": may_run_plan(request.user, registration.plan),
            "may_print_ticket": may_print_ticket(request.user, registration),
            "form": form or ReviewForm(),
            "evidence_form": evidence_form or EvidenceForm(),
        },
        status=status,
    )


def _decide(request: AuthedRequest, pk: int, call: Any, done: str) -> HttpResponse:
    registration = get_visible_or_404(Registration.objects.select_related("plan__institution"), request.user, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            call(registration, form.cleaned_data["reason"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("exams:registration", pk=registration.pk)
    return registration_detail(request, pk, form=form)


@login_required
@require_POST
def registration_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        lambda r, reason: review.approve_registration(actor=request.user, registration=r, reason=reason),
        gettext("资格审核通过，已分配准考证号。"),
    )


@login_required
@require_POST
def registration_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        lambda r, reason: review.reject_registration(actor=request.user, registration=r, reason=reason),
        gettext("已审核不通过，考生可以看到不通过原因。"),
    )


@login_required
@require_POST
def evidence_add(request: AuthedRequest, pk: int) -> HttpResponse:
    registration = get_visible_or_404(Registration.objects.select_related("plan__institution"), request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            review.add_evidence(
                actor=request.user,
                registration=registration,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, gettext("证明材料已上传。"))
            if registration.user_id == request.user.pk:
                return redirect("exams:my_registration", pk=registration.pk)
            return redirect("exams:registration", pk=registration.pk)
    if registration.user_id == request.user.pk:
        from skillcert.exams.views.candidate import my_registration

        return my_registration(request, pk, evidence_form=form)
    return registration_detail(request, pk, evidence_form=form)


@login_required
def evidence_download(request: AuthedRequest, pk: int) -> FileResponse:
    evidence = get_visible_or_404(EvidenceFile.objects.all(), request.user, pk=pk)
    return _attachment(evidence.file, evidence.original_name)


@login_required
def registration_photo(request: AuthedRequest, pk: int) -> FileResponse:
    registration = get_visible_or_404(Registration.objects.all(), request.user, pk=pk)
    if not registration.photo:
        raise Http404(gettext("没有照片"))
    return _attachment(registration.photo, registration.photo.name.rsplit("/", 1)[-1])


# --- roster imports (R-EXAM-3) ---------------------------------------------------------------------------


@login_required
def imports(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """Upload a roster and see earlier imports of the plan."""
    plan = _plan(request, pk)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                roster_import, created = start_roster_import(
                    actor=request.user, plan=plan, upload=form.cleaned_data["file"], mode=form.cleaned_data["mode"]
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                if not created:
                    messages.info(
                        request,
                        gettext("该文件已于%(created_at)s上传，未重复导入。")
                        % {"created_at": format(roster_import.created_at, "%Y-%m-%d %H:%M")},
                    )
                return redirect("exams:import", pk=roster_import.pk)
        status = 400
    return render(
        request,
        "exams/imports.html",
        {
            "plan": plan,
            "form": form,
            "imports": imports_of(request.user, plan)[:50],
            "may_run": may_run_plan(request.user, plan),
            "headers": ROSTER_HEADERS,
            "tab": "imports",
        },
        status=status,
    )


@login_required
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    roster_import = get_visible_or_404(
        RosterImport.objects.select_related("plan__institution", "uploaded_by"), request.user, pk=pk
    )
    return render(
        request,
        "exams/import_detail.html",
        {
            "roster_import": roster_import,
            "plan": roster_import.plan,
            "counts_text": import_counts_text(roster_import),
            "may_retry": roster_import.may_retry and may_run_plan(request.user, roster_import.plan),
            "tab": "imports",
        },
    )


@login_required
@require_POST
def import_retry(request: AuthedRequest, pk: int) -> HttpResponse:
    """Run an interrupted import again from its kept file (R-EXAM-3, R-X-4)."""
    roster_import = get_visible_or_404(RosterImport.objects.select_related("plan"), request.user, pk=pk)
    attempt_with_message(
        request,
        lambda: retry_roster_import(actor=request.user, roster_import=roster_import),
        gettext("已重新排队，将用已上传的文件重新导入"),
    )
    return redirect("exams:import", pk=roster_import.pk)


@login_required
def import_status(request: AuthedRequest, pk: int) -> JsonResponse:
    """What the progress bar polls."""
    roster_import = get_visible_or_404(RosterImport.objects.all(), request.user, pk=pk)
    return JsonResponse(
        {
            "status": roster_import.status,
            "status_display": roster_import.get_status_display(),
            "rows_total": roster_import.rows_total,
            "rows_processed": roster_import.rows_processed,
            "rows_accepted": roster_import.rows_accepted,
            "rows_skipped": roster_import.rows_skipped,
            "rows_rejected": roster_import.rows_rejected,
            "percent": roster_import.progress_percent,
            "finished": roster_import.status in (ImportStatus.DONE, ImportStatus.FAILED) or roster_import.is_stale,
            "failure": roster_import.failure,
            "counts_text": import_counts_text(roster_import),
        }
    )


@login_required
def import_errors(request: AuthedRequest, pk: int) -> FileResponse:
    roster_import = get_visible_or_404(RosterImport.objects.all(), request.user, pk=pk)
    if not roster_import.error_report:
        raise Http404(gettext("没有错误报告"))
    stem = roster_import.original_name.rsplit(".", 1)[0]
    return _attachment(roster_import.error_report, gettext("%(stem)s-错误报告.xlsx") % {"stem": stem})


@login_required
def roster_template(request: AuthedRequest) -> FileResponse:
    """The roster template with its columns and one example row."""
    return xlsx_response(gettext("报名名册模板"), ROSTER_HEADERS, [ROSTER_EXAMPLE], title=gettext("报名名册"))
