"""Online registration and candidate accounts (R-EXAM-3, R-CAT-4, R-INS-1, R-X-3)."""

from __future__ import annotations

import pytest

from skillcert.core.errors import DomainError
from skillcert.exams.choices import RegistrationSource, RegistrationStatus
from skillcert.exams.models import CandidateProfile, Registration
from skillcert.exams.services.registration import OnlineApplication, register_online, withdraw_registration
from skillcert.exams.tests.factories import candidate, id_number, open_plan, photo, ready_institution, register

pytestmark = pytest.mark.django_db


def test_candidate_signs_up_with_a_checked_identity_and_registers():
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 2})
    user = candidate(1)
    profile = CandidateProfile.objects.get(user=user)
    assert profile.birth_date.isoformat() == "1990-03-07"
    registration = register(user, plan)
    assert registration.status == RegistrationStatus.SUBMITTED
    assert registration.source == RegistrationSource.ONLINE
    assert registration.id_number == profile.id_number
    assert registration.check_result["eligibility"]["ok"] is True
    assert registration.check_result["scope"]["ok"] is True
    assert registration.photo


def test_sign_up_refuses_a_bad_check_digit_and_a_second_account_for_the_same_person():
    bad = id_number(5)[:-1] + ("0" if id_number(5)[-1] != "0" else "1")
    with pytest.raises(DomainError) as exc:
        candidate(5, id_number=bad)
    assert exc.value.field == "id_number" and "校验位" in exc.value.message
    candidate(6)
    with pytest.raises(DomainError, match="已注册考生账号"):
        candidate(6, username="someone-else")


def test_capacity_and_duplicates_are_refused():
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 1, 5: 5})
    first, second = candidate(1), candidate(2)
    register(first, plan)
    with pytest.raises(DomainError, match="已报名本计划"):
        register(first, plan, level=5)
    with pytest.raises(DomainError, match="名额（1人）已满"):
        register(second, plan)
    assert Registration.objects.filter(plan=plan).count() == 1


def test_withdrawal_frees_the_place_and_the_candidate_can_register_again():
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 1})
    user = candidate(1)
    registration = register(user, plan)
    withdraw_registration(actor=user, registration=registration)
    other = candidate(2)
    taken = register(other, plan)
    assert taken.status == RegistrationStatus.SUBMITTED
    withdraw_registration(actor=other, registration=taken)
    again = register(user, plan)
    assert again.pk == registration.pk and again.status == RegistrationStatus.SUBMITTED


def test_conditions_not_met_are_refused_with_what_is_missing():
    setup = ready_institution(years=5)
    plan = open_plan(setup)
    user = candidate(1)
    app = OnlineApplication(level=4, mobile="13912345678", years_in_occupation="2")
    with pytest.raises(DomainError) as exc:
        register_online(actor=user, plan=plan, application=app, photo=photo())
    assert exc.value.field == "eligibility"
    assert "从业年限" in exc.value.message and "不足5年" in exc.value.message


def test_bad_phone_and_photo_type_name_the_field():
    setup = ready_institution()
    plan = open_plan(setup)
    user = candidate(1)
    with pytest.raises(DomainError) as exc:
        register_online(actor=user, plan=plan, application=OnlineApplication(level=4, mobile="12345"), photo=photo())
    assert exc.value.field == "mobile"
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("照片.png", b"not an image")
    with pytest.raises(DomainError) as exc:
        register_online(
            actor=user,
            plan=plan,
            application=OnlineApplication(level=4, mobile="13912345678", years_in_occupation="3"),
            photo=fake,
        )
    assert exc.value.field == "photo"


def test_enterprise_registers_only_people_on_its_roster():
    from skillcert.institutions.choices import InstitutionType
    from skillcert.institutions.models import RosterEntry

    setup = ready_institution(type=InstitutionType.ENTERPRISE)
    plan = open_plan(setup)
    outsider = candidate(1)
    with pytest.raises(DomainError) as exc:
        register(outsider, plan)
    assert exc.value.field == "scope" and "职工名册" in exc.value.message
    RosterEntry.objects.create(
        institution=setup.institution, kind="employee", full_name="王小明", id_number=id_number(2)
    )
    registration = register(candidate(2), plan)
    assert registration.employer_id == setup.institution.organisation_id
