"""Core API: audit log, rule parameters, calendar overrides, working days — permission matrix and errors."""

from __future__ import annotations

import pytest

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority
from skillcert.core.audit import record_event
from skillcert.core.models import AuditEvent, CalendarDay
from skillcert.core.testing import Case, PermissionMatrix, empty_list, non_empty_list

pytestmark = pytest.mark.django_db


class RegionAdminData(PermissionMatrix):
    """Region-wide data: everyone logged in reads, only a region admin writes."""

    def personas(self):
        return {
            "anonymous": None,
            "other_org": UserFactory(organisation=authority(OrgKind.LEAGUE_BUREAU, "150200"), roles=[Role.ADMIN]),
            "wrong_role": UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.CLERK]),
            "right_role": UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN]),
        }

    def cases(self):
        CalendarDay.objects.create(date="2031-01-02", is_working_day=False, name="元旦")
        readable = {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200}
        return [
            Case("GET", "/api/v1/core/policies/", readable),
            Case("GET", "/api/v1/core/policies/login.max_failures/", readable),
            Case(
                "PATCH",
                "/api/v1/core/policies/login.max_failures/",
                {"anonymous": 401, "other_org": 403, "wrong_role": 403, "right_role": 200},
                data={"value": 6, "note": "试行"},
            ),
            Case("GET", "/api/v1/core/calendar-days/?year=2031", readable),
            Case(
                "POST",
                "/api/v1/core/calendar-days/",
                {"anonymous": 401, "other_org": 403, "wrong_role": 403, "right_role": 201},
                data={"date": "2031-01-04", "is_working_day": True, "name": "元旦调休"},
            ),
            Case(
                "DELETE",
                "/api/v1/core/calendar-days/2031-01-02/",
                {"anonymous": 401, "other_org": 403, "wrong_role": 403, "right_role": 204},
            ),
            Case("GET", "/api/v1/core/workdays/?date=2026-09-30&days=1", readable),
        ]


def test_region_admin_data_matrix():
    RegionAdminData().run()
    assert AuditEvent.objects.filter(action__in=["policy.set", "calendar.set", "calendar.remove"]).count() == 3


class AuditLogMatrix(PermissionMatrix):
    def personas(self):
        inst = InstitutionFactory()
        self.writer = UserFactory(organisation=inst, roles=[Role.CLERK])
        record_event(actor=self.writer, action="demo.write")
        return {
            "anonymous": None,
            "other_org": UserFactory(organisation=InstitutionFactory(), roles=[Role.MANAGER]),
            "wrong_role": UserFactory(organisation=inst, roles=[Role.EXAMINER]),
            "right_role": UserFactory(organisation=inst, roles=[Role.MANAGER]),
        }

    def cases(self):
        return [
            Case(
                "GET",
                "/api/v1/core/audit-events/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
                check={"other_org": empty_list, "wrong_role": empty_list, "right_role": non_empty_list},
            )
        ]


def test_audit_log_matrix():
    AuditLogMatrix().run()


def test_working_day_arithmetic_follows_the_official_calendar(api_client):
    api_client.force_authenticate(UserFactory())
    # 2026-09-30 is the last working day before the National Day holiday (10-01 .. 10-07).
    data = api_client.get("/api/v1/core/workdays/?date=2026-09-30&days=1&end=2026-10-09").json()
    assert data["result_date"] == "2026-10-08"
    assert data["is_working_day"] is True
    assert data["working_days"] == 2  # 10-08 and 10-09


def test_bad_input_is_a_chinese_400_naming_the_field(api_client):
    api_client.force_authenticate(UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN]))
    response = api_client.get("/api/v1/core/workdays/?date=2026-02-30&days=1")
    assert response.status_code == 400
    assert "date" in response.json()["errors"]
    response = api_client.get("/api/v1/core/workdays/?date=2026-02-03")
    assert response.status_code == 400
    assert "days" in response.json()["errors"]
    response = api_client.patch("/api/v1/core/policies/login.max_failures/", {"value": "五"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {"value": ["规则参数“login.max_failures”必须是数字"]}
    response = api_client.patch("/api/v1/core/policies/no.such.rule/", {"value": 1}, format="json")
    assert response.status_code == 400 and "不存在" in response.json()["detail"]
    assert not AuditEvent.objects.filter(action="policy.set").exists()


def test_calendar_override_changes_working_day_answers(api_client):
    admin = UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.ADMIN])
    api_client.force_authenticate(admin)
    assert api_client.get("/api/v1/core/workdays/?date=2031-03-03&days=0").json()["is_working_day"] is True
    api_client.post("/api/v1/core/calendar-days/", {"date": "2031-03-03", "is_working_day": False, "name": "测试假日"})
    assert api_client.get("/api/v1/core/workdays/?date=2031-03-03&days=0").json()["is_working_day"] is False
