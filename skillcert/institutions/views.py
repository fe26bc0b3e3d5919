"""Institution pages: the public register, blacklist and application form (no login), and the staff
lists, institution workbench and workflow pages (R-INS-1..8, R-PUB-1, R-REP-2).

Views parse input with forms and call services; a DomainError comes back as field errors
with status 400; a forbidden object is the same 404 as a missing one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from skillcert.accounts.choices import OrgKind, Role
from skillcert.catalog.choices import level_label
from skillcert.catalog.models import display_work_type
from skillcert.core.errors import DomainError
from skillcert.core.excel import xlsx_response
from skillcert.core.forms import apply_domain_error
from skillcert.core.listing import paginate
from skillcert.core.scoping import get_visible_or_404
from skillcert.institutions import authorities, selectors, services
from skillcert.institutions.choices import (
    TRANSITIONS,
    ApplicationKind,
    ApplicationStatus,
    BranchFilingStatus,
    CostItem,
    FeeStatus,
    InstitutionStatus,
    RuleDocumentKind,
)
from skillcert.institutions.filtersets import (
    ApplicationFilterSet,
    BlacklistFilterSet,
    BranchFilingFilterSet,
    FeeFilterSet,
    InstitutionFilterSet,
)
from skillcert.institutions.forms import (
    AcceptForm,
    ApplicationForm,
    BranchFilingForm,
    BranchForm,
    ChangeApplicationForm,
    CommitmentTextForm,
    FeeForm,
    RejectForm,
    RoomForm,
    RosterImportForm,
    RuleDocumentForm,
    StatusForm,
    StatusLookupForm,
    VenueForm,
    parse_target,
    scope_entries,
    scope_rows,
)
from skillcert.institutions.models import (
    BranchFiling,
    Commitment,
    Fee,
    FilingApplication,
    FilingDocument,
    Institution,
    RuleDocument,
    ScopeItem,
    ScopeVersion,
    Venue,
)
from skillcert.institutions.models.policies import EDIT_ROLES
from skillcert.institutions.services import ROSTER_HEADERS, SupportingDocument


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return params.urlencode()


def _wants_export(request: HttpRequest) -> bool:
    return request.GET.get("export") == "xlsx"


def _date(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _is_editor(user: Any) -> bool:
    return bool(user.is_superuser or user.role_codes & EDIT_ROLES)


def _is_own(user: Any, institution: Institution) -> bool:
    return user.is_authenticated and user.organisation_id == institution.organisation_id and _is_editor(user)


def _is_authority_editor(user: Any) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or (authorities.is_decision_authority(user.organisation) and bool(user.role_codes & EDIT_ROLES))
    )


def _scope_summary(institution: Institution) -> str:
    """Occupations of the current scope, e.g. "电工（五级至三级）"; branches print their parent's."""
    versions = getattr(institution, "open_versions", None)
    if institution.parent_id is not None:
        return "同上级机构备案范围"
    if not versions:
        return ""
    grouped: dict[str, list[int]] = {}
    for item in versions[0].items.all():
        key = item.occupation.name + (f"/{item.work_type.name}" if item.work_type else "")
        grouped.setdefault(key, []).append(item.level)
    return "；".join(
        f"{k}（{'、'.join(level_label(v).split('/')[0] for v in sorted(lv, reverse=True))}）"
        for k, lv in grouped.items()
    )


# --- public register (R-PUB-1) -------------------------------------------------------------------


def public_register(request: HttpRequest) -> HttpResponse:
    """Search filed institutions by league, type, occupation, level and status; no login."""
    queryset = selectors.public_institutions().prefetch_related(selectors.open_scope_prefetch())
    filterset = InstitutionFilterSet(request.GET or None, queryset=queryset)
    rows = filterset.qs if filterset.is_bound else queryset
    page = paginate(request, rows)
    for inst in page:
        inst.scope_summary = _scope_summary(inst)  # type: ignore[attr-defined]
    return render(
        request,
        "institutions/public_register.html",
        {"filter": filterset, "page": page, "query": _query_without_page(request)},
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One institution: scope, branches, rule documents, fees, commitment, status (R-PUB-1)."""
    institution = selectors.public_institutions().filter(pk=pk).first()
    if institution is None:
        raise Http404("未找到该机构")
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
        raise Http404("未找到该制度")
    return _rule_document_response(request, document)


def _rule_document_response(request: HttpRequest, document: RuleDocument) -> HttpResponseBase:
    if document.file and request.GET.get("download") == "1":
        response = FileResponse(document.file.open("rb"), content_type=document.content_type)
        response["Content-Disposition"] = "attachment; filename*=UTF-8''" + _quote(document.original_name)
        return response
    return render(request, "institutions/rule_document.html", {"document": document})


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def public_blacklist(request: HttpRequest) -> HttpResponse:
    """Institutions whose qualification was revoked (R-INS-8, R-PUB-1)."""
    filterset = BlacklistFilterSet(request.GET or None, queryset=selectors.public_blacklist())
    page = paginate(request, filterset.qs)
    return render(request, "institutions/blacklist.html", {"filter": filterset, "page": page})


# --- applying (R-INS-2) --------------------------------------------------------------------------


def apply(request: HttpRequest) -> HttpResponse:
    """The online filing application; an organisation already on the platform applies for itself."""
    user = request.user
    own_org = False
    if user.is_authenticated:
        if user.organisation.kind != OrgKind.INSTITUTION:  # type: ignore[union-attr]
            messages.info(request, "备案申请由评价机构提交；监管部门请在“备案申请”中审核。")
            return redirect("institutions:applications")
        if Institution.objects.filter(organisation_id=user.organisation_id).exists():  # type: ignore[union-attr]
            messages.info(request, "本机构已备案：范围变更、延续和注销请在本机构页面提交申请。")
            return redirect("institutions:mine")
        own_org = True
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, request.FILES if data is not None else None)
    rows = scope_rows(data)
    if data is not None and form.is_valid():
        cd = form.cleaned_data
        documents = [SupportingDocument(cd["document_title"], cd["document"])]
        if cd.get("document2"):
            documents.append(SupportingDocument(cd.get("document2_title") or "其他材料", cd["document2"]))
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


# --- staff lists with filters and Excel export (R-REP-2) -------------------------------------------


def _export_or_page(
    request: HttpRequest,
    qs: QuerySet[Any],
    *,
    template: str,
    context: dict[str, Any],
    filename: str,
    headers: Sequence[str],
    row: Callable[[Any], Sequence[Any]],
) -> HttpResponseBase:
    if _wants_export(request):
        return xlsx_response(filename, headers, (row(obj) for obj in qs.iterator(chunk_size=500)), title=filename[:31])
    page = paginate(request, qs)
    return render(request, template, {**context, "page": page, "query": _query_without_page(request)})


INSTITUTION_HEADERS = [
    "备案名称",
    "统一社会信用代码",
    "机构类型",
    "区域范围",
    "上级机构",
    "备案机关",
    "备案编号",
    "备案日期",
    "有效期至",
    "状态",
    "整改期限",
]


def _institution_row(i: Institution) -> list[Any]:
    return [
        i.filed_name,
        i.credit_code,
        i.get_type_display(),
        i.area.name,
        i.parent.filed_name if i.parent else "",
        i.filing_authority.name if i.filing_authority else "",
        i.filing_number or "",
        i.filed_on,
        i.valid_until,
        i.get_status_display(),
        i.rectification_deadline,
    ]


@login_required
def institution_list(request: HttpRequest) -> HttpResponseBase:
    """Institutions in the actor's scope (a bureau its league, the region all, an institution itself)."""
    filterset = InstitutionFilterSet(request.GET or None, queryset=selectors.institutions_visible_to(request.user))
    return _export_or_page(
        request,
        filterset.qs,
        template="institutions/institution_list.html",
        context={"filter": filterset},
        filename="评价机构",
        headers=INSTITUTION_HEADERS,
        row=_institution_row,
    )


@login_required
def application_list(request: HttpRequest) -> HttpResponseBase:
    filterset = ApplicationFilterSet(request.GET or None, queryset=selectors.applications_visible_to(request.user))
    return _export_or_page(
        request,
        filterset.qs,
        template="institutions/application_list.html",
        context={"filter": filterset},
        filename="备案申请",
        headers=[
            "申请编号",
            "申请类型",
            "机构名称",
            "统一社会信用代码",
            "区域范围",
            "备案机关",
            "提交时间",
            "状态",
            "审核时间",
            "审核意见",
            "备案编号",
        ],
        row=lambda a: [
            a.reference,
            a.get_kind_display(),
            a.filed_name,
            a.credit_code,
            a.area.name,
            a.competent_authority.name,
            _date(a.created_at),
            a.get_status_display(),
            _date(a.decided_at),
            a.decision_reasons,
            a.filing_number,
        ],
    )


@login_required
def branch_filing_list(request: HttpRequest) -> HttpResponseBase:
    filterset = BranchFilingFilterSet(request.GET or None, queryset=selectors.branch_filings_visible_to(request.user))
    return _export_or_page(
        request,
        filterset.qs,
        template="institutions/branch_filing_list.html",
        context={"filter": filterset},
        filename="分支机构报备",
        headers=[
            "报备编号",
            "分支机构",
            "上级机构",
            "上级机构备案编号",
            "报备盟市",
            "受理部门",
            "评价场地",
            "负责人",
            "提交时间",
            "状态",
            "审核时间",
            "审核意见",
        ],
        row=lambda b: [
            b.reference,
            b.branch.filed_name,
            b.branch.parent.filed_name if b.branch.parent else "",
            b.parent_filing_number,
            b.league.name,
            b.bureau.name,
            f"{b.venue.name}（{b.venue.address}）",
            b.responsible_person,
            _date(b.created_at),
            b.get_status_display(),
            _date(b.decided_at),
            b.decision_reasons,
        ],
    )


FEE_HEADERS = [
    "机构",
    "职业",
    "工种",
    "等级",
    "收费合计（元）",
    "测算成本合计（元）",
    "偏离成本（%）",
    "状态",
    "公示时间",
] + [f"{label}（收费/成本）" for _value, label in CostItem.choices]


def _fee_row(fee: Fee) -> list[Any]:
    by_item = {i.item: i for i in fee.items.all()}
    return [
        fee.institution.filed_name,
        fee.occupation.name,
        display_work_type(fee.work_type),
        level_label(fee.level),
        float(fee.total_amount),
        float(fee.total_cost),
        float(fee.deviation_percent) if fee.deviation_percent is not None else "成本为0",
        fee.get_status_display(),
        _date(fee.published_at),
    ] + [f"{by_item[v].amount}/{by_item[v].estimated_cost}" if v in by_item else "" for v, _label in CostItem.choices]


@login_required
def fee_list(request: HttpRequest) -> HttpResponseBase:
    filterset = FeeFilterSet(request.GET or None, queryset=selectors.fees_visible_to(request.user))
    return _export_or_page(
        request,
        filterset.qs,
        template="institutions/fee_list.html",
        context={"filter": filterset, "band": selectors.band_percent(), "flags_only": False},
        filename="收费标准",
        headers=FEE_HEADERS,
        row=_fee_row,
    )


@login_required
def fee_flags(request: HttpRequest) -> HttpResponseBase:
    """Published fees beyond the band above or below their estimated cost (R-INS-5)."""
    filterset = FeeFilterSet(request.GET or None, queryset=selectors.fee_flags_visible_to(request.user))
    return _export_or_page(
        request,
        filterset.qs,
        template="institutions/fee_list.html",
        context={"filter": filterset, "band": selectors.band_percent(), "flags_only": True},
        filename="收费偏离成本预警",
        headers=FEE_HEADERS,
        row=_fee_row,
    )


# --- an institution's page -----------------------------------------------------------------------


def _institution(request: HttpRequest, pk: int) -> Institution:
    return get_visible_or_404(selectors.institution_detail_queryset(request.user), request.user, pk=pk)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The institution's home: its own page with the readiness checklist (R-INS-7)."""
    institution = selectors.own_institution(request.user)
    if institution is None:
        if request.user.organisation.kind == "institution":  # type: ignore[union-attr]
            return redirect("institutions:apply")
        raise Http404("本机构不是评价机构")
    return redirect("institutions:detail", pk=institution.pk)


@login_required
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    institution = _institution(request, pk)
    user = request.user
    own = _is_own(user, institution)
    authority = _is_authority_editor(user)
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
        fee.flagged = _flagged(fee, band)  # type: ignore[attr-defined]
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


def _flagged(fee: Fee, band: Any) -> bool:
    if fee.deviation_percent is None:
        return bool(fee.total_amount > 0)
    return bool(abs(fee.deviation_percent) > band)


def _require_own(request: HttpRequest, institution: Institution) -> None:
    if not _is_own(request.user, institution):
        raise PermissionDenied("只有本机构人员可以办理此事项")


@login_required
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    """An authority orders a lifecycle transition with its grounds (R-INS-8)."""
    institution = _institution(request, pk)
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
            messages.success(request, f"已将“{institution.filed_name}”的状态变更为“{institution.get_status_display()}”")
            return redirect("institutions:detail", pk=pk)
    return render(
        request,
        "institutions/form.html",
        {"form": form, "institution": institution, "title": "变更机构状态", "submit": "确认变更"},
        status=400 if form.errors else 200,
    )


def _simple_form(
    request: HttpRequest,
    institution: Institution,
    form: Any,
    *,
    title: str,
    submit: str,
    action: Callable[[dict[str, Any]], Any],
    success: Callable[[Any], str],
    template: str = "institutions/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, success(result))
            return redirect("institutions:detail", pk=institution.pk)
    context = {"form": form, "institution": institution, "title": title, "submit": submit, **(extra or {})}
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
def add_rule_document(request: HttpRequest, pk: int) -> HttpResponse:
    institution = _institution(request, pk)
    _require_own(request, institution)
    data = request.POST if request.method == "POST" else None
    form = RuleDocumentForm(data, request.FILES if data else None, initial={"kind": request.GET.get("kind", "")})
    return _simple_form(
        request,
        institution,
        form,
        title="上传规章制度",
        submit="保存",
        action=lambda cd: services.add_rule_document(
            actor=request.user,
            institution=institution,
            kind=cd["kind"],
            title=cd["title"],
            body=cd.get("body", ""),
            upload=cd.get("file"),
            publish=cd.get("publish", False),
        ),
        success=lambda d: f"已保存“{d.get_kind_display()}”第{d.version}版" + ("并向社会公开" if d.is_published else ""),
    )


@login_required
def staff_rule_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = get_visible_or_404(RuleDocument.objects.select_related("institution"), request.user, pk=pk)
    return _rule_document_response(request, document)


@login_required
@require_POST
def publish_rule_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_visible_or_404(RuleDocument.objects.select_related("institution"), request.user, pk=pk)
    _require_own(request, document.institution)
    services.publish_rule_document(actor=request.user, document=document)
    messages.success(request, f"“{document.get_kind_display()}”第{document.version}版已向社会公开")
    return redirect("institutions:detail", pk=document.institution_id)


@login_required
def commitment(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the current commitment text and, as the manager, sign it (R-INS-4)."""
    institution = _institution(request, pk)
    text = selectors.current_commitment_text(institution)
    signature = Commitment.objects.filter(institution=institution, text=text).first() if text else None
    error = ""
    if request.method == "POST":
        _require_own(request, institution)
        if text is None or str(text.pk) != request.POST.get("text"):
            error = "承诺书文本已更新，请阅读新版本后再签署"
        elif request.POST.get("agree") != "1":
            error = "请勾选“本机构已阅读并承诺遵守”"
        else:
            try:
                services.sign_commitment(actor=request.user, institution=institution, text_version=text)
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, "诚信承诺书已签署，待属地人社部门会签")
                return redirect("institutions:detail", pk=pk)
    context = {
        "institution": institution,
        "text": text,
        "signature": signature,
        "error": error,
        "may_sign": _is_own(request.user, institution) and Role.MANAGER in request.user.role_codes,  # type: ignore[union-attr]
        "authority": authorities.commitment_authority_for(institution),
    }
    return render(request, "institutions/commitment.html", context, status=400 if error else 200)


@login_required
@require_POST
def countersign(request: HttpRequest, pk: int) -> HttpResponse:
    signature = get_visible_or_404(Commitment.objects.select_related("institution", "authority"), request.user, pk=pk)
    try:
        services.countersign_commitment(actor=request.user, commitment=signature)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已会签“{signature.institution.filed_name}”的诚信承诺书")
    return redirect("institutions:detail", pk=signature.institution_id)


@login_required
def commitment_texts(request: HttpRequest) -> HttpResponse:
    """An authority's commitment text versions; it publishes the next version here (R-INS-4)."""
    user = request.user
    may_publish = _is_authority_editor(user)
    form = CommitmentTextForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_publish:
            raise PermissionDenied("诚信承诺书文本由盟市人社局或自治区人社部门发布")
        if form.is_valid():
            try:
                text = services.publish_commitment_text(
                    actor=user, title=form.cleaned_data["title"], body=form.cleaned_data["body"]
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, f"已发布《{text.title}》第{text.version}版")
                return redirect("institutions:commitment_texts")
    texts = selectors.commitment_texts_visible_to(user)
    own_org = user.organisation  # type: ignore[union-attr]
    pending = (
        selectors.commitments_visible_to(user).filter(authority=own_org, countersigned_at__isnull=True)
        if may_publish
        else Commitment.objects.none()
    )
    if not form.is_bound:
        latest = (
            texts.filter(authority=own_org).first()
            or texts.filter(authority__code=authorities.COMMITMENT_TEMPLATE_AUTHORITY).first()
        )
        if latest is not None:
            form = CommitmentTextForm(initial={"title": latest.title, "body": latest.body})
    context = {"texts": texts, "form": form, "may_publish": may_publish, "pending": pending}
    return render(request, "institutions/commitment_texts.html", context, status=400 if form.errors else 200)


def _fee_targets(institution: Institution) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for item in selectors.scope_items_on(institution):
        key = f"{item.occupation_id}:{item.work_type_id}" if item.work_type_id else str(item.occupation_id)
        seen.setdefault(key, f"{item.occupation.code} {item.occupation.name} / {display_work_type(item.work_type)}")
    return list(seen.items())


@login_required
def add_fee(request: HttpRequest, pk: int) -> HttpResponse:
    """A fee per occupation/level with the nine cost items and their estimated costs (R-INS-5)."""
    institution = _institution(request, pk)
    _require_own(request, institution)
    form = FeeForm(request.POST if request.method == "POST" else None, targets=_fee_targets(institution))

    def save(cd: dict[str, Any]) -> Fee:
        from skillcert.catalog.models import Occupation, WorkType

        occupation_id, work_type_id = parse_target(cd["target"])
        return services.save_fee(
            actor=request.user,
            institution=institution,
            occupation=Occupation.objects.get(pk=occupation_id),
            work_type=WorkType.objects.get(pk=work_type_id) if work_type_id else None,
            level=cd["level"],
            items=form.items(),
            note=cd.get("note", ""),
            publish=cd.get("publish", False),
        )

    return _simple_form(
        request,
        institution,
        form,
        title="制定收费标准",
        submit="保存",
        action=save,
        success=lambda fee: f"已保存{fee.target_label}收费标准 {fee.total_amount} 元"
        + ("并向社会公示" if fee.status == FeeStatus.PUBLISHED else "（草稿）"),
        template="institutions/fee_form.html",
        extra={"band": selectors.band_percent()},
    )


@login_required
@require_POST
def publish_fee(request: HttpRequest, pk: int) -> HttpResponse:
    fee = get_visible_or_404(Fee.objects.select_related("institution", "occupation", "work_type"), request.user, pk=pk)
    _require_own(request, fee.institution)
    try:
        services.publish_fee(actor=request.user, fee=fee)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{fee.target_label}收费标准已向社会公示")
    return redirect("institutions:detail", pk=fee.institution_id)


@login_required
def venue_form(request: HttpRequest, pk: int, venue_pk: int | None = None) -> HttpResponse:
    institution = _institution(request, pk)
    _require_own(request, institution)
    venue = (
        get_visible_or_404(Venue.objects.all(), request.user, pk=venue_pk, institution=institution)
        if venue_pk
        else None
    )
    initial = (
        {"name": venue.name, "league": venue.league.code, "address": venue.address, "is_active": venue.is_active}
        if venue
        else {}
    )
    form = VenueForm(request.POST if request.method == "POST" else None, initial=initial)
    return _simple_form(
        request,
        institution,
        form,
        title="修改考点" if venue else "新增考点",
        submit="保存",
        action=lambda cd: services.save_venue(
            actor=request.user,
            institution=institution,
            name=cd["name"],
            league=cd["league"],
            address=cd["address"],
            is_active=cd.get("is_active", False),
            venue=venue,
        ),
        success=lambda v: f"已保存考点“{v.name}”",
    )


@login_required
def room_form(request: HttpRequest, venue_pk: int) -> HttpResponse:
    venue = get_visible_or_404(Venue.objects.select_related("institution"), request.user, pk=venue_pk)
    institution = venue.institution
    _require_own(request, institution)
    form = RoomForm(request.POST if request.method == "POST" else None)
    return _simple_form(
        request,
        institution,
        form,
        title=f"为“{venue.name}”新增考场",
        submit="保存",
        action=lambda cd: services.save_room(
            actor=request.user,
            venue=venue,
            name=cd["name"],
            kind=cd["kind"],
            capacity=cd["capacity"],
            equipment=cd.get("equipment", ""),
            video_monitoring=cd.get("video_monitoring", False),
        ),
        success=lambda r: f"已保存考场“{r.name}”",
    )


@login_required
def roster(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The roster (ID numbers masked) and its Excel/CSV import with per-row errors (R-INS-1, R-X-3)."""
    institution = _institution(request, pk)
    if request.GET.get("template") == "1":
        return xlsx_response(
            "人员名册模板",
            ROSTER_HEADERS,
            [["张三", "150102199003071234", "本单位职工", "A001", "生产部", "2020-01-01", ""]],
        )
    form = RosterImportForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    error_report: dict[str, object] = {}
    if request.method == "POST":
        _require_own(request, institution)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.import_roster(
                    actor=request.user, institution=institution, upload=upload, filename=upload.name
                )
            except DomainError as exc:
                row_errors = exc.errors.get("file", [exc.message])
                error_report = exc.extra
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"名册已导入：新增{result.created}人，更新{result.updated}人")
                return redirect("institutions:roster", pk=pk)
    entries = selectors.roster_visible_to(request.user).filter(institution=institution)
    name = request.GET.get("name", "").strip()
    if name:
        entries = entries.filter(full_name__icontains=name)
    context = {
        "institution": institution,
        "form": form,
        "row_errors": row_errors,
        "error_report": error_report,
        "page": paginate(request, entries),
        "own": _is_own(request.user, institution),
        "name": name,
    }
    return render(request, "institutions/roster.html", context, status=400 if form.errors else 200)


@login_required
def register_branch(request: HttpRequest, pk: int) -> HttpResponse:
    institution = _institution(request, pk)
    _require_own(request, institution)
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
        {"form": form, "institution": institution, "title": "登记分支机构", "submit": "登记"},
        status=400 if form.errors else 200,
    )


@login_required
def submit_branch_filing(request: HttpRequest, pk: int) -> HttpResponse:
    institution = _institution(request, pk)
    _require_own(request, institution)
    data = request.POST if request.method == "POST" else None
    form = BranchFilingForm(data, request.FILES if data else None, venues=institution.venues.filter(is_active=True))
    return _simple_form(
        request,
        institution,
        form,
        title="向盟市人社局报备",
        submit="提交报备",
        action=lambda cd: services.submit_branch_filing(
            actor=request.user,
            branch=institution,
            league=cd["league"],
            licence_file=cd["licence_file"],
            venue=cd["venue"],
            responsible_person=cd["responsible_person"],
            staff=form.staff_list(),
        ),
        success=lambda f: f"已向{f.bureau.name}提交报备（报备编号 {f.reference}）",
    )


@login_required
def new_application(request: HttpRequest, pk: int) -> HttpResponse:
    """Scope change, renewal or withdrawal, decided like the first filing (R-INS-2)."""
    institution = _institution(request, pk)
    _require_own(request, institution)
    kind = request.GET.get("kind") or request.POST.get("kind") or ApplicationKind.SCOPE_CHANGE
    if kind not in (ApplicationKind.SCOPE_CHANGE, ApplicationKind.RENEWAL, ApplicationKind.WITHDRAWAL):
        raise Http404("未知的申请类型")
    data = request.POST if request.method == "POST" else None
    form = ChangeApplicationForm(data, request.FILES if data else None)
    initial_rows: Any = data
    if data is None and kind == ApplicationKind.SCOPE_CHANGE:
        initial_rows = _rows_from_scope(selectors.scope_items_on(institution))
    rows = scope_rows(initial_rows) if kind == ApplicationKind.SCOPE_CHANGE else []
    if data is not None and form.is_valid():
        cd = form.cleaned_data
        documents = (
            [SupportingDocument(cd.get("document_title") or "申请材料", cd["document"])] if cd.get("document") else []
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
            messages.success(request, f"已提交{application.get_kind_display()}申请（申请编号 {application.reference}）")
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


# --- decisions -----------------------------------------------------------------------------------


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An application with its items and documents; the competent authority accepts or rejects it (R-INS-2)."""
    application = get_visible_or_404(selectors.application_detail_queryset(request.user), request.user, pk=pk)
    user = request.user
    may_decide = (
        application.status == ApplicationStatus.SUBMITTED
        and (user.is_superuser or user.organisation_id == application.competent_authority_id)  # type: ignore[union-attr]
        and _is_editor(user)
    )
    accept_form = AcceptForm(
        initial={"filing_number": selectors.suggest_filing_number(application)} if may_decide else None
    )
    reject_form = RejectForm()
    op = request.POST.get("op")
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied("该申请由备案机关审核")
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
                    messages.success(request, f"申请 {application.reference} 已通过")
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
                    messages.success(request, f"申请 {application.reference} 不予备案，理由已告知申请人")
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
def application_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = FilingDocument.objects.select_related("application").filter(pk=pk).first()
    if document is None:
        raise Http404("未找到该材料")
    get_visible_or_404(FilingApplication.objects.all(), request.user, pk=document.application_id)
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = "inline; filename*=UTF-8''" + _quote(document.original_name)
    return response


@login_required
def branch_filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A branch's 报备; the league's bureau accepts or rejects it (R-INS-1)."""
    filing = get_visible_or_404(selectors.branch_filings_visible_to(request.user), request.user, pk=pk)
    user = request.user
    may_decide = (
        filing.status == BranchFilingStatus.SUBMITTED
        and (user.is_superuser or user.organisation_id == filing.bureau_id)  # type: ignore[union-attr]
        and _is_editor(user)
    )
    form = RejectForm(request.POST if request.method == "POST" and request.POST.get("op") == "reject" else None)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied("该报备由报备盟市人社局审核")
        try:
            if request.POST.get("op") == "accept":
                services.accept_branch_filing(actor=user, filing=filing, reasons=request.POST.get("reasons", ""))
                messages.success(request, f"报备 {filing.reference} 已通过，分支机构可在{filing.league.name}开展认定")
                return redirect("institutions:branch_filing_detail", pk=pk)
            if form.is_valid():
                services.reject_branch_filing(actor=user, filing=filing, reasons=form.cleaned_data["reasons"])
                messages.success(request, f"报备 {filing.reference} 不予通过")
                return redirect("institutions:branch_filing_detail", pk=pk)
        except DomainError as exc:
            form = RejectForm(request.POST)
            form.is_valid()
            apply_domain_error(form, exc)
    context = {"filing": filing, "may_decide": may_decide, "reject_form": form}
    return render(request, "institutions/branch_filing_detail.html", context, status=400 if form.errors else 200)


@login_required
def branch_licence(request: HttpRequest, pk: int) -> HttpResponseBase:
    filing = get_visible_or_404(BranchFiling.objects.all(), request.user, pk=pk)
    response = FileResponse(filing.licence_file.open("rb"))
    response["Content-Disposition"] = "inline; filename*=UTF-8''" + _quote(filing.licence_original_name)
    return response
