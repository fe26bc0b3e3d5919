"""Policy values with their sources and future effective dates (R-X-8)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent, PolicySource, PolicyValue
from skillcert.core.policy import get_policy, policy_basis
from skillcert.core.services import register_policy_source, set_policy_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN])


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_register_holds_the_texts_the_platform_follows():
    codes = set(PolicySource.objects.values_list("code", flat=True))
    assert {"nmg-2021-193", "nmg-2024-53", "xinfang-2022", "xzcf-2021", "wlaqf-2017", "rszs-2020-17"} <= codes
    notice = PolicySource.objects.get(code="nmg-2021-193")
    assert str(notice) == "内人社办发〔2021〕193号《关于进一步规范开展全区职业技能等级认定工作的通知》"
    assert notice.effective_on == datetime.date(2021, 11, 3)


def test_a_value_scheduled_for_a_future_date_leaves_the_old_one_in_force_until_then(admin):
    register_policy_source(
        actor=admin,
        code="nmg-test-fees",
        number="内人社发〔2027〕1号",
        title="关于调整评价收费监管的通知",
        effective_on=_days(30),
    )
    set_policy_value(
        actor=admin,
        key="fees.band_percent",
        value=15,
        source="nmg-test-fees",
        article="第二条",
        effective_from=_days(30),
    )
    assert get_policy("fees.band_percent") == 20
    assert get_policy("fees.band_percent", on=_days(29)) == 20
    assert get_policy("fees.band_percent", on=_days(30)) == 15
    assert not policy_basis("fees.band_percent").traced
    assert str(policy_basis("fees.band_percent")) == "默认值，未见文件依据"
    later = policy_basis("fees.band_percent", on=_days(31))
    assert str(later) == "内人社发〔2027〕1号《关于调整评价收费监管的通知》 第二条"
    assert PolicyValue.objects.filter(key="fees.band_percent").count() == 1
    event = AuditEvent.objects.filter(action="policy.set").get()
    assert event.after["effective_from"] == _days(30).isoformat() and event.before == {"value": 20}


def test_a_source_without_a_date_takes_effect_on_its_own_date(admin):
    register_policy_source(actor=admin, code="future-doc", title="将来施行的文件", effective_on=_days(10))
    row = set_policy_value(actor=admin, key="exams.publicity_working_days", value=7, source="future-doc")
    assert row.effective_from == _days(10)
    assert get_policy("exams.publicity_working_days") == 5
    assert get_policy("exams.publicity_working_days", on=_days(10)) == 7


def test_a_source_effective_in_the_past_is_refused_unless_it_corrects_a_mistake(admin):
    with pytest.raises(DomainError) as exc:
        set_policy_value(actor=admin, key="exams.publicity_working_days", value=7, source="nmg-2021-193")
    assert exc.value.field == "effective_from" and "更正录入错误" in exc.value.message
    assert not PolicyValue.objects.exists()
    assert not AuditEvent.objects.filter(action="policy.set").exists()
    with pytest.raises(DomainError):
        set_policy_value(actor=admin, key="exams.publicity_working_days", value=7, effective_from=_days(-3))
    row = set_policy_value(
        actor=admin, key="exams.publicity_working_days", value=5, source="nmg-2021-193", is_correction=True
    )
    assert row.effective_from == datetime.date(2021, 11, 3) and row.is_correction


def test_an_unknown_source_or_an_article_without_a_source_is_refused(admin):
    with pytest.raises(DomainError) as exc:
        set_policy_value(actor=admin, key="fees.band_percent", value=10, source="no-such-doc")
    assert exc.value.field == "source"
    with pytest.raises(DomainError) as exc:
        set_policy_value(actor=admin, key="fees.band_percent", value=10, article="第三条")
    assert exc.value.field == "source"
    assert not PolicyValue.objects.exists()


def test_declared_sources_show_for_defaults():
    basis = policy_basis("institutions.require_examiner_rules")
    assert basis.traced and basis.source_code == "nmg-2021-193" and basis.article == "四（四）"


def test_policy_page_shows_sources_and_the_untraced_list(client, admin):
    client.force_login(admin)
    body = client.get(reverse("portal:policies")).content.decode()
    assert "内人社办发〔2021〕193号《关于进一步规范开展全区职业技能等级认定工作的通知》 四（四）" in body
    untraced = body[body.index('id="untraced"') : body.index('id="sources"')]
    assert "fees.band_percent" in untraced and "institutions.require_examiner_rules" not in untraced
    assert "信访工作条例" in body[body.index('id="sources"') :]


def test_policy_page_schedules_a_value_with_its_source(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("portal:policies"),
        {
            "key": "fees.band_percent",
            "value": "25",
            "effective_from": _days(5).isoformat(),
            "source": "nmg-2024-53",
            "article": "第十条",
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("portal:policies")).content.decode()
    assert f"25（{_days(5)}起；内人社办发〔2024〕53号《内蒙古自治区职业技能等级认定实施办法》 第十条）" in body
    assert get_policy("fees.band_percent") == 20


def test_policy_page_refuses_a_past_date_in_chinese(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("portal:policies"),
        {"key": "fees.band_percent", "value": "25", "effective_from": _days(-1).isoformat()},
    )
    assert response.status_code == 400
    assert "只能作为“更正录入错误”提交" in response.content.decode()
    assert not PolicyValue.objects.exists()


def test_api_shows_basis_and_schedules_values(api_client, admin):
    api_client.force_authenticate(admin)
    row = api_client.get("/api/v1/core/policies/institutions.require_examiner_rules/").json()
    assert row["traced"] is True and row["source_code"] == "nmg-2021-193" and row["value"] is True
    response = api_client.patch(
        "/api/v1/core/policies/fees.band_percent/",
        {"value": 30, "effective_from": _days(3).isoformat(), "source_code": "nmg-2024-53"},
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["value"] == 20 and data["scheduled"][0]["value"] == 30
    bad = api_client.patch("/api/v1/core/policies/institutions.require_examiner_rules/", {"value": 1}, format="json")
    assert bad.status_code == 400 and "是" in bad.json()["detail"]


def test_only_region_admins_register_sources(api_client, admin):
    league_admin = UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150100"), roles=[Role.ADMIN])
    payload = {"code": "x-1", "title": "测试文件", "effective_on": "2026-01-01"}
    api_client.force_authenticate(league_admin)
    assert api_client.post("/api/v1/core/policy-sources/", payload, format="json").status_code in (403, 404)
    assert not PolicySource.objects.filter(code="x-1").exists()
    api_client.force_authenticate(admin)
    assert api_client.post("/api/v1/core/policy-sources/", payload, format="json").status_code == 201
    dup = api_client.post("/api/v1/core/policy-sources/", payload, format="json")
    assert dup.status_code == 400 and dup.json()["errors"].get("code")
    assert AuditEvent.objects.filter(action="policy.source_registered").count() == 1


def test_every_declared_source_names_a_known_rule_and_a_registered_text():
    from skillcert.core.policy import policy_default_sources, policy_defaults

    declared = policy_default_sources()
    registered = set(PolicySource.objects.values_list("code", flat=True))
    assert set(declared) <= set(policy_defaults())
    assert {code for code, _article in declared.values()} <= registered
    assert declared["archives.retention_years.paper"] == ("nmg-2021-193", "四（九）")
    assert declared["complaints.conclude_days"] == ("xinfang-2022", "第三十二条")
    assert "fees.band_percent" not in declared, "the fee band is a default no text fixes"
