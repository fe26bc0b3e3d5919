"""Registering people, roles and cards, qualifications, training and relations through the
services: who manages whom (seed §2(二)), each step audited, bad input refused in Chinese with
nothing half-saved (R-PER-1, R-PER-2, R-X-1, R-X-3, R-X-4)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import InstitutionFactory, UserFactory, authority, jurisdiction
from skillcert.catalog.tests.factories import OccupationFactory, SkillStandardFactory
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.models import AuditEvent
from skillcert.personnel.choices import AppointmentStatus, RelationKind, StaffRole, TrainingResult
from skillcert.personnel.models import Appointment, DeclaredRelation, Person, Qualification
from skillcert.personnel.selectors import occupation_by_code
from skillcert.personnel.services.appointments import add_role, approve_appointment, reject_appointment, renew_card
from skillcert.personnel.services.people import create_login, register_person, update_person
from skillcert.personnel.services.qualifications import grant_qualification, record_training
from skillcert.personnel.services.relations import declare_relation
from skillcert.personnel.tests.factories import (
    AppointmentFactory,
    PersonFactory,
    TrainingFactory,
    make_id_number,
    serving_person,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _counts() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        Appointment.objects.count(),
        Qualification.objects.count(),
        AuditEvent.objects.count(),
    )


def _register(actor: Any, **kwargs: Any) -> Person:
    kwargs.setdefault("name", "王考评")
    kwargs.setdefault("id_number", make_id_number())
    return register_person(actor=actor, **kwargs)


class TestRegister:
    def test_league_centre_registers_and_appoints_an_examiner_with_a_card(self, center, inst):
        person = _register(center, employer=inst, role=StaffRole.EXAMINER, mobile="13912345678")
        appointment = person.appointments.get()
        assert appointment.status == AppointmentStatus.ACTIVE
        assert appointment.card_number.startswith(f"KP150100{TODAY().year}")
        years = 3  # personnel.card_valid_years default
        assert appointment.card_valid_until == TODAY().replace(year=TODAY().year + years)
        assert appointment.decided_by == center.organisation
        actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
        assert actions[-2:] == ["personnel.person.register", "personnel.appointment.appoint"]
        assert person.jurisdiction == inst.jurisdiction

    def test_identity_data_is_encrypted_at_rest_and_masked(self, center, inst):
        number = make_id_number()
        person = _register(center, employer=inst, id_number=number, mobile="13912345678")
        with connection.cursor() as cursor:
            cursor.execute("SELECT id_number, mobile FROM personnel_person WHERE id = %s", [person.pk])
            raw_id, raw_mobile = cursor.fetchone()
        assert number not in raw_id and "13912345678" not in raw_mobile
        assert Person.objects.get(pk=person.pk).id_number == number
        assert person.id_number_masked == number[:6] + "********" + number[-4:]
        event = AuditEvent.objects.get(action="personnel.person.register")
        assert event.after["id_number"] == "***" and number not in str(event.after)

    def test_institution_proposes_its_own_examiner_and_the_centre_approves(self, inst_clerk, center):
        person = _register(inst_clerk, role=StaffRole.EXAMINER)
        assert person.employer == inst_clerk.organisation
        proposal = person.appointments.get()
        assert proposal.status == AppointmentStatus.PROPOSED and proposal.card_number == ""
        with pytest.raises(PermissionDenied):
            approve_appointment(actor=inst_clerk, appointment=proposal)
        until = TODAY() + datetime.timedelta(days=700)
        approved = approve_appointment(actor=center, appointment=proposal, card_valid_until=until, note="培训合格")
        assert approved.status == AppointmentStatus.ACTIVE and approved.card_valid_until == until
        assert approved.card_number.startswith("KP150100")
        assert AuditEvent.objects.filter(action="personnel.appointment.approve", object_id=str(proposal.pk)).exists()

    def test_a_centre_of_another_league_does_not_see_the_proposal(self, inst_clerk, other_center):
        proposal = _register(inst_clerk, role=StaffRole.EXAMINER).appointments.get()
        with pytest.raises(NotFoundError):
            approve_appointment(actor=other_center, appointment=proposal)

    def test_rejection_needs_a_reason(self, inst_clerk, center):
        proposal = _register(inst_clerk, role=StaffRole.INTERNAL_SUPERVISOR).appointments.get()
        with pytest.raises(DomainError) as exc:
            reject_appointment(actor=center, appointment=proposal, note=" ")
        assert "不通过时须说明理由" in exc.value.message
        rejected = reject_appointment(actor=center, appointment=proposal, note="未参加培训")
        assert rejected.status == AppointmentStatus.REJECTED
        again = add_role(actor=inst_clerk, person=proposal.person, role=StaffRole.INTERNAL_SUPERVISOR)
        assert again.pk == proposal.pk and again.status == AppointmentStatus.PROPOSED

    def test_institution_cannot_give_itself_a_card_or_propose_external_supervisors(self, inst_clerk):
        with pytest.raises(DomainError) as exc:
            _register(inst_clerk, role=StaffRole.EXAMINER, card_number="X1")
        assert exc.value.field == "card_number"
        with pytest.raises(PermissionDenied):
            _register(inst_clerk, role=StaffRole.EXTERNAL_SUPERVISOR)
        assert Person.objects.count() == 0

    def test_institution_registers_only_its_own_people(self, inst_clerk, other_inst):
        before = _counts()
        with pytest.raises(DomainError):  # another league's institution is not even visible
            _register(inst_clerk, employer=other_inst)
        assert _counts() == before

    def test_external_supervisors_are_the_region_centres(self, center, region_center):
        with pytest.raises(PermissionDenied) as exc:
            _register(
                center, employer_name="内蒙古大学", jurisdiction=jurisdiction("150100"), role="external_supervisor"
            )
        assert "自治区就业服务中心" in str(exc.value)
        person = _register(
            region_center, employer_name="内蒙古大学", jurisdiction=jurisdiction("150100"), role="external_supervisor"
        )
        assert person.appointments.get().card_number.startswith("WB150100")

    def test_league_centre_appoints_only_in_its_league(self, center, other_inst):
        with pytest.raises(DomainError):
            _register(center, employer=other_inst, role=StaffRole.EXAMINER)
        with pytest.raises(PermissionDenied):
            _register(center, employer_name="包头某厂", jurisdiction=jurisdiction("150200"), role=StaffRole.EXAMINER)

    def test_bureau_and_wrong_roles_do_not_register(self, bureau, inst, inst_examiner):
        with pytest.raises(PermissionDenied):
            _register(bureau, employer=inst)
        with pytest.raises(PermissionDenied):
            _register(inst_examiner)

    def test_internal_supervisor_must_belong_to_an_institution(self, center):
        with pytest.raises(DomainError) as exc:
            _register(
                center, employer_name="某企业", jurisdiction=jurisdiction("150100"), role=StaffRole.INTERNAL_SUPERVISOR
            )
        assert "内部质量督导员须是评价机构本机构的人员" in exc.value.message
        assert Person.objects.count() == 0


class TestBadInput:
    """Every refusal names the field and the rule in Chinese and leaves nothing behind (R-X-4)."""

    def test_expired_card(self, center, inst):
        before = _counts()
        with pytest.raises(DomainError) as exc:
            _register(
                center, employer=inst, role=StaffRole.EXAMINER, card_valid_until=TODAY() - datetime.timedelta(days=1)
            )
        assert exc.value.code == "card_expired" and exc.value.field == "card_valid_until"
        assert exc.value.message.startswith("证卡有效期至：") and "已过期" in exc.value.message
        assert _counts() == before, "the person must not be saved without the refused card"

    def test_invalid_id_number(self, center, inst):
        number = make_id_number()
        wrong = number[:17] + ("0" if number[17] != "0" else "1")
        with pytest.raises(DomainError) as exc:
            _register(center, employer=inst, id_number=wrong)
        assert exc.value.field == "id_number" and "身份证号码：" in exc.value.message and "校验位" in exc.value.message

    def test_duplicate_person(self, center, inst):
        number = make_id_number()
        _register(center, employer=inst, id_number=number)
        before = _counts()
        with pytest.raises(DomainError) as exc:
            _register(center, employer=inst, id_number=number.lower(), name="另一人")
        assert exc.value.code == "duplicate" and "已登记" in exc.value.message
        assert _counts() == before

    def test_unknown_occupation(self):
        with pytest.raises(DomainError) as exc:
            occupation_by_code("6-99-99-99")
        assert exc.value.field == "occupation" and "“6-99-99-99”不在职业目录" in exc.value.message

    def test_level_that_the_standard_does_not_have(self, center, inst):
        occupation = SkillStandardFactory(levels=[5, 4, 3]).occupation
        person = PersonFactory(employer=inst)
        before = _counts()
        with pytest.raises(DomainError) as exc:
            grant_qualification(actor=center, person=person, occupation=occupation, level=1)
        assert exc.value.code == "level_not_in_standard" and "没有一级/高级技师" in exc.value.message
        with pytest.raises(DomainError) as exc:
            grant_qualification(actor=center, person=person, occupation=occupation, level=7)
        assert exc.value.field == "level" and "不是有效等级" in exc.value.message
        assert _counts() == before

    def test_relation_to_an_invalid_id_number(self, inst_clerk, inst):
        person = PersonFactory(employer=inst)
        before = (DeclaredRelation.objects.count(), AuditEvent.objects.count())
        with pytest.raises(DomainError) as exc:
            declare_relation(
                actor=inst_clerk,
                person=person,
                kind=RelationKind.RELATIVE,
                other_name="张三",
                other_id_number="15010219900101123",
            )
        assert exc.value.field == "other_id_number"
        assert exc.value.message == "关系人身份证号码：身份证号码应为18位，实为17位"
        assert (DeclaredRelation.objects.count(), AuditEvent.objects.count()) == before

    def test_relation_to_oneself(self, inst_clerk, inst):
        person = PersonFactory(employer=inst)
        with pytest.raises(DomainError) as exc:
            declare_relation(
                actor=inst_clerk,
                person=person,
                kind=RelationKind.RELATIVE,
                other_name="本人",
                other_id_number=person.id_number,
            )
        assert exc.value.code == "self"


class TestQualificationsAndTraining:
    def test_centre_grants_and_upgrades_a_qualification(self, center, inst):
        occupation = OccupationFactory()
        person = PersonFactory(employer=inst)
        q = grant_qualification(actor=center, person=person, occupation=occupation, level=4)
        assert q.level == 4 and q.granted_by == center.organisation
        q = grant_qualification(actor=center, person=person, occupation=occupation, level="三级/高级工")
        assert q.level == 3 and Qualification.objects.count() == 1
        event = AuditEvent.objects.filter(action="personnel.qualification.grant").last()
        assert event.before["level"] == 4 and event.after["level"] == 3

    def test_institution_does_not_grant_qualifications_or_training(self, inst_clerk, inst):
        person = PersonFactory(employer=inst)
        with pytest.raises(PermissionDenied):
            grant_qualification(actor=inst_clerk, person=person, occupation=OccupationFactory(), level=3)
        with pytest.raises(PermissionDenied):
            record_training(
                actor=inst_clerk,
                person=person,
                role=StaffRole.EXAMINER,
                course="自办培训",
                hours=8,
                result=TrainingResult.PASSED,
                completed_on=TODAY(),
            )

    def test_training_is_recorded_with_hours_and_result(self, center, inst):
        person = PersonFactory(employer=inst)
        record = record_training(
            actor=center,
            person=person,
            role=StaffRole.EXAMINER,
            course="考评员资格培训",
            hours="32.5",
            result=TrainingResult.PASSED,
            completed_on=TODAY(),
        )
        assert str(record.hours) == "32.5" and record.provider == center.organisation
        with pytest.raises(DomainError) as exc:
            record_training(
                actor=center,
                person=person,
                role=StaffRole.EXAMINER,
                course="x",
                hours=0,
                result=TrainingResult.PASSED,
                completed_on=TODAY(),
            )
        assert exc.value.field == "hours" and exc.value.message.startswith("学时：")

    def test_renewal_needs_current_training(self, center, inst):
        appointment = AppointmentFactory(person=PersonFactory(employer=inst))
        with pytest.raises(DomainError) as exc:
            renew_card(actor=center, appointment=appointment)
        assert "续期前须有培训记录" in exc.value.message
        TrainingFactory(person=appointment.person, role=StaffRole.EXAMINER)
        old = appointment.card_valid_until
        renewed = renew_card(actor=center, appointment=appointment)
        assert renewed.card_valid_until > old

    def test_card_numbers_are_unique(self, center, inst):
        AppointmentFactory(card_number="KP-1")
        with pytest.raises(DomainError) as exc:
            _register(center, employer=inst, role=StaffRole.EXAMINER, card_number="kp-1")
        assert exc.value.field == "card_number" and "已被使用" in exc.value.message


class TestPeopleChanges:
    def test_update_keeps_place_of_work_consistent(self, center, inst):
        person = _register(center, employer=inst)
        with pytest.raises(DomainError) as exc:
            update_person(actor=center, person=person, jurisdiction=jurisdiction("150200"))
        assert exc.value.field == "jurisdiction" and "应与工作单位" in exc.value.message
        update_person(actor=center, person=person, job_title="高级技师", mobile="13800001111")
        person.refresh_from_db()
        assert person.job_title == "高级技师" and person.mobile == "13800001111"

    def test_login_for_an_examiner_with_the_examiner_role(self, center_manager, center, inst):
        person = serving_person(employer=inst)
        with pytest.raises(PermissionDenied):
            create_login(actor=center, person=person, username="kp_wang", password="Kp#2026exam")
        user = create_login(actor=center_manager, person=person, username="kp_wang", password="Kp#2026exam")
        person.refresh_from_db()
        assert person.user == user and user.organisation == inst and user.role_codes == {Role.EXAMINER}
        assert user.password_must_change

    def test_no_login_without_a_serving_role(self, center_manager, inst):
        person = PersonFactory(employer=inst)
        with pytest.raises(DomainError) as exc:
            create_login(actor=center_manager, person=person, username="nobody1", password="Kp#2026exam")
        assert exc.value.code == "no_role"

    def test_other_organisations_do_not_see_the_person(self, inst):
        person = PersonFactory(employer=inst)
        outsider = UserFactory(organisation=InstitutionFactory(), roles=[Role.CLERK])
        with pytest.raises(NotFoundError):
            update_person(actor=outsider, person=person, job_title="x")
        league = UserFactory(organisation=authority(OrgKind.LEAGUE_CENTER, "150200"), roles=[Role.CLERK])
        with pytest.raises(NotFoundError):
            add_role(actor=league, person=person, role=StaffRole.EXAMINER)
