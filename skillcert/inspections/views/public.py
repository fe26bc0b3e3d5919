"""The public 双随机、一公开 pages: campaigns, their pools, commitments, seeds, draws re-run in
front of the reader, and the published results with every correction (R-SUP-4, R-PUB-1). No login."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from skillcert.inspections import draw
from skillcert.inspections.choices import CampaignStatus
from skillcert.inspections.selectors import public_campaigns, verify_campaign
from skillcert.personnel.choices import Reason

REASON_LABELS = {**dict(Reason.choices), "recent_inspection": _("上次检查过该机构")}


def campaign_list(request: HttpRequest) -> HttpResponseBase:
    return render(request, "inspections/public_list.html", {"campaigns": public_campaigns()[:200]})


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    campaign = public_campaigns().filter(pk=pk).first()
    if campaign is None:
        raise Http404(_("未找到该检查任务"))
    inspections = []
    for inspection in campaign.inspections.select_related("institution", "stratum").prefetch_related(
        "inspectors__person"
    ):
        record = inspection.inspector_draw or {}
        inspections.append(
            {
                "inspection": inspection,
                "pool": len(record.get("pool", [])),
                "eligible": record.get("eligible", []),
                "excluded": [
                    {
                        "name": e["name"],
                        "reasons": sorted({str(REASON_LABELS.get(r["code"], r["code"])) for r in e["reasons"]}),
                    }
                    for e in record.get("exclusions", [])
                ],
                "inspectors": [i.person.name for i in inspection.inspectors.all()],
            }
        )
    versions = list(campaign.versions.order_by("-number"))
    context = {
        "campaign": campaign,
        "steps": draw.ALGORITHM_STEPS,
        "verification": verify_campaign(campaign),
        "inspections": inspections,
        "latest": versions[0] if versions else None,
        "versions": versions,
        "drawn": campaign.status in (CampaignStatus.DRAWN, CampaignStatus.PUBLISHED),
    }
    return render(request, "inspections/public_detail.html", context)
