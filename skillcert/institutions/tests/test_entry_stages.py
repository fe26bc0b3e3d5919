"""Entry stages of an institution: 征集 → 遴选 → 评估 → 备案 → 公布 (2024 办法 art. 3; R-INS-2, R-INS-7)."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from skillcert.accounts.choices import Role
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.models import AuditEvent
from skillcert.core.testing import Case, PermissionMatrix, empty_list
from skillcert.institutions import services
from skillcert.institutions.choices import ApplicationStatus, EntryStage, StageOutcome
from skillcert.institutions.models import EntryStageRecord, FilingApplication, Institution
from skillcert.institutions.selectors import entry_timeline, institution_readiness, public_institutions
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/institutions"


def _apply(occupation=None, credit=7001, **overrides: Any) -> FilingApplication:  # type: ignore[no-untyped-def]
    occupation = occupation or f.occupation(levels=(5, 4))
    data: dict[str, Any] = {
        "actor": None,
        "type": "social_league",
        "filed_name": "包头市准入测试评价中心",
        "credit_code": f.credit_code(credit, "150200"),
        "responsible_person": "张三",
        "address": "包头市昆区钢铁大街1号",
        "area": "150200",
        "items": f.scope_entries((occupation, None, [5])),
        "documents": [services.SupportingDocument("营业执照", f.pdf())],
        "manager_username": f"entry_mgr_{credit}",
        "manager_full_name": "王负责",
    }
    data.update(overrides)
    return services.submit_initial_application(**data)


def _states(application: FilingApplication) -> dict[str, str]:
    return {line.stage: line.state for line in entry_timeline(application)}


def test_the_five_stages_in_order_put_the_institution_on_the_public_register():
    occupation = f.occupation(levels=(5, 4))
    bureau = f.bureau_user("150200", Role.CLERK)
    call = services.open_selection_call(
        actor=bureau,
        authority=bureau.organisation,
        title="2026年包头市评价机构征集公告",
        opens_on=timezone.localdate() - datetime.timedelta(days=5),
        closes_on=timezone.localdate() + datetime.timedelta(days=25),
        institution_types=["social_league"],
        occupations=[occupation],
    )
    application = _apply(occupation)
    assert _states(application) == {
        "call": "done",
        "selection": "current",
        "assessment": "waiting",
        "filing": "waiting",
        "publication": "waiting",
    }
    services.record_selection(
        actor=bureau, application=application, call=call, passed=True, criteria="场地、师资", findings="入选"
    )
    services.record_assessment(actor=bureau, application=application, passed=True, findings="现场评估合格")
    assert _states(application)["filing"] == "current"
    decision = services.accept_application(actor=bureau, application=application, filing_number="BT-ENTRY-1")
    institution = decision.institution
    assert institution is not None and institution.published_on is None
    assert not public_institutions().filter(pk=institution.pk).exists(), "filed is not yet published"
    assert {m.code for m in institution_readiness(institution)} >= {"publication"}

    services.publish_institution(actor=bureau, institution=institution)
    institution.refresh_from_db()
    assert institution.published_on == timezone.localdate()
    assert public_institutions().filter(pk=institution.pk).exists()
    assert "publication" not in {m.code for m in institution_readiness(institution)}
    assert set(_states(application).values()) == {"done"}
    actions = list(
        AuditEvent.objects.filter(action__startswith="institutions.").values_list("action", flat=True).order_by("id")
    )
    for expected in (
        "institutions.call_opened",
        "institutions.selection_recorded",
        "institutions.assessment_recorded",
        "institutions.filed",
        "institutions.published",
    ):
        assert expected in actions
    assert actions.index("institutions.selection_recorded") < actions.index("institutions.assessment_recorded")


def test_rejection_at_selection_closes_the_application_with_the_findings():
    application = _apply()
    bureau = f.bureau_user("150200", Role.CLERK)
    call = f.selection_call(bureau.organisation)
    services.record_selection(
        actor=bureau, application=application, call=call, passed=False, criteria="师资", findings="考评人员不足"
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision_reasons == "遴选未通过：考评人员不足"
    assert _states(application)["selection"] == "failed" and _states(application)["filing"] == "failed"
    with pytest.raises(DomainError, match="不能再记录准入环节"):
        services.record_assessment(actor=bureau, application=application, passed=True, findings="x")
    assert not EntryStageRecord.objects.filter(stage=EntryStage.ASSESSMENT).exists()


def test_rejection_at_assessment_closes_the_application():
    application = _apply()
    bureau = f.bureau_user("150200", Role.CLERK)
    services.record_selection(
        actor=bureau,
        application=application,
        call=f.selection_call(bureau.organisation),
        passed=True,
        criteria="师资",
        findings="入选",
    )
    services.record_assessment(actor=bureau, application=application, passed=False, findings="实操考场设备不全")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision_reasons == "评估未通过：实操考场设备不全"
    with pytest.raises(DomainError):
        services.accept_application(actor=bureau, application=application, filing_number="X-1")
    assert not Institution.objects.filter(credit_code=application.credit_code).exists()


def test_a_skipped_stage_is_refused_and_nothing_is_saved():
    application = _apply()
    bureau = f.bureau_user("150200", Role.CLERK)
    with pytest.raises(DomainError) as exc:
        services.record_assessment(actor=bureau, application=application, passed=True, findings="合格")
    assert exc.value.message == "评估：须先通过遴选，不能跳过环节"
    with pytest.raises(DomainError) as exc:
        services.accept_application(actor=bureau, application=application, filing_number="BT-SKIP")
    assert "须依次通过遴选和评估" in exc.value.message and "遴选" in exc.value.message
    assert not EntryStageRecord.objects.exists()
    assert not Institution.objects.filter(filing_number="BT-SKIP").exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_call_must_be_the_authoritys_and_cover_the_application():
    occupation, other = f.occupation(levels=(5,)), f.occupation(levels=(5,))
    application = _apply(occupation)
    bureau = f.bureau_user("150200", Role.CLERK)
    wrong_authority = f.selection_call(f.bureau_user("150100", Role.CLERK).organisation)
    closed = f.selection_call(
        bureau.organisation,
        opens_on=timezone.localdate() - datetime.timedelta(days=60),
        closes_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    narrow = f.selection_call(bureau.organisation, occupations=[other])
    schools = f.selection_call(bureau.organisation, institution_types=["technical_school"])
    cases = [
        (wrong_authority, "应为包头市人力资源和社会保障局发布的征集公告"),
        (closed, "不在征集期"),
        (narrow, f"职业“{occupation.name}”不在本次征集的职业中"),
        (schools, "不在本次征集范围内"),
    ]
    for call, message in cases:
        with pytest.raises(DomainError) as exc:
            services.record_selection(
                actor=bureau, application=application, call=call, passed=True, criteria="c", findings="f"
            )
        assert exc.value.field == "call" and message in exc.value.message
    assert not EntryStageRecord.objects.exists()


def test_only_the_competent_authority_records_stages():
    application = _apply()
    call = f.selection_call(application.competent_authority)
    with pytest.raises(NotFoundError):
        services.record_selection(
            actor=f.bureau_user("150100", Role.CLERK),
            application=application,
            call=call,
            passed=True,
            criteria="c",
            findings="f",
        )
    with pytest.raises(PermissionDenied):
        services.record_selection(
            actor=f.bureau_user("150200", Role.AUDITOR),
            application=application,
            call=call,
            passed=True,
            criteria="c",
            findings="f",
        )
    with pytest.raises(DomainError) as exc:
        services.record_selection(
            actor=f.bureau_user("150200", Role.CLERK),
            application=application,
            call=call,
            passed=True,
            criteria="",
            findings="f",
        )
    assert exc.value.field == "criteria"


def test_publication_before_filing_or_twice_is_refused():
    unfiled = f.FiledInstitutionFactory(filed_on=None, filing_number=None, published_on=None)
    bureau = f.bureau_user(unfiled.area.code, Role.CLERK)
    with pytest.raises(DomainError) as exc:
        services.publish_institution(actor=bureau, institution=unfiled)
    assert exc.value.message == "公布：机构尚未备案，备案通过后方可公布"
    filed = f.FiledInstitutionFactory(published_on=None)
    bureau = f.bureau_user(filed.area.code, Role.CLERK)
    with pytest.raises(DomainError, match="不能早于备案日期"):
        services.publish_institution(
            actor=bureau, institution=filed, published_on=filed.filed_on - datetime.timedelta(days=1)
        )
    services.publish_institution(actor=bureau, institution=filed)
    with pytest.raises(DomainError, match="该机构已于"):
        services.publish_institution(actor=bureau, institution=filed)
    assert AuditEvent.objects.filter(action="institutions.published").count() == 1


def test_existing_filed_institutions_are_migrated_as_published_on_their_filing_date():
    filed = f.FiledInstitutionFactory(published_on=None)
    unfiled = f.FiledInstitutionFactory(filed_on=None, filing_number=None, published_on=None)
    migration = importlib.import_module("skillcert.institutions.migrations.0005_entry_stages")
    migration.publish_filed_institutions(django_apps, None)
    filed.refresh_from_db()
    unfiled.refresh_from_db()
    assert filed.published_on == filed.filed_on and unfiled.published_on is None


def test_the_applicant_sees_the_stages_on_the_status_page(client):
    application = _apply()
    bureau = f.bureau_user("150200", Role.CLERK)
    services.record_selection(
        actor=bureau,
        application=application,
        call=f.selection_call(bureau.organisation, title="包头征集"),
        passed=True,
        criteria="c",
        findings="入选名单第3名",
    )
    page = client.get(
        reverse("institutions:application_status"),
        {"reference": application.reference, "credit_code": application.credit_code},
    ).content.decode()
    assert 'data-stage="selection"' in page and "入选名单第3名" in page
    assert "遴选通过" not in page, "the applicant sees no decision form"


def test_the_authority_decides_the_stages_on_the_application_page(client):
    application = _apply()
    bureau = f.bureau_user("150200", Role.CLERK)
    call = f.selection_call(bureau.organisation)
    client.force_login(bureau)
    url = reverse("institutions:application_detail", args=[application.pk])
    assert 'id="selection-form"' in client.get(url).content.decode()
    stage_url = reverse("institutions:application_stage", args=[application.pk])
    client.post(stage_url, {"stage": "selection", "call": call.pk, "criteria": "c", "findings": "入选", "passed": "1"})
    page = client.get(url).content.decode()
    assert 'id="assessment-form"' in page and 'id="selection-form"' not in page
    client.post(stage_url, {"stage": "assessment", "findings": "评估合格", "passed": "1"})
    assert EntryStageRecord.objects.filter(application=application, outcome=StageOutcome.PASSED).count() == 2


def test_calls_page_publishes_a_call_and_the_public_sees_open_calls(client):
    bureau = f.bureau_user("150200", Role.CLERK)
    client.force_login(bureau)
    today = timezone.localdate()
    response = client.post(
        reverse("institutions:calls"),
        {
            "title": "包头市2027年征集",
            "opens_on": today.isoformat(),
            "closes_on": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400 and "征集截止日期：不能早于开始日期" in response.content.decode()
    response = client.post(
        reverse("institutions:calls"),
        {
            "title": "包头市2027年征集",
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=9)).isoformat(),
        },
    )
    assert response.status_code == 302
    client.logout()
    assert "包头市2027年征集" in client.get(reverse("institutions:public_calls")).content.decode()
    assert client.get("/api/v1/public/institution-calls/").json()["results"][0]["title"] == "包头市2027年征集"


class EntryMatrix(PermissionMatrix):
    """Calls, stages and publication: right role = the competent bureau's clerk."""

    def __init__(self) -> None:
        self.application = _apply()
        self.timeline = _apply(credit=7002)
        self.clerk = f.bureau_user("150200", Role.CLERK)
        self.call = f.selection_call(self.clerk.organisation)
        self.selected = _apply(credit=7003)
        services.record_selection(
            actor=self.clerk, application=self.selected, call=self.call, passed=True, criteria="c", findings="f"
        )
        self.unpublished = f.FiledInstitutionFactory(published_on=None, league="150200")
        self.auditor = f.bureau_user("150200", Role.AUDITOR)
        self.outsider = f.bureau_user("150100", Role.CLERK)

    def personas(self) -> dict[str, Any]:
        return {"anonymous": None, "other_org": self.outsider, "wrong_role": self.auditor, "right_role": self.clerk}

    def cases(self) -> list[Case]:
        decide = {"anonymous": 401, "other_org": 404, "wrong_role": 403, "right_role": 200}
        today = timezone.localdate().isoformat()
        return [
            Case(
                "GET",
                f"{API}/calls/",
                {"anonymous": 401, "other_org": 200, "wrong_role": 200, "right_role": 200},
                check={"other_org": empty_list},
            ),
            Case("GET", f"{API}/calls/{self.call.pk}/", {**decide, "wrong_role": 200}),
            Case(
                "POST",
                f"{API}/calls/",
                {"anonymous": 401, "other_org": 201, "wrong_role": 403, "right_role": 201},
                data={"title": "征集", "opens_on": today, "closes_on": today},
            ),
            Case("GET", f"{API}/applications/{self.timeline.pk}/stages/", {**decide, "wrong_role": 200}),
            Case(
                "POST",
                f"{API}/applications/{self.application.pk}/selection/",
                decide,
                data={"call": self.call.pk, "passed": True, "criteria": "c", "findings": "f"},
            ),
            Case(
                "POST",
                f"{API}/applications/{self.selected.pk}/assessment/",
                decide,
                data={"passed": True, "findings": "合格"},
            ),
            Case("POST", f"{API}/institutions/{self.unpublished.pk}/publish/", decide, data={}),
            Case(
                "GET",
                "/api/v1/public/institution-calls/",
                {"anonymous": 200, "other_org": 200, "wrong_role": 200, "right_role": 200},
            ),
        ]


def test_entry_stage_permission_matrix():
    EntryMatrix().run()


def test_api_refuses_a_skipped_stage_in_chinese(api_client):
    application = _apply()
    api_client.force_authenticate(f.bureau_user("150200", Role.CLERK))
    response = api_client.post(
        f"{API}/applications/{application.pk}/assessment/", {"passed": True, "findings": "合格"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"stage": ["评估：须先通过遴选，不能跳过环节"]}


def test_an_institution_cannot_publish_a_call_as_if_it_were_an_authority(api_client, client):
    """征集 is the authorities' act: an institution's manager is refused on the API and offered no form."""
    institution = f.FiledInstitutionFactory()
    manager = f.staff(institution, Role.MANAGER)
    today = timezone.localdate()
    api_client.force_authenticate(manager)
    response = api_client.post(
        f"{API}/calls/",
        {
            "title": "冒用征集",
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=9)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied, match="征集公告由盟市人社局或自治区人社部门发布"):
        services.open_selection_call(
            actor=manager,
            authority=institution.organisation,
            title="冒用征集",
            opens_on=today,
            closes_on=today + datetime.timedelta(days=9),
        )
    client.force_login(manager)
    page = client.get(reverse("institutions:calls")).content.decode()
    assert 'name="title"' not in page
