"""Staff pages: the inbox (overdue first), intake of phone/letter/visit/media reports, one complaint with
its workflow, attachments and audited reveal of contact details (R-SUP-5)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.complaints import selectors, services
from skillcert.complaints.api.filtersets import ComplaintFilterSet
from skillcert.complaints.exports import REGISTER
from skillcert.complaints.forms import (
    AcceptForm,
    ConcludeForm,
    ExtendForm,
    IntakeForm,
    InvestigationForm,
    RefuseForm,
    TransferForm,
)
from skillcert.complaints.models import Attachment, Complaint
from skillcert.complaints.views.public import _input
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.forms import apply_domain_error
from skillcert.core.listing import export_or_none, exports, paginate
from skillcert.core.services import reveal_personal_data


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    found = selectors.complaints_visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("未找到该记录"))
    return found


@login_required
@exports(REGISTER)
def inbox(request: HttpRequest) -> HttpResponseBase:
    """The register of the actor's jurisdiction; overdue matters on top; Excel and PDF export."""
    if not (services.may_handle(request.user) or selectors.complaints_visible_to(request.user).exists()):
        raise PermissionDenied(_("投诉举报由人社部门办理"))
    filterset = ComplaintFilterSet(request.GET or None, queryset=selectors.inbox(request.user))
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else selectors.inbox(request.user)
    if (response := export_or_none(request, REGISTER, rows)) is not None:
        return response
    page = paginate(request, rows)
    return render(
        request,
        "complaints/inbox.html",
        {
            "filter": filterset,
            "page": page,
            "may_handle": services.may_handle(request.user),
        },
    )


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    """Staff write down a complaint received by phone, letter, visit or in the media."""
    if not services.may_handle(request.user):
        raise PermissionDenied(_("投诉举报由人社部门经办人登记"))
    if request.method == "POST":
        form = IntakeForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                filed = services.record_complaint(
                    actor=request.user,  # type: ignore[arg-type]
                    data=_input(form),
                    source=form.cleaned_data["source"],
                    source_detail=form.cleaned_data.get("source_detail", ""),
                    received_on=form.cleaned_data.get("received_on"),
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                response = render(
                    request,
                    "complaints/filed.html",
                    {"complaint": filed.complaint, "secret": filed.secret, "staff": True},
                )
                response["Cache-Control"] = "no-store"
                return response
        return render(request, "complaints/intake.html", {"form": form}, status=400)
    return render(request, "complaints/intake.html", {"form": IntakeForm()})


def _sanction_choices(request: HttpRequest, complaint: Complaint) -> Any:
    from skillcert.sanctions.selectors import sanctions_visible_to

    qs = sanctions_visible_to(request.user)
    return qs.filter(institution_id=complaint.institution_id) if complaint.institution_id else qs.none()


def _forms(request: HttpRequest, complaint: Complaint, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    forms = {
        "accept": AcceptForm(auto_id="accept_%s"),
        "refuse": RefuseForm(auto_id="refuse_%s"),
        "transfer": TransferForm(auto_id="transfer_%s"),
        "extend": ExtendForm(auto_id="extend_%s"),
        "investigate": InvestigationForm(auto_id="investigate_%s"),
        "conclude": ConcludeForm(
            sanctions=_sanction_choices(request, complaint),
            initial={
                "sanction": request.GET.get("sanction"),
                "outcome": "founded" if request.GET.get("sanction") else None,
            },
            auto_id="conclude_%s",
        ),
    }
    forms.update(bound or {})
    return forms


@login_required
def detail(request: HttpRequest, pk: int, bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    complaint = _complaint(request, pk)
    context = {
        "c": complaint,
        "steps": complaint.steps.select_related("actor", "from_jurisdiction", "to_jurisdiction"),
        "investigations": complaint.investigations.select_related("recorded_by").prefetch_related("attachments"),
        "attachments": complaint.attachments.filter(investigation__isnull=True),
        "may_handle": services.may_handle(request.user),
        "forms": _forms(request, complaint, bound),
    }
    return render(request, "complaints/detail.html", context, status=status)


ACTIONS = {
    "accept": (AcceptForm, lambda actor, c, d: services.accept_complaint(actor=actor, complaint=c, **d), _("已受理")),
    "refuse": (
        RefuseForm,
        lambda actor, c, d: services.refuse_complaint(actor=actor, complaint=c, **d),
        _("已决定不予受理"),
    ),
    "transfer": (
        TransferForm,
        lambda actor, c, d: services.transfer_complaint(actor=actor, complaint=c, **d),
        _("已转办"),
    ),
    "extend": (
        ExtendForm,
        lambda actor, c, d: services.extend_complaint(actor=actor, complaint=c, **d),
        _("已延长办理期限"),
    ),
    "investigate": (
        InvestigationForm,
        lambda actor, c, d: services.record_investigation(actor=actor, complaint=c, **d),
        _("已添加调查记录"),
    ),
    "conclude": (
        ConcludeForm,
        lambda actor, c, d: services.conclude_complaint(actor=actor, complaint=c, **d),
        _("已办结"),
    ),
}


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    """One workflow step, by a service; a refused step shows its Chinese reason on the form."""
    if action not in ACTIONS:
        raise Http404(_("未找到该页面"))
    complaint = _complaint(request, pk)
    form_class, call, done = ACTIONS[action]
    kwargs: dict[str, Any] = {"sanctions": _sanction_choices(request, complaint)} if form_class is ConcludeForm else {}
    form = form_class(request.POST, request.FILES, auto_id=f"{action}_%s", **kwargs)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            call(request.user, complaint, data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        except NotFoundError as exc:
            raise Http404(_("未找到该记录")) from exc
        else:
            messages.success(request, done)
            if action == "transfer" and not selectors.complaints_visible_to(request.user).filter(pk=pk).exists():
                return redirect("complaints:inbox")
            return redirect("complaints:detail", pk=pk)
    return detail(request, pk, bound={action: form}, status=400)


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    complaint = _complaint(request, pk)
    found = Attachment.objects.filter(complaint=complaint, pk=attachment_id).first()
    if found is None:
        raise Http404(_("未找到该附件"))
    return FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.original_name, content_type=found.content_type
    )


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one contact detail in full; the reveal is written to the audit log (R-X-3)."""
    complaint = _complaint(request, pk)
    field = request.POST.get("field", "")
    if field not in ("contact_name", "contact_phone", "contact_email"):
        raise Http404(_("未找到该字段"))
    try:
        value = reveal_personal_data(actor=request.user, obj=complaint, field=field, reason=_("办理投诉举报"))
    except NotFoundError as exc:
        raise Http404(_("未找到该记录")) from exc
    return HttpResponse(value, content_type="text/plain; charset=utf-8")
