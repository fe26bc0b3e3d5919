"""The 处理建议 pages (R-SUP-4, R-SUP-6): the bureau's list with filters and exports, the workbench
tile, accepting and declining from the page, 404 out of scope and 403 with the reason for a wrong
role; the inspection, the sanction and the certificate trace show what came of it; the list's
queries do not grow with its rows."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.core.testing import query_count
from skillcert.inspections.tests.factories import concluded_with_proposal
from skillcert.institutions.tests import factories as f
from skillcert.sanctions.choices import Kind, ProposalStatus, Status
from skillcert.sanctions.models import Proposal

pytestmark = pytest.mark.django_db


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_the_bureau_accepts_a_rectification_proposal_from_its_list(client):
    proposal = concluded_with_proposal("150100", Kind.RECTIFICATION)
    clerk = f.bureau_user("150100", Role.CLERK)
    client.force_login(clerk)

    listing = client.get(reverse("sanctions:proposals"), {"status": "pending", "measure": "rectification"})
    assert proposal.institution.filed_name in listing.content.decode()
    assert "待决定的处理建议" in client.get(reverse("portal:dashboard")).content.decode()
    page = client.get(reverse("sanctions:proposal", args=[proposal.pk])).content.decode()
    assert "采纳处理建议" in page and "整改期限" in page and "成绩变更无审批记录" in page

    refused = client.post(reverse("sanctions:proposal_act", args=[proposal.pk, "accept"]), {"note": "属实"})
    assert refused.status_code == 400 and "整改期限：采纳限期整改建议时请填写整改期限" in refused.content.decode()
    done = client.post(
        reverse("sanctions:proposal_act", args=[proposal.pk, "accept"]), {"note": "属实", "deadline": _in(30)}
    )
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.sanction.status == Status.OPEN
    shown = client.get(reverse("sanctions:proposal", args=[proposal.pk])).content.decode()
    assert "已采纳" in shown and "采纳处理建议" not in shown
    sanction_page = client.get(reverse("sanctions:detail", args=[proposal.sanction_id])).content.decode()
    assert "双随机检查处理建议" in sanction_page
    client.force_login(f.region_center_user(Role.CLERK))
    inspection_page = client.get(reverse("inspections:inspection", args=[proposal.inspection_id])).content.decode()
    assert "建议限期整改（已采纳）" in inspection_page and "整改中" in inspection_page


def test_declining_from_the_page_needs_grounds():
    proposal = concluded_with_proposal("150100", Kind.CRITICISM)
    client = Client()
    client.force_login(f.bureau_user("150100", Role.MANAGER))
    url = reverse("sanctions:proposal_act", args=[proposal.pk, "decline"])

    refused = client.post(url, {"grounds": ""})
    assert refused.status_code == 400 and "不予采纳的理由：请写明理由" in refused.content.decode()
    assert client.post(url, {"grounds": "证据不足"}).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DECLINED


def test_out_of_scope_is_404_and_a_wrong_role_is_403_with_the_reason():
    proposal = concluded_with_proposal("150100")
    detail = reverse("sanctions:proposal", args=[proposal.pk])
    act = reverse("sanctions:proposal_act", args=[proposal.pk, "decline"])

    outsider = Client()
    outsider.force_login(f.bureau_user("150200", Role.CLERK))
    assert outsider.get(detail).status_code == 404
    assert outsider.post(act, {"grounds": "无"}).status_code == 404
    institution = Client()
    institution.force_login(f.UserFactory(organisation=proposal.institution.organisation, roles=[Role.MANAGER]))
    assert institution.get(detail).status_code == 404

    auditor = Client()
    auditor.force_login(f.bureau_user("150100", Role.AUDITOR))
    page = auditor.get(detail)
    assert page.status_code == 200 and "不予采纳" not in page.content.decode()
    refused = auditor.post(act, {"grounds": "无"})
    assert refused.status_code == 403
    assert "处理建议由机构所在盟市人社局或自治区人社部门的经办人员决定" in refused.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.PENDING


def test_the_list_exports_and_its_queries_do_not_grow_with_rows():
    region = f.UserFactory(organisation=f.authority(f.OrgKind.REGION_DEPT), roles=[Role.CLERK])
    client = Client()
    client.force_login(region)
    concluded_with_proposal("150100")
    url = reverse("sanctions:proposals")
    client.get(url)  # the session and the caches, once
    few = query_count(client, url)
    for measure in (Kind.RECTIFICATION, Kind.SUSPENSION, Kind.DISQUALIFICATION):
        p = concluded_with_proposal("150200", measure)
    from skillcert.sanctions import services

    services.decline_proposal(actor=region, proposal=p, grounds="另案处理")
    assert query_count(client, url) == few
    for fmt in ("xlsx", "pdf"):
        response = client.get(url, {"export": fmt})
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
