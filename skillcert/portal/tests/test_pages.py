"""Public home, workbench counts, health check, audit log and policy pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority, jurisdiction
from skillcert.core.audit import record_event
from skillcert.core.models import AuditEvent, PolicyValue
from skillcert.core.policy import get_policy

pytestmark = pytest.mark.django_db


def test_public_home_needs_no_login_and_lists_the_leagues(client):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "职业技能等级认定监管平台" in body
    for name in ("呼和浩特市", "满洲里市", "二连浩特市", "阿拉善盟"):
        assert name in body
    assert 'lang="zh-Hans"' in body


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] in ("sqlite", "postgresql")


def test_workbench_needs_login(client):
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _tiles(response):
    return {t.label: t.value for t in response.context["tiles"]}


def test_league_workbench_counts_only_its_own_jurisdiction(client):
    InstitutionFactory.create_batch(2, jurisdiction=jurisdiction("150200"))
    InstitutionFactory.create_batch(3, jurisdiction=jurisdiction("150100"))
    bureau = UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150200"), roles=[Role.MANAGER])
    client.force_login(bureau)
    tiles = _tiles(client.get(reverse("portal:dashboard")))
    assert tiles["辖区内评价机构"] == 2
    assert tiles["人社部门与服务中心"] == 2  # the bureau and the centre of 包头市


def test_region_workbench_counts_every_institution(client):
    InstitutionFactory.create_batch(2, jurisdiction=jurisdiction("150200"))
    InstitutionFactory.create_batch(3, jurisdiction=jurisdiction("150100"))
    client.force_login(UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN]))
    tiles = _tiles(client.get(reverse("portal:dashboard")))
    assert tiles["辖区内评价机构"] == 5
    assert tiles["人社部门与服务中心"] == 30


def test_audit_log_page_shows_the_league_its_own_events_only(client):
    hohhot = InstitutionFactory(jurisdiction=jurisdiction("150100"))
    baotou = InstitutionFactory(jurisdiction=jurisdiction("150200"))
    record_event(actor=UserFactory(organisation=hohhot), action="demo.hohhot")
    record_event(actor=UserFactory(organisation=baotou), action="demo.baotou")
    client.force_login(UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.AUDITOR]))
    body = client.get(reverse("portal:audit_log")).content.decode()
    assert "demo.hohhot" in body and "demo.baotou" not in body


def test_region_admin_changes_a_default_rule_and_it_is_audited(client):
    admin = UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN])
    client.force_login(admin)
    response = client.post(reverse("portal:policies"), {"key": "login.max_failures", "value": "6", "note": "测试"})
    assert response.status_code == 302
    assert get_policy("login.max_failures") == 6
    event = AuditEvent.objects.get(action="policy.set")
    assert event.before == {"value": 5} and event.after["value"] == 6


def test_bad_policy_value_is_refused_in_chinese_and_nothing_saved(client):
    client.force_login(UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN]))
    response = client.post(reverse("portal:policies"), {"key": "login.max_failures", "value": "-3"})
    assert response.status_code == 400
    assert "不能为负数" in response.content.decode()
    assert not PolicyValue.objects.exists()


def test_policy_page_is_hidden_from_league_admins(client):
    client.force_login(UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.ADMIN]))
    assert client.get(reverse("portal:policies")).status_code == 404


def test_public_overview_api(client):
    InstitutionFactory()
    data = client.get("/api/v1/public/overview/").json()
    assert data == {"leagues": 14, "authorities": 30, "institutions": 1}


def test_api_docs_and_schema_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower(), "the docs page must not load scripts from a CDN"


def test_region_admin_registers_a_holiday_on_the_calendar_page(client):
    from skillcert.core.workdays import is_working_day

    client.force_login(UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN]))
    response = client.post(reverse("portal:calendar"), {"date": "2031-05-05", "is_working_day": "0", "name": "测试"})
    assert response.status_code == 302
    import datetime

    assert is_working_day(datetime.date(2031, 5, 5)) is False
    page = client.get(reverse("portal:calendar") + "?year=2031").content.decode()
    assert "2031-05-05" in page and "放假" in page
    bad = client.post(reverse("portal:calendar"), {"date": "2031-13-01", "is_working_day": "0"})
    assert bad.status_code == 400 and "日期格式应为" in bad.content.decode()


def test_league_user_reads_the_calendar_but_cannot_change_it(client):
    client.force_login(UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.ADMIN]))
    assert client.get(reverse("portal:calendar")).status_code == 200
    assert client.post(reverse("portal:calendar"), {"date": "2031-05-05", "is_working_day": "0"}).status_code == 403


def test_text_rule_accepts_only_its_listed_values(client):
    client.force_login(UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN]))
    key = "institutions.filing_authority.league"
    bad = client.post(reverse("portal:policies"), {"key": key, "value": "nobody"})
    assert bad.status_code == 400 and "只能取以下值之一" in bad.content.decode()
    assert get_policy(key) == "league_bureau"
    good = client.post(reverse("portal:policies"), {"key": key, "value": "league_center"})
    assert good.status_code == 302
    assert get_policy(key) == "league_center"
