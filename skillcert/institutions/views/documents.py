"""Rule documents and the integrity commitment (R-INS-3, R-INS-4)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.accounts.choices import Role
from skillcert.accounts.types import AuthedRequest
from skillcert.core.errors import DomainError
from skillcert.core.forms import apply_domain_error
from skillcert.core.listing import Column, ListExport, export_or_none, exports, paginate
from skillcert.core.scoping import get_visible_or_404
from skillcert.institutions import authorities, selectors, services
from skillcert.institutions.forms import (
    CommitmentTextForm,
    RuleDocumentForm,
)
from skillcert.institutions.models import (
    Commitment,
    RuleDocument,
)
from skillcert.institutions.services.access import may_act_for_institution, may_decide_as_authority
from skillcert.institutions.views.common import (
    institution_or_404,
    require_own,
    rule_document_response,
    simple_form,
)


@login_required
def add_rule_document(request: AuthedRequest, pk: int) -> HttpResponse:
    institution = institution_or_404(request, pk)
    require_own(request, institution)
    data = request.POST if request.method == "POST" else None
    form = RuleDocumentForm(data, request.FILES if data else None, initial={"kind": request.GET.get("kind", "")})
    return simple_form(
        request,
        institution,
        form,
        title=gettext("上传规章制度"),
        submit=gettext("保存"),
        action=lambda cd: services.add_rule_document(
            actor=request.user,
            institution=institution,
            kind=cd["kind"],
            title=cd["title"],
            body=cd.get("body", ""),
            upload=cd.get("file"),
            publish=cd.get("publish", False),
        ),
        success=lambda d: gettext("已保存“%(kind)s”第%(version)s版")
        % {"kind": d.get_kind_display(), "version": d.version}
        + (gettext("并向社会公开") if d.is_published else ""),
    )


@login_required
def staff_rule_document(request: AuthedRequest, pk: int) -> HttpResponseBase:
    document = get_visible_or_404(RuleDocument.objects.select_related("institution"), request.user, pk=pk)
    return rule_document_response(request, document)


@login_required
@require_POST
def publish_rule_document(request: AuthedRequest, pk: int) -> HttpResponse:
    document = get_visible_or_404(RuleDocument.objects.select_related("institution"), request.user, pk=pk)
    require_own(request, document.institution)
    services.publish_rule_document(actor=request.user, document=document)
    messages.success(
        request,
        gettext("“%(kind)s”第%(version)s版已向社会公开")
        % {"kind": document.get_kind_display(), "version": document.version},
    )
    return redirect("institutions:detail", pk=document.institution_id)


@login_required
def commitment(request: AuthedRequest, pk: int) -> HttpResponse:
    """Read the current commitment text and, as the manager, sign it (R-INS-4)."""
    institution = institution_or_404(request, pk)
    text = selectors.current_commitment_text(institution)
    signature = Commitment.objects.filter(institution=institution, text=text).first() if text else None
    error = ""
    if request.method == "POST":
        require_own(request, institution)
        if text is None or str(text.pk) != request.POST.get("text"):
            error = gettext("承诺书文本已更新，请阅读新版本后再签署")
        elif request.POST.get("agree") != "1":
            error = gettext("请勾选“本机构已阅读并承诺遵守”")
        else:
            try:
                services.sign_commitment(actor=request.user, institution=institution, text_version=text)
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, gettext("诚信承诺书已签署，待属地人社部门会签"))
                return redirect("institutions:detail", pk=pk)
    context = {
        "institution": institution,
        "text": text,
        "signature": signature,
        "error": error,
        "may_sign": may_act_for_institution(request.user, institution) and Role.MANAGER in request.user.role_codes,  # type: ignore[union-attr]
        "authority": authorities.commitment_authority_for(institution),
    }
    return render(request, "institutions/commitment.html", context, status=400 if error else 200)


@login_required
@require_POST
def countersign(request: AuthedRequest, pk: int) -> HttpResponse:
    signature = get_visible_or_404(Commitment.objects.select_related("institution", "authority"), request.user, pk=pk)
    try:
        services.countersign_commitment(actor=request.user, commitment=signature)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, gettext("已会签“%(filed_name)s”的诚信承诺书") % {"filed_name": signature.institution.filed_name}
        )
    return redirect("institutions:detail", pk=signature.institution_id)


COMMITMENT_TEXTS = ListExport(
    gettext_lazy("诚信承诺书文本"),
    [
        Column(gettext_lazy("发布部门"), lambda t: t.authority.name),
        Column(gettext_lazy("版本"), lambda t: t.version),
        Column(gettext_lazy("标题"), lambda t: t.title),
        Column(gettext_lazy("发布时间"), lambda t: t.published_at),
    ],
)


@login_required
@exports(COMMITMENT_TEXTS)
def commitment_texts(request: AuthedRequest) -> HttpResponseBase:
    """An authority's commitment text versions; it publishes the next version here (R-INS-4)."""
    user = request.user
    may_publish = may_decide_as_authority(user)
    form = CommitmentTextForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_publish:
            raise PermissionDenied(gettext("诚信承诺书文本由盟市人社局或自治区人社部门发布"))
        if form.is_valid():
            try:
                text = services.publish_commitment_text(
                    actor=user, title=form.cleaned_data["title"], body=form.cleaned_data["body"]
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    gettext("已发布《%(title)s》第%(version)s版") % {"title": text.title, "version": text.version},
                )
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
    if (response := export_or_none(request, COMMITMENT_TEXTS, texts)) is not None:
        return response
    context = {"page": paginate(request, texts), "form": form, "may_publish": may_publish, "pending": pending}
    return render(request, "institutions/commitment_texts.html", context, status=400 if form.errors else 200)
