"""Certificate pages: public verification (form and QR link), the candidate's own certificates, the
list with filters and export, a certificate with its status history and two-person changes,
plan-wide issuance with progress, national export batches and overdue uploads, and the site
serial register (R-CERT-1..6, R-PUB-1). Every write goes through a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.accounts.choices import Role
from skillcert.accounts.types import AuthedRequest
from skillcert.certificates import selectors, services, verification
from skillcert.certificates.choices import ProposalStatus
from skillcert.certificates.exports import CERTIFICATES
from skillcert.certificates.filtersets import CertificateFilterSet
from skillcert.certificates.forms import DecideForm, IssueRunForm, ProposeForm, RetireForm, SiteSerialForm, VerifyForm
from skillcert.certificates.models import Certificate, ExportBatch, IssuanceRun, SiteSerial, StatusProposal
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.forms import apply_domain_error, attempt, attempt_with_message
from skillcert.core.listing import Column, ListExport, export_or_none, exports, list_page, paginate
from skillcert.core.middleware import client_ip
from skillcert.core.pdf import pdf_response
from skillcert.core.replica import reads_from_replica
from skillcert.core.scoping import get_visible_or_404
from skillcert.institutions.models import Institution, Venue
from skillcert.institutions.selectors import own_institution

# --- helpers -------------------------------------------------------------------------------------


def _certificate(request: HttpRequest, pk: int) -> Certificate:
    return get_visible_or_404(selectors.certificates_visible_to(request.user), request.user, pk=pk)


def _rate_limited(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse | None:
    try:
        verification.check_rate(client_ip(request))
    except verification.RateLimited as exc:
        context["error"] = str(exc)
        response = render(request, template, context, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response
    return None


# --- public verification (R-CERT-4, R-PUB-1) -------------------------------------------------------


@reads_from_replica
def verify(request: HttpRequest) -> HttpResponse:
    """Verify a certificate by number and name, without logging in (R-CERT-4)."""
    form = VerifyForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "answer": None}
    status = 200
    if request.GET:
        limited = _rate_limited(request, "certificates/verify.html", context)
        if limited is not None:
            return limited
        if form.is_valid():
            try:
                certificate = verification.find_by_number_and_name(
                    form.cleaned_data["number"], form.cleaned_data["name"]
                )
            except ValidationError as exc:
                form.add_error("number", exc)
                status = 400
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = 400
            except NotFoundError as exc:
                context["error"] = str(exc)
                status = 404
            else:
                context["answer"] = verification.public_answer(certificate)
        else:
            status = 400
    return render(request, "certificates/verify.html", context, status=status)


@reads_from_replica
def verify_qr(request: HttpRequest, token: str) -> HttpResponse:
    """The page a certificate's QR code opens: the live status of the number it was signed for (R-CERT-4)."""
    context: dict[str, Any] = {"form": VerifyForm(), "answer": None, "via_qr": True}
    limited = _rate_limited(request, "certificates/verify.html", context)
    if limited is not None:
        return limited
    status = 200
    try:
        context["answer"] = verification.public_answer(verification.find_by_token(token))
    except DomainError as exc:
        context["error"] = exc.message
        status = 400
    except NotFoundError as exc:
        context["error"] = str(exc)
        status = 404
    return render(request, "certificates/verify.html", context, status=status)


# --- candidate ------------------------------------------------------------------------------------


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """A candidate's own certificates, to view and download (R-CERT-3)."""
    if not (request.user.is_superuser or request.user.has_role(Role.CANDIDATE)):
        raise PermissionDenied(_("此页面供考生本人使用"))
    certificates = selectors.certificates_visible_to(request.user).filter(candidate_id=request.user.pk)
    return render(request, "certificates/mine.html", {"certificates": certificates})


@login_required
def certificate_pdf(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The certificate PDF (full ID number printed; the download is audited) (R-CERT-3, R-X-3)."""
    certificate = _certificate(request, pk)
    try:
        data = services.download_certificate(actor=request.user, certificate=certificate)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("certificates:detail", pk=pk)
    return pdf_response(data, _("职业技能等级证书-%(number)s.pdf") % {"number": certificate.number}, inline=False)


# --- staff ----------------------------------------------------------------------------------------


@login_required
@reads_from_replica
@exports(CERTIFICATES)
def certificate_list(request: AuthedRequest) -> HttpResponseBase:
    """Certificates in the actor's scope, filters shared with the API; exports mask ID numbers (R-CERT-6, R-REP-2)."""
    filterset = CertificateFilterSet(request.GET, queryset=selectors.certificates_visible_to(request.user))
    context = {"filter": filterset, "can": services.capabilities(request.user)}
    return list_page(request, "certificates/list.html", filterset.qs, export=CERTIFICATES, context=context)


@login_required
def certificate_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One certificate: printed fields, status, proposals and the forms to change it (R-CERT-5)."""
    certificate = _certificate(request, pk)
    proposals = certificate.proposals.select_related("proposed_by__organisation", "decided_by").order_by(
        "-proposed_at", "-id"
    )
    pending = next((p for p in proposals if p.status == ProposalStatus.PENDING), None)
    context = {
        "certificate": certificate,
        "proposals": proposals,
        "pending": pending,
        "can": {
            "propose": services.may_propose(request.user, certificate),
            "approve": pending is not None and services.may_approve(request.user, pending),
        },
        "propose_form": ProposeForm(),
        "decide_form": DecideForm(),
        "verify_path": verification.verification_path(certificate.number),
    }
    return render(request, "certificates/detail.html", context)


@login_required
@require_POST
def certificate_propose(request: AuthedRequest, pk: int) -> HttpResponse:
    certificate = _certificate(request, pk)
    form = ProposeForm(request.POST)
    if form.is_valid():
        done = attempt(
            form,
            lambda: services.propose_status_change(
                actor=request.user,
                certificate=certificate,
                kind=form.cleaned_data["kind"],
                grounds=form.cleaned_data["grounds"],
            ),
        )
        if done:
            messages.success(request, _("已提出申请，待另一名负责人审批后生效"))
            return redirect("certificates:detail", pk=pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("certificates:detail", pk=pk)


def _proposal(request: HttpRequest, pk: int) -> StatusProposal:
    return get_visible_or_404(selectors.proposals_visible_to(request.user), request.user, pk=pk)


@login_required
@require_POST
def proposal_decide(request: AuthedRequest, pk: int, decision: str) -> HttpResponse:
    """Approve or decline someone else's proposal (R-CERT-5)."""
    proposal = _proposal(request, pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        note = form.cleaned_data["note"]
        if decision == "approve":
            done = attempt(
                form, lambda: services.approve_status_change(actor=request.user, proposal=proposal, note=note)
            )
        else:
            done = attempt(
                form, lambda: services.reject_status_change(actor=request.user, proposal=proposal, note=note)
            )
        if done:
            messages.success(request, _("已批准，证书状态已更新") if decision == "approve" else _("已不予批准"))
            return redirect("certificates:detail", pk=proposal.certificate_id)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("certificates:detail", pk=proposal.certificate_id)


PROPOSALS = ListExport(
    gettext_lazy("证书状态变更申请"),
    [
        Column(gettext_lazy("证书编号"), lambda p: p.certificate.number),
        Column(gettext_lazy("类型"), lambda p: p.get_kind_display()),
        Column(gettext_lazy("依据"), lambda p: p.grounds),
        Column(gettext_lazy("提出人"), lambda p: p.proposed_by.full_name),
        Column(gettext_lazy("提出时间"), lambda p: p.proposed_at),
        Column(gettext_lazy("审批人"), lambda p: p.decided_by.full_name if p.decided_by_id else ""),
        Column(gettext_lazy("结果"), lambda p: p.get_status_display()),
    ],
)


@login_required
@exports(PROPOSALS)
def proposals(request: AuthedRequest) -> HttpResponseBase:
    """Proposals waiting for this user's decision, and all in scope (R-CERT-5)."""
    rows = selectors.proposals_visible_to(request.user).order_by("-proposed_at", "-id")
    waiting = selectors.pending_proposals_for(request.user).order_by("proposed_at")
    return list_page(request, "certificates/proposals.html", rows, export=PROPOSALS, context={"waiting": waiting})


# --- issuing (R-CERT-2) ---------------------------------------------------------------------------


@login_required
def issue(request: AuthedRequest) -> HttpResponse:
    """Plans with final results and the runs that issued them; one click issues a whole plan."""
    if not services.capabilities(request.user)["issue"]:
        raise PermissionDenied(_("证书由评价机构的负责人、经办人颁发"))
    form = IssueRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = selectors.plans_to_issue(request.user).filter(pk=form.cleaned_data["plan"]).first()
        if plan is None:
            raise Http404(_("未找到该记录"))
        run = attempt(
            form,
            lambda: services.start_issuance_run(actor=request.user, plan=plan, level=form.cleaned_data["level"]),
        )
        if isinstance(run, IssuanceRun):
            messages.success(request, _("已开始批量发证：%(number)s") % {"number": plan.number})
            return redirect("certificates:run", pk=run.pk)
    plans = selectors.plans_to_issue(request.user)[:100]
    runs = selectors.runs_visible_to(request.user).order_by("-created_at")[:30]
    status = 400 if form.errors else 200
    return render(request, "certificates/issue.html", {"form": form, "plans": plans, "runs": runs}, status=status)


@login_required
def run_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Progress of a plan-wide issuance and every refusal with its reasons (R-CERT-2)."""
    run = get_visible_or_404(selectors.runs_visible_to(request.user), request.user, pk=pk)
    may_retry = run.may_retry and services.may_issue(request.user, run.plan)
    return render(request, "certificates/run.html", {"run": run, "may_retry": may_retry})


@login_required
@require_POST
def run_retry(request: AuthedRequest, pk: int) -> HttpResponse:
    """Continue a plan-wide issuance that stopped (a lost worker, a system error) (R-CERT-2, R-X-4)."""
    run = get_visible_or_404(selectors.runs_visible_to(request.user), request.user, pk=pk)
    attempt_with_message(
        request,
        lambda: services.retry_issuance_run(actor=request.user, run=run),
        _("已重新排队，将为其余考生继续发证"),
    )
    return redirect("certificates:run", pk=run.pk)


# --- national export (R-CERT-6) -------------------------------------------------------------------


EXPORT_BATCHES = ListExport(
    gettext_lazy("证书上报批次"),
    [
        Column(gettext_lazy("批次号"), lambda b: b.number),
        Column(gettext_lazy("评价机构"), lambda b: b.institution.filed_name),
        Column(gettext_lazy("证书数"), lambda b: b.count),
        Column(gettext_lazy("生成时间"), lambda b: b.created_at),
        Column(gettext_lazy("JSON文件SHA-256"), lambda b: b.sha256),
    ],
)


@login_required
@exports(EXPORT_BATCHES)
def export_batches(request: AuthedRequest) -> HttpResponseBase:
    """Export batches, certificates waiting for export, and those overdue (R-CERT-6)."""
    batches = selectors.batches_visible_to(request.user).order_by("-created_at", "-id")
    if (response := export_or_none(request, EXPORT_BATCHES, batches)) is not None:
        return response
    overdue = selectors.overdue_exports(request.user)
    context = {
        "page": paginate(request, batches),
        "overdue": overdue[:200],
        "overdue_count": overdue.count(),
        "waiting": selectors.certificates_visible_to(request.user)
        .filter(export_batch__isnull=True)
        .exclude(status="voided")
        .count(),
        "can": services.capabilities(request.user),
        "institution": own_institution(request.user),
        "form": DecideForm(),
    }
    return render(request, "certificates/exports.html", context)


@login_required
@require_POST
def export_create(request: AuthedRequest) -> HttpResponse:
    institution = own_institution(request.user)
    if institution is None:
        raise PermissionDenied(_("上报批次由发证的评价机构生成"))
    try:
        batch = services.create_export_batch(actor=request.user, institution=institution)
    except DomainError as exc:
        messages.error(request, exc.message)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    else:
        messages.success(
            request, _("已生成上报批次 %(number)s（%(count)s本）") % {"number": batch.number, "count": batch.count}
        )
    return redirect("certificates:exports")


@login_required
def export_download(request: AuthedRequest, pk: int, fmt: str) -> HttpResponseBase:
    batch: ExportBatch = get_visible_or_404(selectors.batches_visible_to(request.user), request.user, pk=pk)
    try:
        data = services.download_export(actor=request.user, batch=batch, fmt=fmt)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    except DomainError as exc:
        raise Http404(exc.message) from exc
    if fmt == "json":
        response = HttpResponse(data, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{batch.number}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- site serial register (R-CERT-1) --------------------------------------------------------------


SITE_SERIALS = ListExport(
    gettext_lazy("站点序号"),
    [
        Column(gettext_lazy("站点序号"), lambda r: r.serial),
        Column(gettext_lazy("评价机构"), lambda r: r.institution.filed_name),
        Column(gettext_lazy("考点"), lambda r: r.venue.name if r.venue_id else _("全部考点")),
        Column(gettext_lazy("分配日期"), lambda r: r.assigned_on),
        Column(gettext_lazy("停用日期"), lambda r: r.retired_on),
        Column(gettext_lazy("备注"), lambda r: r.note),
    ],
)


@login_required
@exports(SITE_SERIALS)
def site_serials(request: AuthedRequest) -> HttpResponseBase:
    """The register of site serials; the regional department assigns and retires them (R-CERT-1)."""
    can = services.capabilities(request.user)
    form = None
    if can["register"]:
        form = SiteSerialForm(
            request.POST or None,
            institutions=Institution.objects.filter(filed_on__isnull=False).order_by("filed_name"),
            venues=Venue.objects.select_related("institution").order_by("institution__filed_name", "name"),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            row = attempt(
                form,
                lambda: services.assign_site_serial(
                    actor=request.user,
                    institution=data["institution"],
                    serial=data["serial"],
                    venue=data["venue"],
                    note=data["note"],
                ),
            )
            if isinstance(row, SiteSerial):
                messages.success(request, _("已分配站点序号 %(serial)s") % {"serial": row.serial})
                return redirect("certificates:site_serials")
    elif request.method == "POST":
        raise PermissionDenied(_("站点序号由自治区人社厅分配"))
    rows = selectors.site_serials_visible_to(request.user)
    if request.method == "GET" and (response := export_or_none(request, SITE_SERIALS, rows)) is not None:
        return response
    status = 400 if form is not None and form.errors else 200
    context = {"page": paginate(request, rows), "form": form, "can": can, "retire_form": RetireForm()}
    return render(request, "certificates/site_serials.html", context, status=status)


@login_required
@require_POST
def site_serial_retire(request: AuthedRequest, pk: int) -> HttpResponse:
    row = get_visible_or_404(selectors.site_serials_visible_to(request.user), request.user, pk=pk)
    form = RetireForm(request.POST)
    if form.is_valid():
        try:
            services.retire_site_serial(actor=request.user, site_serial=row, note=form.cleaned_data["note"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已停用站点序号 %(serial)s") % {"serial": row.serial})
    else:
        messages.error(request, _("停用原因：不能为空"))
    return redirect("certificates:site_serials")
