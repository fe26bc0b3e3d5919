"""Rollups kept current by events and scans; dashboard, inbox and evidence pages (R-SUP-1, R-SUP-2)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.accounts.tests.factories import jurisdiction
from skillcert.certificates.tests.factories import final_plan
from skillcert.institutions.tests.factories import FiledInstitutionFactory, bureau_user, region_center_user
from skillcert.supervision.models import Alert, InstitutionMonth, LeagueMonth
from skillcert.supervision.registry import Finding
from skillcert.supervision.services.alerts import apply_findings
from skillcert.supervision.services.rollups import rebuild_rollups

pytestmark = pytest.mark.django_db


def test_issuance_event_refreshes_the_rollups(django_capture_on_commit_callbacks: Any) -> None:
    f = final_plan(n=3)
    with django_capture_on_commit_callbacks(execute=True):
        cert = f.issue(0)
    month = timezone.localdate().replace(day=1)
    row = InstitutionMonth.objects.get(
        institution=f.plan.institution, month=month, level=4, occupation_id=f.plan.occupation_id
    )
    assert row.certificates == 1
    assert row.results == 3 and row.passed == 3
    league = LeagueMonth.objects.get(league=cert.league, month=month, level=4, occupation_id=f.plan.occupation_id)
    assert league.certificates == 1
    with django_capture_on_commit_callbacks(execute=True):
        f.issue(1)
    row = InstitutionMonth.objects.get(institution=f.plan.institution, month=month, level=4)
    assert row.certificates == 2
    # A full rebuild gives the same figures.
    rebuild_rollups()
    assert (
        InstitutionMonth.objects.get(
            pk__isnull=False, institution=f.plan.institution, level=4, month=month
        ).certificates
        == 2
    )


def test_scan_command_prints_what_it_did() -> None:
    from io import StringIO

    FiledInstitutionFactory(filed_on=timezone.localdate().replace(year=timezone.localdate().year - 3))
    out = StringIO()
    call_command("scan_alerts", "--kind", "inactive_institution", stdout=out)
    assert "inactive_institution" in out.getvalue() and "新增 1" in out.getvalue()
    out = StringIO()
    call_command("scan_alerts", "--kind", "inactive_institution", stdout=out)
    assert "新增 0" in out.getvalue() and "更新 1" in out.getvalue()


def _alert(inst: Any, league: str = "150100", **evidence: Any) -> Alert:
    apply_findings(
        kind="fee_out_of_band",
        findings=[
            Finding.about(inst, jurisdiction_id=jurisdiction(league).pk, institution_id=inst.pk, evidence=evidence)
        ],
        complete=False,
    )
    return Alert.objects.get(institution=inst)


def test_inbox_bulk_acknowledge_and_evidence_page() -> None:
    a = _alert(FiledInstitutionFactory(), deviation_percent="50.00", links=[{"label": "评价机构", "url": "/x/"}])
    b = _alert(FiledInstitutionFactory())
    hidden = _alert(FiledInstitutionFactory(league="150200"), league="150200")
    client = Client()
    client.force_login(bureau_user("150100", Role.CLERK))
    page = client.get("/supervision/alerts/")
    text = page.content.decode()
    assert page.status_code == 200 and a.subject_label in text and hidden.subject_label not in text
    answer = client.post("/supervision/alerts/acknowledge/", {"alerts": [a.pk, b.pk], "note": "核查中"}, follow=True)
    assert "已确认 2 条预警" in answer.content.decode()
    a.refresh_from_db()
    assert a.status == "acknowledged"
    detail = client.get(f"/supervision/alerts/{a.pk}/").content.decode()
    assert "偏离成本（%）" in detail and "50.00" in detail and 'href="/x/"' in detail
    answer = client.post(f"/supervision/alerts/{a.pk}/", {"outcome": "dismissed", "reason": ""}, follow=True)
    assert "排除预警必须说明理由" in answer.content.decode()
    assert client.get(f"/supervision/alerts/{hidden.pk}/").status_code == 404


def test_dashboard_pages_and_public_sees_nothing() -> None:
    f = final_plan(n=2)
    f.issue(0)
    rebuild_rollups()
    client = Client()
    assert client.get("/supervision/").status_code == 302  # login first
    client.force_login(region_center_user(Role.CLERK))
    region = client.get("/supervision/").content.decode()
    assert "按盟市" in region and "echarts.common.min.js" in region and "cdn" not in region.lower()
    league = client.get(f"/supervision/?league={f.plan.league.code}").content.decode()
    assert "按评价机构" in league and f.plan.institution.filed_name in league
    inst = client.get(f"/supervision/?institution={f.plan.institution_id}")
    assert inst.status_code == 200
    client.force_login(bureau_user("150200", Role.CLERK))
    assert client.get(f"/supervision/?institution={f.plan.institution_id}").status_code == 404
