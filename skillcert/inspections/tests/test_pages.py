"""The pages: the supervisor's phone-sized report to the order it triggers; a campaign from creation
to its public page; 调阅资料 audited; refusals shown in Chinese (R-SUP-3, R-SUP-4, R-PUB-1)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from skillcert.core.models import AuditEvent
from skillcert.inspections.choices import INSPECTION_CHECKLIST, SUPERVISION_CHECKLIST, CampaignStatus, OrderStatus
from skillcert.inspections.models import Campaign, RectificationOrder, SupervisionReport
from skillcert.inspections.tests.factories import inspectors, institutions, region_clerk, supervised_session
from skillcert.institutions.choices import InstitutionStatus

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_supervisor_report_pages_to_the_rectification_order(client):
    s = supervised_session()
    client.force_login(s.supervisor_user)
    page = client.get(reverse("inspections:my_supervision"))
    assert s.institution.filed_name in page.content.decode()
    response = client.post(reverse("inspections:open_report", args=[s.session.pk]))
    report = SupervisionReport.objects.get()
    assert response["Location"] == reverse("inspections:report", args=[report.pk])
    url = response["Location"]
    arrival = timezone.localtime(s.session.starts_at) - datetime.timedelta(minutes=20)
    data = {
        "step": "save",
        "arrived_at": arrival.strftime("%Y-%m-%dT%H:%M"),
        "grade": "serious",
        "findings": "试卷袋开考前已拆封",
    }
    data.update({f"check_{k}": "yes" for k, _label in SUPERVISION_CHECKLIST})
    data["check_seals_intact"] = "no"
    assert client.post(url, data).status_code == 302
    bad = client.post(url, {"step": "photo", "photo": SimpleUploadedFile("a.jpg", b"not an image")})
    assert "只接受JPG、PNG文件" in bad.content.decode()
    assert client.post(url, {"step": "photo", "photo": SimpleUploadedFile("现场.png", PNG)}).status_code == 302
    refused = client.post(url, {"step": "submit"}, follow=True)
    assert "须由评价机构签字确认" in refused.content.decode()
    assert client.post(url, {"step": "countersign", "name": "张负责", "note": ""}).status_code == 302
    done = client.post(url, {"step": "submit"}, follow=True).content.decode()
    assert "已提交" in done and "严重问题已向盟市人社局提出整改建议" in done
    order = RectificationOrder.objects.get()

    client.force_login(s.bureau)
    order_url = reverse("inspections:order", args=[order.pk])
    assert "试卷袋开考前已拆封" in client.get(order_url).content.decode()
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        order_url,
        {
            "step": "issue",
            "grounds": "督导发现严重问题",
            "deadline": deadline,
            "follow_up_on": deadline + datetime.timedelta(days=3),
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    s.institution.refresh_from_db()
    assert order.status == OrderStatus.ISSUED and s.institution.status == InstitutionStatus.RECTIFICATION


def test_someone_else_cannot_see_the_report(client):
    s = supervised_session()
    client.force_login(s.supervisor_user)
    client.post(reverse("inspections:open_report", args=[s.session.pk]))
    report = SupervisionReport.objects.get()
    from skillcert.institutions.tests.factories import FiledInstitutionFactory, staff

    client.force_login(staff(FiledInstitutionFactory(league="150200"), "clerk"))
    assert client.get(reverse("inspections:report", args=[report.pk])).status_code == 404


def test_campaign_pages_from_creation_to_the_public_result(client):
    institutions("150100", 4)
    institutions("150200", 1)
    inspectors("150000", 4)
    clerk = region_clerk()
    client.force_login(clerk)
    today = timezone.localdate()
    response = client.post(
        reverse("inspections:campaign_new"),
        {
            "title": "全区评价机构双随机抽查",
            "period_start": today,
            "period_end": today + datetime.timedelta(days=30),
            "records_from": today - datetime.timedelta(days=180),
            "records_to": today,
            "leagues": _league_ids("150100", "150200"),
            "institution_types": ["social_league"],
            "method": "both",
            "partner_departments": "市场监管局",
            "sampling_percent": "5",
            "inspectors_per_inspection": "2",
        },
    )
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("inspections:campaign", args=[campaign.pk])
    refused = client.post(reverse("inspections:campaign_step", args=[campaign.pk, "draw"]), follow=True)
    assert "须先公布候选池" in refused.content.decode()
    client.post(reverse("inspections:campaign_step", args=[campaign.pk, "publish-pool"]), {"seed": ""})
    campaign.refresh_from_db()
    public_url = reverse("inspections:public_campaign", args=[campaign.pk])
    client.logout()
    before = client.get(public_url).content.decode()
    assert campaign.seed_commitment in before and "尚未抽取" in before
    client.force_login(clerk)
    client.post(reverse("inspections:campaign_step", args=[campaign.pk, "draw"]), {"seed": ""})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAWN and campaign.inspections.count() == 2
    unfinished = client.post(reverse("inspections:campaign_step", args=[campaign.pk, "publish-results"]), follow=True)
    assert "尚未办结" in unfinished.content.decode()
    for inspection in campaign.inspections.all():
        url = reverse("inspections:inspection", args=[inspection.pk])
        records = client.get(reverse("inspections:records", args=[inspection.pk, "plans"]))
        assert records.status_code == 200
        record = {"step": "record", "inspected_on": today, "findings": "资料齐全"}
        record.update({f"check_{k}": "yes" for k, _label in INSPECTION_CHECKLIST})
        assert client.post(url, record).status_code == 302
        assert client.post(url, {"step": "conclude", "outcome": "no_problems", "note": ""}).status_code == 302
    assert AuditEvent.objects.filter(action="inspections.records_opened").count() == 2
    client.post(reverse("inspections:campaign_step", args=[campaign.pk, "publish-results"]))
    first = campaign.inspections.first()
    client.post(
        reverse("inspections:inspection", args=[first.pk]),
        {
            "step": "correct",
            "outcome": "no_problems",
            "findings": "资料齐全，签到表已补充",
            "outcome_note": "",
            "note": "补充检查发现",
        },
    )
    client.logout()
    page = client.get(public_url).content.decode()
    assert "复核一致" in page and campaign.seed in page
    assert "更正说明：补充检查发现" in page and "第2版" in page and "第1版" in page
    assert client.get(reverse("inspections:public_campaigns")).status_code == 200


def _league_ids(*codes: str) -> list[int]:
    from skillcert.accounts.models import Jurisdiction

    return list(Jurisdiction.objects.filter(code__in=codes).values_list("pk", flat=True))
