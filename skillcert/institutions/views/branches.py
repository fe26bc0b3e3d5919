"""Branches and their 报备 to a league bureau (R-INS-1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from skillcert.accounts.types import AuthedRequest
from skillcert.core.errors import DomainError
from skillcert.core.forms import apply_domain_error
from skillcert.core.listing import Column, ListExport, exports, list_page
from skillcert.core.scoping import get_visible_or_404
from skillcert.institutions import selectors, services
from skillcert.institutions.choices import (
    BranchFilingStatus,
)
from skillcert.institutions.filtersets import (
    BranchFilingFilterSet,
)
from skillcert.institutions.forms import (
    BranchFilingForm,
    BranchForm,
    RejectForm,
)
from skillcert.institutions.models import (
    BranchFiling,
)
from skillcert.institutions.services.access import may_act_for_authority
from skillcert.institutions.views.common import (
    institution_or_404,
    local_time,
    quote_filename,
    require_own,
    simple_form,
)

BRANCH_FILINGS = ListExport(
    gettext_lazy("分支机构报备"),
    [
        Column(gettext_lazy("报备编号"), lambda b: b.reference),
        Column(gettext_lazy("分支机构"), lambda b: b.branch.filed_name),
        Column(gettext_lazy("上级机构"), lambda b: b.branch.parent.filed_name if b.branch.parent else ""),
        Column(gettext_lazy("上级机构备案编号"), lambda b: b.parent_filing_number),
        Column(gettext_lazy("报备盟市"), lambda b: b.league.name),
        Column(gettext_lazy("受理部门"), lambda b: b.bureau.name),
        Column(gettext_lazy("评价场地"), lambda b: f"{b.venue.name}（{b.venue.address}）"),
        Column(gettext_lazy("负责人"), lambda b: b.responsible_person),
        Column(gettext_lazy("提交时间"), lambda b: local_time(b.created_at)),
        Column(gettext_lazy("状态"), lambda b: b.get_status_display()),
        Column(gettext_lazy("审核时间"), lambda b: local_time(b.decided_at)),
        Column(gettext_lazy("审核意见"), lambda b: b.decision_reasons),
    ],
)


@login_required
@exports(BRANCH_FILINGS)
def branch_filing_list(request: AuthedRequest) -> HttpResponseBase:
    """Branch 报备 in the actor's scope (R-INS-1)."""
    filterset = BranchFilingFilterSet(request.GET or None, queryset=selectors.branch_filings_visible_to(request.user))
    return list_page(
        request,
        "institutions/branch_filing_list.html",
        filterset.qs,
        export=BRANCH_FILINGS,
        context={"filter": filterset},
    )


@login_required
def register_branch(request: AuthedRequest, pk: int) -> HttpResponse:
    institution = institution_or_404(request, pk)
    require_own(request, institution)
    form = BranchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.register_branch(actor=request.user, parent=institution, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return render(
                request,
                "institutions/account_created.html",
                {
                    "result": result,
                    "institution": result.branch,
                    "manager": result.manager,
                    "password": result.initial_password,
                },
            )
    return render(
        request,
        "institutions/form.html",
        {"form": form, "institution": institution, "title": gettext("登记分支机构"), "submit": gettext("登记")},
        status=400 if form.errors else 200,
    )


@login_required
def submit_branch_filing(request: AuthedRequest, pk: int) -> HttpResponse:
    institution = institution_or_404(request, pk)
    require_own(request, institution)
    data = request.POST if request.method == "POST" else None
    form = BranchFilingForm(data, request.FILES if data else None, venues=institution.venues.filter(is_active=True))
    return simple_form(
        request,
        institution,
        form,
        title=gettext("向盟市人社局报备"),
        submit=gettext("提交报备"),
        action=lambda cd: services.submit_branch_filing(
            actor=request.user,
            branch=institution,
            league=cd["league"],
            licence_file=cd["licence_file"],
            venue=cd["venue"],
            responsible_person=cd["responsible_person"],
            staff=form.staff_list(),
        ),
        success=lambda f: gettext("已向%(name)s提交报备（报备编号 %(reference)s）")
        % {"name": f.bureau.name, "reference": f.reference},
    )


@login_required
def branch_filing_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A branch's 报备; the league's bureau accepts or rejects it (R-INS-1)."""
    filing = get_visible_or_404(selectors.branch_filings_visible_to(request.user), request.user, pk=pk)
    user = request.user
    may_decide = filing.status == BranchFilingStatus.SUBMITTED and may_act_for_authority(user, filing.bureau)
    form = RejectForm(request.POST if request.method == "POST" and request.POST.get("op") == "reject" else None)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied(gettext("该报备由报备盟市人社局审核"))
        try:
            if request.POST.get("op") == "accept":
                services.accept_branch_filing(actor=user, filing=filing, reasons=request.POST.get("reasons", ""))
                messages.success(
                    request,
                    gettext("报备 %(reference)s 已通过，分支机构可在%(name)s开展认定")
                    % {"reference": filing.reference, "name": filing.league.name},
                )
                return redirect("institutions:branch_filing_detail", pk=pk)
            if form.is_valid():
                services.reject_branch_filing(actor=user, filing=filing, reasons=form.cleaned_data["reasons"])
                messages.success(request, gettext("报备 %(reference)s 不予通过") % {"reference": filing.reference})
                return redirect("institutions:branch_filing_detail", pk=pk)
        except DomainError as exc:
            form = RejectForm(request.POST)
            form.is_valid()
            apply_domain_error(form, exc)
    context = {"filing": filing, "may_decide": may_decide, "reject_form": form}
    return render(request, "institutions/branch_filing_detail.html", context, status=400 if form.errors else 200)


@login_required
def branch_licence(request: AuthedRequest, pk: int) -> HttpResponseBase:
    filing = get_visible_or_404(BranchFiling.objects.all(), request.user, pk=pk)
    response = FileResponse(filing.licence_file.open("rb"))
    response["Content-Disposition"] = "inline; filename*=UTF-8''" + quote_filename(filing.licence_original_name)
    return response
