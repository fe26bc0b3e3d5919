"""Pages of the archives app: dossiers, their volumes and actions, and the certificate trace (R-ARC-1..3)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skillcert.archives import trace as tracing
from skillcert.archives.choices import Volume
from skillcert.archives.exports import DOSSIERS, TOUCHED, TRACE, trace_rows
from skillcert.archives.files import open_file
from skillcert.archives.models import Disposal, Dossier, LegalHold, StoredFile
from skillcert.archives.services import dossiers, retention
from skillcert.archives.verification import verify_dossier
from skillcert.core.errors import NotFoundError
from skillcert.core.forms import attempt_with_message
from skillcert.core.listing import export_or_none, exports, paginate
from skillcert.core.pdf import pdf_response
from skillcert.core.scoping import get_visible_or_404
from skillcert.exams.models import ExamPlan


@login_required
@exports(DOSSIERS)
def dossier_list(request: HttpRequest) -> HttpResponseBase:
    rows = Dossier.objects.restrict(request.user, "view").select_related("plan__institution").prefetch_related("holds")
    status = request.GET.get("status", "")
    if status:
        rows = rows.filter(status=status)
    if (response := export_or_none(request, DOSSIERS, rows)) is not None:
        return response
    return render(request, "archives/list.html", {"page": paginate(request, rows), "status": status})


@login_required
def plan_dossier(request: HttpRequest, plan_pk: int) -> HttpResponseBase:
    plan = get_visible_or_404(ExamPlan.objects.all(), request.user, pk=plan_pk)
    dossier = dossiers.open_dossier(actor=request.user, plan=plan)  # type: ignore[arg-type]
    return redirect("archives:detail", dossier.pk)


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_visible_or_404(Dossier.objects.select_related("plan__institution", "manifest"), request.user, pk=pk)
    items = list(dossier.items.select_related("stored_file").order_by("volume", "position", "id"))
    volumes = [(v, label, [i for i in items if i.volume == v]) for v, label in Volume.choices]
    check = verify_dossier(dossier) if dossier.manifest_id and request.GET.get("verify") else None
    can_change = Dossier.objects.restrict(request.user, "change").filter(pk=pk).exists()
    is_authority = request.user.is_superuser or request.user.organisation.is_authority  # type: ignore[union-attr]
    return render(
        request,
        "archives/detail.html",
        {
            "dossier": dossier,
            "volumes": volumes,
            "check": check,
            "holds": dossier.holds.select_related("set_by", "lifted_by"),
            "disposals": dossier.disposals.select_related("proposed_by", "decided_by"),
            "can_change": can_change,
            "can_hold": is_authority and Dossier.objects.restrict(request.user, "hold").filter(pk=pk).exists(),
            "can_dispose": is_authority and Dossier.objects.restrict(request.user, "dispose").filter(pk=pk).exists(),
            "volume_choices": Volume.choices,
        },
    )


@login_required
@require_POST
def dossier_action(request: HttpRequest, pk: int, what: str) -> HttpResponseBase:
    dossier = get_visible_or_404(Dossier.objects.all(), request.user, pk=pk)
    user: Any = request.user
    if what == "scan":
        volume = request.POST.get("volume", "")
        attempt_with_message(
            request,
            lambda: dossiers.add_scan(
                actor=user,
                dossier=dossier,
                volume=int(volume) if volume.isdigit() else 0,
                title=request.POST.get("title", ""),
                upload=request.FILES.get("file"),
            ),
            gettext("扫描件已添加"),
        )
    elif what == "seal":
        attempt_with_message(request, lambda: dossiers.seal_dossier(actor=user, dossier=dossier), gettext("档案已封卷"))
    elif what == "hold":
        grounds = request.POST.get("grounds", "")
        attempt_with_message(
            request,
            lambda: retention.set_legal_hold(actor=user, dossier=dossier, grounds=grounds),
            gettext("已设置诉讼保留"),
        )
    elif what == "lift":
        hold = get_visible_or_404(LegalHold.objects.filter(dossier=dossier), user, pk=request.POST.get("hold"))
        grounds = request.POST.get("grounds", "")
        attempt_with_message(
            request,
            lambda: retention.lift_legal_hold(actor=user, hold=hold, grounds=grounds),
            gettext("已解除诉讼保留"),
        )
    elif what == "dispose":
        reason = request.POST.get("reason", "")
        attempt_with_message(
            request,
            lambda: retention.propose_disposal(actor=user, dossier=dossier, reason=reason),
            gettext("已提出销毁"),
        )
    elif what in ("approve", "reject"):
        disposal = get_visible_or_404(Disposal.objects.filter(dossier=dossier), user, pk=request.POST.get("disposal"))
        note = request.POST.get("note", "")
        service = retention.approve_disposal if what == "approve" else retention.reject_disposal
        attempt_with_message(
            request, lambda: service(actor=user, disposal=disposal, note=note), gettext("已处理销毁申请")
        )
    else:
        raise Http404
    return redirect("archives:detail", dossier.pk)


@login_required
def file_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    stored = get_visible_or_404(StoredFile.objects.all(), request.user, "download", pk=pk)
    if stored.disposed_at is not None:
        raise Http404(gettext("文件已销毁"))
    return FileResponse(open_file(stored), content_type=stored.content_type, filename=stored.original_name)


@login_required
def certificate_trace(request: HttpRequest, pk: int) -> HttpResponseBase:
    certificate: Any = get_visible_or_404(tracing.traceable_certificates(request.user), request.user, pk=pk)  # type: ignore[arg-type]
    try:
        trace = tracing.build_trace(actor=request.user, certificate=certificate)  # type: ignore[arg-type]
    except NotFoundError as exc:
        raise Http404 from exc
    if (response := export_or_none(request, TRACE, trace_rows(trace))) is not None:
        return response
    return render(request, "archives/trace.html", {"trace": trace})


@login_required
def certificate_trace_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate: Any = get_visible_or_404(tracing.traceable_certificates(request.user), request.user, pk=pk)  # type: ignore[arg-type]
    data = tracing.trace_pdf(actor=request.user, certificate=certificate)  # type: ignore[arg-type]
    return pdf_response(data, gettext("追溯报告-%(number)s.pdf") % {"number": certificate.number})


@login_required
@exports(TOUCHED)
def touched(request: HttpRequest, kind: str, pk: int) -> HttpResponseBase:
    from skillcert.exams.models import ExamSession
    from skillcert.personnel.models import Person

    user: Any = request.user
    if kind == "person":
        subject: Any = get_visible_or_404(Person.objects.all(), user, pk=pk)
        rows = tracing.certificates_touched_by_person(user, subject)
    elif kind == "session":
        subject = get_visible_or_404(ExamSession.objects.select_related("plan"), user, pk=pk)
        rows = tracing.certificates_touched_by_session(user, subject)
    else:
        raise Http404
    if (response := export_or_none(request, TOUCHED, rows)) is not None:
        return response
    return render(request, "archives/touched.html", {"subject": subject, "page": paginate(request, rows)})
