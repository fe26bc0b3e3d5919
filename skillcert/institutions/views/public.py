"""Public register, blacklist, rule documents and the online application (no login) (R-PUB-1, R-INS-2)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from skillcert.accounts.choices import OrgKind
from skillcert.core.errors import DomainError
from skillcert.core.forms import apply_domain_error
from skillcert.core.listing import Column, ListExport, export_or_none, exports, list_page, paginate
from skillcert.institutions import selectors, services
from skillcert.institutions.choices import (
    BranchFilingStatus,
    CostItem,
    RuleDocumentKind,
)
from skillcert.institutions.filtersets import (
    BlacklistFilterSet,
    InstitutionFilterSet,
)
from skillcert.institutions.forms import (
    ApplicationForm,
    StatusLookupForm,
    scope_entries,
    scope_rows,
)
from skillcert.institutions.models import (
    BranchFiling,
    Institution,
    RuleDocument,
)
from skillcert.institutions.services import SupportingDocument
from skillcert.institutions.views.common import (
    rule_document_response,
    scope_summary,
)

PUBLIC_REGISTER = ListExport(
    gettext_lazy("评价机构名录"),
    [
        Column(gettext_lazy("机构名称"), lambda i: i.filed_name),
        Column(gettext_lazy("上级机构"), lambda i: i.parent.filed_name if i.parent else ""),
        Column(gettext_lazy("类型"), lambda i: i.get_type_display()),
        Column(gettext_lazy("区域范围"), lambda i: i.area.name),
        Column(gettext_lazy("备案编号"), lambda i: (i.parent.filing_number if i.parent else i.filing_number) or ""),
        Column(gettext_lazy("备案范围"), scope_summary),
        Column(gettext_lazy("状态"), lambda i: i.get_status_display()),
    ],
)

BLACKLIST = ListExport(
    gettext_lazy("评价机构失信黑名单"),
    [
        Column(gettext_lazy("机构名称"), lambda e: e.filed_name),
        Column(gettext_lazy("统一社会信用代码"), lambda e: e.credit_code),
        Column(gettext_lazy("列入日期"), lambda e: e.listed_on),
        Column(gettext_lazy("决定机关"), lambda e: e.authority.name),
        Column(gettext_lazy("依据"), lambda e: e.grounds),
    ],
)


@exports(PUBLIC_REGISTER)
def public_register(request: HttpRequest) -> HttpResponseBase:
    """Search filed institutions by league, type, occupation, level and status; no login."""
    queryset = selectors.public_institutions().prefetch_related(selectors.open_scope_prefetch())
    filterset = InstitutionFilterSet(request.GET or None, queryset=queryset)
    rows = filterset.qs if filterset.is_bound else queryset
    if (response := export_or_none(request, PUBLIC_REGISTER, rows)) is not None:
        return response
    page = paginate(request, rows)
    for inst in page:
        inst.scope_summary = scope_summary(inst)  # type: ignore[attr-defined]
    return render(request, "institutions/public_register.html", {"filter": filterset, "page": page})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One institution: scope, branches, rule documents, fees, commitment, status (R-PUB-1)."""
    institution = selectors.public_institutions().filter(pk=pk).first()
    if institution is None:
        raise Http404(gettext("未找到该机构"))
    return render(request, "institutions/public_detail.html", _public_context(institution))


def _public_context(institution: Institution) -> dict[str, Any]:
    docs = selectors.published_rule_documents(institution)
    branches = selectors.public_institutions().filter(parent=institution)
    return {
        "institution": institution,
        "scope_items": selectors.scope_items_on(institution),
        "documents": [(kind.label, docs.get(kind.value)) for kind in RuleDocumentKind],
        "fees": selectors.published_fees(institution),
        "cost_items": CostItem.choices,
        "commitment": selectors.public_commitment_status(institution),
        "branches": branches,
        "branch_leagues": (
            BranchFiling.objects.filter(branch=institution, status=BranchFilingStatus.ACCEPTED)
            .select_related("league")
            .order_by("league__sort_order")
            if institution.is_branch
            else []
        ),
        "blacklist_entry": getattr(institution, "blacklist_entry", None) if institution.blacklisted else None,
    }


def public_rule_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A published rule document: its text, or its file as a download (R-INS-3)."""
    document = (
        RuleDocument.objects.filter(pk=pk, published_at__isnull=False)
        .select_related("institution")
        .filter(institution__in=selectors.public_institutions())
        .first()
    )
    if document is None:
        raise Http404(gettext("未找到该制度"))
    return rule_document_response(request, document)


@exports(BLACKLIST)
def public_blacklist(request: HttpRequest) -> HttpResponseBase:
    """Institutions whose qualification was revoked (R-INS-8, R-PUB-1)."""
    filterset = BlacklistFilterSet(request.GET or None, queryset=selectors.public_blacklist())
    return list_page(
        request, "institutions/blacklist.html", filterset.qs, export=BLACKLIST, context={"filter": filterset}
    )


def apply(request: HttpRequest) -> HttpResponse:
    """The online filing application; an organisation already on the platform applies for itself."""
    user = request.user
    own_org = False
    if user.is_authenticated:
        if user.organisation.kind != OrgKind.INSTITUTION:  # type: ignore[union-attr]
            messages.info(request, gettext("备案申请由评价机构提交；监管部门请在“备案申请”中审核。"))
            return redirect("institutions:applications")
        if Institution.objects.filter(organisation_id=user.organisation_id).exists():  # type: ignore[union-attr]
            messages.info(request, gettext("本机构已备案：范围变更、延续和注销请在本机构页面提交申请。"))
            return redirect("institutions:mine")
        own_org = True
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, request.FILES if data is not None else None)
    rows = scope_rows(data)
    if data is not None and form.is_valid():
        cd = form.cleaned_data
        documents = [SupportingDocument(cd["document_title"], cd["document"])]
        if cd.get("document2"):
            documents.append(SupportingDocument(cd.get("document2_title") or gettext("其他材料"), cd["document2"]))
        try:
            application = services.submit_initial_application(
                actor=user,
                type=cd["type"],
                filed_name=cd["filed_name"],
                credit_code=cd["credit_code"],
                responsible_person=cd["responsible_person"],
                address=cd["address"],
                area=cd["area"],
                ministry_filed=cd["ministry_filed"],
                ministry_code=cd.get("ministry_code") or "0000",
                items=scope_entries(rows),
                documents=documents,
                manager_username=cd.get("manager_username", ""),
                manager_full_name=cd.get("manager_full_name", ""),
                manager_email=cd.get("manager_email", ""),
                note=cd.get("note", ""),
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return render(request, "institutions/apply_done.html", {"application": application})
    status = 400 if form.errors else 200
    context = {"form": form, "rows": rows, "for_existing_org": own_org}
    return render(request, "institutions/apply.html", context, status=status)


def application_status(request: HttpRequest) -> HttpResponse:
    """The applicant looks up an application by its reference and credit code, without logging in."""
    form = StatusLookupForm(request.GET or None)
    application = None
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        application = selectors.applications_for_status_lookup(
            form.cleaned_data["reference"], form.cleaned_data["credit_code"]
        )
    return render(
        request,
        "institutions/application_status.html",
        {"form": form, "application": application, "searched": searched},
    )
