"""Pages of 双随机 campaigns and inspections: creation, the committed pool, the draw, the
inspection record, 调阅资料, conclusion, publication and corrections (R-SUP-4, R-SUP-10)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.accounts.types import actor_of
from skillcert.core.errors import DomainError
from skillcert.core.forms import apply_domain_error
from skillcert.core.listing import export_or_none, exports, paginate
from skillcert.inspections.choices import INSPECTION_CHECKLIST, CampaignStatus, InspectionStatus
from skillcert.inspections.exports import CAMPAIGNS, RESULTS
from skillcert.inspections.filtersets import CampaignFilterSet
from skillcert.inspections.forms import (
    CampaignForm,
    ConcludeForm,
    CorrectionForm,
    InspectionRecordForm,
    SeedForm,
    checklist_initial,
)
from skillcert.inspections.models import Campaign, Inspection
from skillcert.inspections.selectors import campaigns_visible_to, inspections_visible_to
from skillcert.inspections.selectors.records import SECTIONS, records_section
from skillcert.inspections.services import campaigns as services
from skillcert.inspections.services._auth import CAMPAIGN_ORGANISERS, is_edit_staff
from skillcert.inspections.views.quality import checklist_rows


def _is_organiser(user: Any, campaign: Campaign) -> bool:
    return bool(user.is_superuser or (is_edit_staff(user) and user.organisation_id == campaign.organiser_id))


def may_create_campaigns(user: Any) -> bool:
    return bool(user.is_superuser or (is_edit_staff(user) and user.organisation.kind in CAMPAIGN_ORGANISERS))


@login_required
@exports(CAMPAIGNS)
def campaign_list(request: HttpRequest) -> HttpResponseBase:
    filterset = CampaignFilterSet(request.GET or None, queryset=campaigns_visible_to(actor_of(request)))
    if (response := export_or_none(request, CAMPAIGNS, filterset.qs)) is not None:
        return response
    page = paginate(request, filterset.qs)
    my_inspections = inspections_visible_to(actor_of(request)).filter(inspectors__person__user_id=actor_of(request).pk)
    context = {
        "filter": filterset,
        "page": page,
        "may_create": may_create_campaigns(actor_of(request)),
        "my_inspections": my_inspections[:50],
    }
    return render(request, "inspections/campaigns.html", context)


@login_required
def campaign_new(request: HttpRequest) -> HttpResponseBase:
    form = CampaignForm(request.POST or None, actor=actor_of(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["leagues"] = list(data["leagues"])
        try:
            campaign = services.create_campaign(actor=actor_of(request), data=services.CampaignInput(**data))
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("检查任务已创建"))
            return redirect("inspections:campaign", pk=campaign.pk)
    return render(request, "inspections/campaign_form.html", {"form": form})


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = campaigns_visible_to(actor_of(request)).filter(pk=pk).first()
    if campaign is None:
        raise Http404(_("未找到该检查任务"))
    return campaign


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    campaign = _campaign(request, pk)
    if (response := export_or_none(request, RESULTS, services.results_snapshot(campaign))) is not None:
        return response
    inspections = campaign.inspections.select_related("institution", "stratum").prefetch_related("inspectors__person")
    context = {
        "campaign": campaign,
        "inspections": inspections,
        "organiser": _is_organiser(actor_of(request), campaign),
        "seed_form": SeedForm(),
        "unfinished": inspections.exclude(status=InspectionStatus.CONCLUDED).count(),
        "versions": campaign.versions.all(),
        "CampaignStatus": CampaignStatus,
    }
    return render(request, "inspections/campaign.html", context)


@login_required
@require_POST
def campaign_step(request: HttpRequest, pk: int, step: str) -> HttpResponseBase:
    """publish-pool, draw, publish-results: each a service; a refusal is shown on the campaign page."""
    campaign = _campaign(request, pk)
    form = SeedForm(request.POST)
    seed = form.cleaned_data["seed"] if form.is_valid() else ""
    try:
        if step == "publish-pool":
            services.publish_pool(actor=actor_of(request), campaign=campaign, seed=seed)
            messages.success(request, _("候选池和种子承诺已公布"))
        elif step == "draw":
            services.draw_campaign(actor=actor_of(request), campaign=campaign, seed=seed)
            messages.success(request, _("已公布种子并完成抽取"))
        elif step == "publish-results":
            services.publish_results(actor=actor_of(request), campaign=campaign)
            messages.success(request, _("检查结果已在门户网站公开"))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("inspections:campaign", pk=campaign.pk)


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    inspection = inspections_visible_to(actor_of(request)).filter(pk=pk).first()
    if inspection is None:
        raise Http404(_("未找到该检查"))
    return inspection


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The inspection record: checklist, findings, 调阅资料, conclusion, corrections (R-SUP-4)."""
    inspection = _inspection(request, pk)
    campaign = inspection.campaign
    organiser = _is_organiser(actor_of(request), campaign)
    inspector = services.is_inspector(actor_of(request), inspection)
    initial = {
        "inspected_on": inspection.inspected_on,
        "findings": inspection.findings,
        **checklist_initial(inspection.checklist),
    }
    record_form = InspectionRecordForm(initial=initial)
    conclude_form = ConcludeForm()
    correct_form = CorrectionForm(
        initial={
            "outcome": inspection.outcome,
            "findings": inspection.findings,
            "outcome_note": inspection.outcome_note,
        }
    )
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            if step == "record":
                record_form = InspectionRecordForm(request.POST)
                if record_form.is_valid():
                    services.record_inspection(
                        actor=actor_of(request),
                        inspection=inspection,
                        inspected_on=record_form.cleaned_data["inspected_on"],
                        checklist=record_form.checklist(),
                        findings=record_form.cleaned_data["findings"],
                    )
                    messages.success(request, _("检查情况已保存"))
                    return redirect("inspections:inspection", pk=pk)
            elif step == "conclude":
                conclude_form = ConcludeForm(request.POST)
                if conclude_form.is_valid():
                    services.conclude_inspection(
                        actor=actor_of(request), inspection=inspection, **conclude_form.cleaned_data
                    )
                    messages.success(request, _("检查已办结"))
                    return redirect("inspections:inspection", pk=pk)
            elif step == "correct":
                correct_form = CorrectionForm(request.POST)
                if correct_form.is_valid():
                    services.correct_result(actor=actor_of(request), inspection=inspection, **correct_form.cleaned_data)
                    messages.success(request, _("已发布更正版本"))
                    return redirect("inspections:inspection", pk=pk)
        except DomainError as exc:
            target = {"conclude": conclude_form, "correct": correct_form}.get(step, record_form)
            apply_domain_error(target, exc)
            messages.error(request, exc.message)
    context = {
        "inspection": inspection,
        "campaign": campaign,
        "organiser": organiser,
        "worker": organiser or inspector,
        "open": inspection.status != InspectionStatus.CONCLUDED,
        "published": campaign.status == CampaignStatus.PUBLISHED,
        "record_form": record_form,
        "conclude_form": conclude_form,
        "correct_form": correct_form,
        "checklist": checklist_rows(inspection.checklist, INSPECTION_CHECKLIST),
        "inspectors": inspection.inspectors.select_related("person"),
        "draw": inspection.inspector_draw or {},
        "sections": SECTIONS,
        "order": getattr(inspection, "order", None),
        "proposal": getattr(inspection, "sanction_proposal", None),
    }
    return render(request, "inspections/inspection.html", context)


@login_required
def inspection_records(request: HttpRequest, pk: int, section: str) -> HttpResponseBase:
    """调阅资料: read-only, for the organiser and the drawn inspectors; every opening is audited."""
    inspection = _inspection(request, pk)
    if section not in {s.key for s in SECTIONS}:
        raise Http404
    services.note_records_opened(actor=actor_of(request), inspection=inspection, section=section)
    current, rows = records_section(inspection, section)
    context = {"inspection": inspection, "section": current, "rows": rows, "sections": SECTIONS}
    return render(request, "inspections/records.html", context)
