"""Institutions and their filing applications: lists, the institution page, lifecycle and decisions
(R-INS-2, R-INS-7, R-INS-8)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from skillcert.accounts.choices import Role
from skillcert.accounts.types import AuthedRequest
from skillcert.core.errors import DomainError
from skillcert.core.forms import apply_domain_error
from skillcert.core.listing import Column, ListExport, exports, list_page
from skillcert.core.scoping import get_visible_or_404
from skillcert.institutions import authorities, selectors, services
from skillcert.institutions.choices import (
    TRANSITIONS,
    ApplicationKind,
    ApplicationStatus,
    FeeStatus,
    InstitutionStatus,
    RuleDocumentKind,
)
from skillcert.institutions.filtersets import (
    ApplicationFilterSet,
    InstitutionFilterSet,
)
from skillcert.institutions.forms import (
    AcceptForm,
    ChangeApplicationForm,
    RejectForm,
    StatusForm,
    scope_entries,
    scope_rows,
)
from skillcert.institutions.models import (
    BranchFiling,
    Commitment,
    Fee,
    FilingApplication,
    FilingDocument,
    RuleDocument,
    ScopeItem,
    ScopeVersion,
)
from skillcert.institutions.services import SupportingDocument
from skillcert.institutions.services.access import (
    may_act_for_authority,
    may_act_for_institution,
    may_decide_as_authority,
)
from skillcert.institutions.views.common import (
    flagged,
    institution_or_404,
    local_time,
    quote_filename,
    require_own,
)

INSTITUTIONS = ListExport(
    gettext_lazy("评价机构"),
    [
        Column(gettext_lazy("备案名称"), lambda i: i.filed_name),
        Column(gettext_lazy("统一社会信用代码"), lambda i: i.credit_code),
        Column(gettext_lazy("机构类型"), lambda i: i.get_type_display()),
        Column(gettext_lazy("区域范围"), lambda i: i.area.name),
        Column(gettext_lazy("上级机构"), lambda i: i.parent.filed_name if i.parent else ""),
        Column(gettext_lazy("备案机关"), lambda i: i.filing_authority.name if i.filing_authority else ""),
        Column(gettext_lazy("备案编号"), lambda i: i.filing_number or ""),
        Column(gettext_lazy("备案日期"), lambda i: i.filed_on),
        Column(gettext_lazy("有效期至"), lambda i: i.valid_until),
        Column(gettext_lazy("状态"), lambda i: i.get_status_display()),
        Column(gettext_lazy("整改期限"), lambda i: i.rectification_deadline),
    ],
)

APPLICATIONS = ListExport(
    gettext_lazy("备案申请"),
    [
        Column(gettext_lazy("申请编号"), lambda a: a.reference),
        Column(gettext_lazy("申请类型"), lambda a: a.get_kind_display()),
        Column(gettext_lazy("机构名称"), lambda a: a.filed_name),
        Column(gettext_lazy("统一社会信用代码"), lambda a: a.credit_code),
        Column(gettext_lazy("区域范围"), lambda a: a.area.name),
        Column(gettext_lazy("备案机关"), lambda a: a.competent_authority.name),
        Column(gettext_lazy("提交时间"), lambda a: local_time(a.created_at)),
        Column(gettext_lazy("状态"), lambda a: a.get_status_display()),
        Column(gettext_lazy("审核时间"), lambda a: local_time(a.decided_at)),
        Column(gettext_lazy("审核意见"), lambda a: a.decision_reasons),
        Column(gettext_lazy("备案编号"), lambda a: a.filing_number),
    ],
)


@login_required
@exports(INSTITUTIONS)
def institution_list(request: AuthedRequest) -> HttpResponseBase:
    """Institutions in the actor's scope (a bureau its league, the region all, an institution itself)."""
    filterset = InstitutionFilterSet(request.GET or None, queryset=selectors.institutions_visible_to(request.user))
    return list_page(
        request, "institutions/institution_list.html", filterset.qs, export=INSTITUTIONS, context={"filter": filterset}
    )


@login_required
@exports(APPLICATIONS)
def application_list(request: AuthedRequest) -> HttpResponseBase:
    """Filing applications in the actor's scope (R-INS-2)."""
    filterset = ApplicationFilterSet(request.GET or None, queryset=selectors.applications_visible_to(request.user))
    return list_page(
        request, "institutions/application_list.html", filterset.qs, export=APPLICATIONS, context={"filter": filterset}
    )


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """The institution's home: its own page with the readiness checklist (R-INS-7)."""
    institution = selectors.own_institution(request.user)
    if institution is None:
        if request.user.organisation.kind == "institution":  # type: ignore[union-attr]
            return redirect("institutions:apply")
        raise Http404(gettext("本机构不是评价机构"))
    return redirect("institutions:detail", pk=institution.pk)


@login_required
def institution_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    institution = institution_or_404(request, pk)
    user = request.user
    own = may_act_for_institution(user, institution)
    authority = may_decide_as_authority(user)
    docs = selectors.published_rule_documents(institution)
    text = selectors.current_commitment_text(institution)
    signature = Commitment.objects.filter(institution=institution, text=text).first() if text else None
    fees = list(
        Fee.objects.filter(institution=institution)
        .exclude(status=FeeStatus.SUPERSEDED)
        .select_related("occupation", "work_type")
        .prefetch_related("items")
        .order_by("occupation__code", "work_type__name", "-level", "-id")
    )
    band = selectors.band_percent()
    for fee in fees:
        fee.flagged = flagged(fee, band)  # type: ignore[attr-defined]
    context = {
        "institution": institution,
        "own": own,
        "is_manager": own and (user.is_superuser or Role.MANAGER in user.role_codes),  # type: ignore[union-attr]
        "authority": authority,
        "checklist": selectors.readiness_checklist(institution),
        "missing": selectors.institution_readiness(institution),
        "scope_items": selectors.scope_items_on(institution),
        "scope_versions": ScopeVersion.objects.filter(institution=institution.root).order_by("-number"),
        "documents": [(kind, docs.get(kind.value)) for kind in RuleDocumentKind],
        "all_documents": RuleDocument.objects.filter(institution=institution)
        .defer("body")
        .order_by("kind", "-version"),
        "commitment_text": text,
        "signature": signature,
        "commitment_authority": authorities.commitment_authority_for(institution),
        "fees": fees,
        "band": band,
        "venues": selectors.venues_visible_to(user).filter(institution=institution),
        "roster_count": institution.roster.count(),
        "roster_applies": institution.type in ("enterprise", "technical_school"),
        "branches": institution.branches.select_related("area").all(),
        "branch_filings": BranchFiling.objects.filter(branch=institution).select_related("league", "venue"),
        "may_have_branches": selectors.may_have_branches(institution),
        "history": institution.status_changes.select_related("changed_by", "authority").order_by("-changed_at"),
        "applications": institution.applications.order_by("-created_at")[:10],
        "status_form": StatusForm(),
        "transitions": [InstitutionStatus(s).label for s in sorted(TRANSITIONS[institution.status])],
    }
    return render(request, "institutions/detail.html", context)


@login_required
def change_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """An authority orders a lifecycle transition with its grounds (R-INS-8)."""
    institution = institution_or_404(request, pk)
    form = StatusForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                actor=request.user,
                institution=institution,
                to_status=form.cleaned_data["to_status"],
                grounds=form.cleaned_data["grounds"],
                deadline=form.cleaned_data.get("deadline"),
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                gettext("已将“%(filed_name)s”的状态变更为“%(status)s”")
                % {"filed_name": institution.filed_name, "status": institution.get_status_display()},
            )
            return redirect("institutions:detail", pk=pk)
    return render(
        request,
        "institutions/form.html",
        {"form": form, "institution": institution, "title": gettext("变更机构状态"), "submit": gettext("确认变更")},
        status=400 if form.errors else 200,
    )


@login_required
def new_application(request: AuthedRequest, pk: int) -> HttpResponse:
    """Scope change, renewal or withdrawal, decided like the first filing (R-INS-2)."""
    institution = institution_or_404(request, pk)
    require_own(request, institution)
    kind = request.GET.get("kind") or request.POST.get("kind") or ApplicationKind.SCOPE_CHANGE
    if kind not in (ApplicationKind.SCOPE_CHANGE, ApplicationKind.RENEWAL, ApplicationKind.WITHDRAWAL):
        raise Http404(gettext("未知的申请类型"))
    data = request.POST if request.method == "POST" else None
    form = ChangeApplicationForm(data, request.FILES if data else None)
    initial_rows: Any = data
    if data is None and kind == ApplicationKind.SCOPE_CHANGE:
        initial_rows = _rows_from_scope(selectors.scope_items_on(institution))
    rows = scope_rows(initial_rows) if kind == ApplicationKind.SCOPE_CHANGE else []
    if data is not None and form.is_valid():
        cd = form.cleaned_data
        documents = (
            [SupportingDocument(cd.get("document_title") or gettext("申请材料"), cd["document"])]
            if cd.get("document")
            else []
        )
        try:
            application = services.submit_change_application(
                actor=request.user,
                institution=institution,
                kind=kind,
                items=scope_entries(rows),
                documents=documents,
                note=cd.get("note", ""),
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                gettext("已提交%(kind)s申请（申请编号 %(reference)s）")
                % {"kind": application.get_kind_display(), "reference": application.reference},
            )
            return redirect("institutions:detail", pk=pk)
    context = {
        "form": form,
        "rows": rows,
        "institution": institution,
        "kind": kind,
        "kind_label": ApplicationKind(kind).label,
    }
    return render(request, "institutions/change_application.html", context, status=400 if form.errors else 200)


def _rows_from_scope(items: Iterable[ScopeItem]) -> dict[str, Any]:
    from django.http import QueryDict

    grouped: dict[str, list[int]] = {}
    for item in items:
        key = f"{item.occupation_id}:{item.work_type_id}" if item.work_type_id else str(item.occupation_id)
        grouped.setdefault(key, []).append(item.level)
    data = QueryDict(mutable=True)
    for i, (target, levels) in enumerate(grouped.items()):
        data[f"scope-{i}-target"] = target
        data.setlist(f"scope-{i}-levels", [str(v) for v in levels])
    return data  # type: ignore[return-value]


@login_required
def application_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """An application with its items and documents; the competent authority accepts or rejects it (R-INS-2)."""
    application = get_visible_or_404(selectors.application_detail_queryset(request.user), request.user, pk=pk)
    user = request.user
    may_decide = application.status == ApplicationStatus.SUBMITTED and may_act_for_authority(
        user, application.competent_authority
    )
    accept_form = AcceptForm(
        initial={"filing_number": selectors.suggest_filing_number(application)} if may_decide else None
    )
    reject_form = RejectForm()
    op = request.POST.get("op")
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied(gettext("该申请由备案机关审核"))
        if op == "accept":
            accept_form = AcceptForm(request.POST)
            if accept_form.is_valid():
                try:
                    decision = services.accept_application(
                        actor=user,
                        application=application,
                        filing_number=accept_form.cleaned_data.get("filing_number", ""),
                        valid_until=accept_form.cleaned_data.get("valid_until"),
                        reasons=accept_form.cleaned_data.get("reasons", ""),
                    )
                except DomainError as exc:
                    apply_domain_error(accept_form, exc)
                else:
                    if decision.manager is not None:
                        return render(
                            request,
                            "institutions/account_created.html",
                            {
                                "institution": decision.institution,
                                "manager": decision.manager,
                                "password": decision.initial_password,
                                "application": application,
                            },
                        )
                    messages.success(
                        request, gettext("申请 %(reference)s 已通过") % {"reference": application.reference}
                    )
                    return redirect("institutions:application_detail", pk=pk)
        elif op == "reject":
            reject_form = RejectForm(request.POST)
            if reject_form.is_valid():
                try:
                    services.reject_application(
                        actor=user, application=application, reasons=reject_form.cleaned_data["reasons"]
                    )
                except DomainError as exc:
                    apply_domain_error(reject_form, exc)
                else:
                    messages.success(
                        request,
                        gettext("申请 %(reference)s 不予备案，理由已告知申请人") % {"reference": application.reference},
                    )
                    return redirect("institutions:application_detail", pk=pk)
    context = {
        "application": application,
        "may_decide": may_decide,
        "accept_form": accept_form,
        "reject_form": reject_form,
        "current_items": selectors.scope_items_on(application.institution) if application.institution else [],
    }
    status = 400 if (accept_form.errors or reject_form.errors) else 200
    return render(request, "institutions/application_detail.html", context, status=status)


@login_required
def application_document(request: AuthedRequest, pk: int) -> HttpResponseBase:
    document = FilingDocument.objects.select_related("application").filter(pk=pk).first()
    if document is None:
        raise Http404(gettext("未找到该材料"))
    get_visible_or_404(FilingApplication.objects.all(), request.user, pk=document.application_id)
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = "inline; filename*=UTF-8''" + quote_filename(document.original_name)
    return response
