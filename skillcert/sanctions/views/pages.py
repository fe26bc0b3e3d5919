"""Sanctions pages: the register, a new measure, one measure with its workflow, inactivity inquiries,
and the public list of 通报批评 (R-SUP-6, R-PUB-1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.accounts.types import AuthedRequest
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.forms import apply_domain_error, attempt
from skillcert.core.listing import export_or_none, exports, list_page, paginate
from skillcert.inspections.selectors import inspections_visible_to
from skillcert.institutions.models import Institution
from skillcert.sanctions import selectors, services
from skillcert.sanctions.api.filtersets import InactivityCaseFilterSet, ProposalFilterSet, SanctionFilterSet
from skillcert.sanctions.choices import DECISION_KINDS, InactivityStatus, Kind, Status
from skillcert.sanctions.exports import CRITICISMS, INQUIRIES, PROPOSALS, REGISTER
from skillcert.sanctions.forms import (
    AcceptProposalForm,
    ApprovalForm,
    CaseDecisionForm,
    CaseForm,
    DecideForm,
    DeclineProposalForm,
    ExplanationForm,
    FollowUpForm,
    SanctionForm,
    StatementForm,
)
from skillcert.sanctions.models import Proposal


def _institutions(request: HttpRequest) -> Any:
    return Institution.objects.restrict(request.user, "view").filter(filed_on__isnull=False).order_by("filed_name")


@login_required
@exports(REGISTER)
def sanction_list(request: HttpRequest) -> HttpResponseBase:
    """The register of measures on the institutions the actor supervises; Excel export."""
    base = selectors.sanctions_visible_to(request.user)
    filterset = SanctionFilterSet(request.GET or None, queryset=base)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    if (response := export_or_none(request, REGISTER, rows)) is not None:
        return response
    return render(
        request,
        "sanctions/list.html",
        {
            "filter": filterset,
            "page": paginate(request, rows),
            "may_sanction": services.may_sanction(request.user),
        },
    )


@login_required
def new_sanction(request: HttpRequest) -> HttpResponse:
    """Publish a 通报批评, order 限期整改, or propose suspension / 取消评价资质."""
    if not services.may_sanction(request.user):
        raise PermissionDenied(_("机构处理由自治区人社部门或盟市人社局决定"))
    institutions = _institutions(request)
    if request.method == "POST":
        form = SanctionForm(request.POST, institutions=institutions)
        if form.is_valid():
            data = dict(form.cleaned_data)
            complaint_id = data.pop("complaint")
            try:
                sanction = services.impose(actor=request.user, **data)  # type: ignore[arg-type]
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("已作出：%(kind)s") % {"kind": sanction.get_kind_display()})
                if complaint_id:
                    return redirect(
                        reverse("complaints:detail", args=[complaint_id]) + f"?sanction={sanction.pk}#conclude-form"
                    )
                return redirect("sanctions:detail", pk=sanction.pk)
        return render(request, "sanctions/new.html", {"form": form}, status=400)
    form = SanctionForm(
        institutions=institutions,
        initial={
            "institution": request.GET.get("institution"),
            "complaint": request.GET.get("complaint"),
            "kind": request.GET.get("kind"),
        },
    )
    return render(request, "sanctions/new.html", {"form": form})


def _sanction(request: HttpRequest, pk: int) -> Any:
    found = selectors.sanctions_visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("未找到该记录"))
    return found


def _from_inspection(s: Any) -> Any:
    return Proposal.objects.select_related("inspection__campaign").filter(sanction=s).first()


@login_required
def detail(request: HttpRequest, pk: int, bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    s = _sanction(request, pk)
    own = getattr(request.user, "organisation_id", None) == s.institution.organisation_id
    forms = {
        "follow_up": FollowUpForm(auto_id="follow_up_%s"),
        "statement": StatementForm(auto_id="statement_%s"),
        "decide": DecideForm(auto_id="decide_%s"),
        "approve": ApprovalForm(auto_id="approve_%s"),
        "reject": ApprovalForm(auto_id="reject_%s"),
    }
    forms.update(bound or {})
    context = {
        "s": s,
        "forms": forms,
        "may_sanction": services.may_sanction(request.user),
        "own": own,
        "proposals": s.proposals.all(),
        "from_inspection": _from_inspection(s),
        "may_open_proposal": selectors.proposals_visible_to(request.user).filter(sanction=s).exists(),
        "complaints": s.complaints.all() if not own else [],
        "is_decision": s.kind in DECISION_KINDS,
        "Status": Status,
    }
    return render(request, "sanctions/detail.html", context, status=status)


ACTIONS = {
    "follow-up": (
        "follow_up",
        FollowUpForm,
        lambda a, s, d: services.record_follow_up(actor=a, sanction=s, **d),
        _("已记录复查结果"),
    ),
    "statement": (
        "statement",
        StatementForm,
        lambda a, s, d: services.record_statement(actor=a, sanction=s, **d),
        _("已记录陈述申辩"),
    ),
    "decide": (
        "decide",
        DecideForm,
        lambda a, s, d: services.decide(actor=a, sanction=s, **d),
        _("已拟定处理决定，待另一名工作人员复核"),
    ),
    "approve": (
        "approve",
        ApprovalForm,
        lambda a, s, d: services.approve_decision(actor=a, sanction=s, **d),
        _("复核通过，决定已生效"),
    ),
    "reject": (
        "reject",
        ApprovalForm,
        lambda a, s, d: services.reject_decision(actor=a, sanction=s, **d),
        _("复核未通过"),
    ),
}


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    if action not in ACTIONS:
        raise Http404(_("未找到该页面"))
    s = _sanction(request, pk)
    key, form_class, call, done = ACTIONS[action]
    form = form_class(request.POST, auto_id=f"{key}_%s")
    if form.is_valid():
        try:
            call(request.user, s, dict(form.cleaned_data))
        except DomainError as exc:
            apply_domain_error(form, exc)
        except NotFoundError as exc:
            raise Http404(_("未找到该记录")) from exc
        else:
            messages.success(request, done)
            return redirect("sanctions:detail", pk=pk)
    return detail(request, pk, bound={key: form}, status=400)


@login_required
@exports(INQUIRIES)
def inactivity(request: HttpRequest) -> HttpResponseBase:
    """Institutions a year without a session or certificate, and the inquiries made of them (R-SUP-6)."""
    base = selectors.cases_visible_to(request.user)
    filterset = InactivityCaseFilterSet(request.GET or None, queryset=base)
    cases = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    if (response := export_or_none(request, INQUIRIES, cases)) is not None:
        return response
    may = services.may_sanction(request.user)
    candidates = selectors.inactive_institutions(request.user) if may else []
    form = CaseForm()
    status = 200
    if request.method == "POST":
        if not may:
            raise PermissionDenied(_("机构处理由自治区人社部门或盟市人社局决定"))
        form = CaseForm(request.POST)
        if form.is_valid():
            institution = (
                Institution.objects.restrict(request.user, "view").filter(pk=form.cleaned_data["institution"]).first()
            )
            if institution is None:
                raise Http404(_("未找到该记录"))
            try:
                case = services.request_explanation(
                    actor=request.user,  # type: ignore[arg-type]
                    institution=institution,
                    text=form.cleaned_data["text"],
                    explain_by=form.cleaned_data.get("explain_by"),
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("已要求%(name)s说明情况") % {"name": institution.filed_name})
                return redirect("sanctions:case", pk=case.pk)
        status = 400
    return render(
        request,
        "sanctions/inactivity.html",
        {
            "filter": filterset,
            "cases": paginate(request, cases),
            "candidates": candidates,
            "form": form,
            "may_sanction": may,
        },
        status=status,
    )


def _case(request: HttpRequest, pk: int) -> Any:
    found = selectors.cases_visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("未找到该记录"))
    return found


CASE_ACTIONS = {
    "explain": (
        ExplanationForm,
        lambda a, c, d: services.submit_explanation(actor=a, case=c, **d),
        _("已提交情况说明"),
    ),
    "accept": (CaseDecisionForm, lambda a, c, d: services.accept_explanation(actor=a, case=c, **d), _("已采纳说明")),
    "reject": (
        CaseDecisionForm,
        lambda a, c, d: services.reject_explanation(actor=a, case=c, note=d["note"]),
        _("未采纳说明，已拟取消评价资质"),
    ),
    "lapse": (
        CaseDecisionForm,
        lambda a, c, d: services.lapse_case(actor=a, case=c, note=d["note"]),
        _("已认定逾期未说明，已拟取消评价资质"),
    ),
}


@login_required
def case_detail(request: HttpRequest, pk: int, bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    c = _case(request, pk)
    forms = {"explain": ExplanationForm(), "decision": CaseDecisionForm()}
    forms.update(bound or {})
    own = getattr(request.user, "organisation_id", None) == c.institution.organisation_id
    return render(
        request,
        "sanctions/case.html",
        {
            "c": c,
            "forms": forms,
            "own": own,
            "may_sanction": services.may_sanction(request.user),
            "Status": InactivityStatus,
        },
        status=status,
    )


@login_required
@require_POST
def case_act(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    if action not in CASE_ACTIONS:
        raise Http404(_("未找到该页面"))
    c = _case(request, pk)
    form_class, call, done = CASE_ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(request.user, c, dict(form.cleaned_data))
        except DomainError as exc:
            apply_domain_error(form, exc)
        except NotFoundError as exc:
            raise Http404(_("未找到该记录")) from exc
        else:
            messages.success(request, done)
            return redirect("sanctions:case", pk=pk)
    return case_detail(request, pk, bound={"explain" if action == "explain" else "decision": form}, status=400)


@login_required
@exports(PROPOSALS)
def proposal_list(request: HttpRequest) -> HttpResponseBase:
    """处理建议 from 双随机 inspections routed to the actor's league (all for the region), pending first
    when filtered so; Excel and PDF export (R-SUP-4, R-SUP-6)."""
    base = selectors.proposals_visible_to(request.user)
    filterset = ProposalFilterSet(request.GET or None, queryset=base)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return list_page(request, "sanctions/proposals.html", rows, export=PROPOSALS, context={"filter": filterset})


def _proposal(request: HttpRequest, pk: int) -> Any:
    found = selectors.proposals_visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("未找到该记录"))
    return found


@login_required
def proposal_detail(
    request: AuthedRequest, pk: int, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """One 处理建议: the inspection it came from, its grounds, and the bureau's accept / decline forms."""
    p = _proposal(request, pk)
    actor = request.user
    forms = {
        "accept": AcceptProposalForm(auto_id="accept_%s", measure=p.measure),
        "decline": DeclineProposalForm(auto_id="decline_%s"),
    }
    forms.update(bound or {})
    context = {
        "p": p,
        "forms": forms,
        "may_decide": services.may_decide_now(request.user, p),
        "may_open_inspection": inspections_visible_to(actor).filter(pk=p.inspection_id).exists(),
        "may_open_sanction": p.sanction_id is not None
        and selectors.sanctions_visible_to(request.user).filter(pk=p.sanction_id).exists(),
    }
    return render(request, "sanctions/proposal.html", context, status=status)


@login_required
@require_POST
def proposal_act(request: AuthedRequest, pk: int, action: str) -> HttpResponseBase:
    """Accept (the measure is made through its service) or decline with grounds; a visible proposal the
    actor may not decide answers 403 with the reason."""
    if action not in ("accept", "decline"):
        raise Http404(_("未找到该页面"))
    p = _proposal(request, pk)
    actor = request.user
    services.require_proposal_decider(actor, p)
    form: Any
    call: Callable[..., Proposal]
    if action == "accept":
        form = AcceptProposalForm(request.POST, auto_id="accept_%s", measure=p.measure)
        call = services.accept_proposal
    else:
        form = DeclineProposalForm(request.POST, auto_id="decline_%s")
        call = services.decline_proposal
    done = form.is_valid() and attempt(form, lambda: call(actor=actor, proposal=p, **form.cleaned_data))
    if isinstance(done, Proposal):
        if done.sanction is not None:
            messages.success(request, _("已采纳，已作出：%(kind)s") % {"kind": done.sanction.get_kind_display()})
        else:
            messages.success(request, _("已不予采纳"))
        return redirect("sanctions:proposal", pk=pk)
    return proposal_detail(request, pk, bound={action: form}, status=400)


@exports(CRITICISMS)
def public_criticisms(request: HttpRequest) -> HttpResponseBase:
    """通报批评 in their publication period; no login (R-SUP-6, R-PUB-1)."""
    if (response := export_or_none(request, CRITICISMS, selectors.published_criticisms())) is not None:
        return response
    page = paginate(request, selectors.published_criticisms())
    return render(request, "sanctions/public.html", {"page": page, "Kind": Kind})
