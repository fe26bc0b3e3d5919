"""Factories for the personnel tests: people with valid resident ID numbers, roles, cards,
qualifications and training, built directly (the services are what the tests exercise)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.tests.factories import InstitutionFactory, authority, jurisdiction
from skillcert.catalog.tests.factories import OccupationFactory
from skillcert.core.validators import resident_id_check_digit
from skillcert.personnel.choices import AppointmentStatus, StaffRole, TrainingResult
from skillcert.personnel.models import Appointment, Person, Qualification, TrainingRecord

_serial = itertools.count(100)


def make_id_number(area: str = "150102", birth: str = "19850312", serial: int | None = None) -> str:
    """A resident ID number with a correct check digit (GB 11643)."""
    seq = f"{(serial if serial is not None else next(_serial)) % 1000:03d}"
    first17 = f"{area}{birth}{seq}"
    return first17 + resident_id_check_digit(first17)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试人员{n}")
    id_number = factory.LazyFunction(make_id_number)
    employer = factory.SubFactory(InstitutionFactory)
    jurisdiction = factory.LazyAttribute(lambda p: p.employer.jurisdiction if p.employer else jurisdiction("150100"))


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    role = StaffRole.EXAMINER
    status = AppointmentStatus.ACTIVE
    card_number = factory.Sequence(lambda n: f"TEST{n:06d}")
    card_valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    decided_by = factory.LazyFunction(lambda: authority(OrgKind.LEAGUE_CENTER, "150100"))


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    person = factory.SubFactory(PersonFactory)
    occupation = factory.SubFactory(OccupationFactory)
    level = 3
    granted_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=200))
    granted_by = factory.LazyFunction(lambda: authority(OrgKind.LEAGUE_CENTER, "150100"))


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    person = factory.SubFactory(PersonFactory)
    role = StaffRole.EXAMINER
    course = "考评员培训"
    hours = Decimal("24.0")
    result = TrainingResult.PASSED
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    provider = factory.LazyFunction(lambda: authority(OrgKind.LEAGUE_CENTER, "150100"))


def serving_person(
    role: str = StaffRole.EXAMINER,
    *,
    occupation: Any = None,
    level: int = 3,
    card_valid_until: datetime.date | None = None,
    **person_kwargs: Any,
) -> Person:
    """Someone who may serve today: an active role with a valid card, current training and, if
    an occupation is given, a qualification for it."""
    person = PersonFactory(**person_kwargs)
    AppointmentFactory(
        person=person,
        role=role,
        card_valid_until=card_valid_until or timezone.localdate() + datetime.timedelta(days=365),
    )
    TrainingFactory(person=person, role=role)
    if occupation is not None:
        QualificationFactory(person=person, occupation=occupation, level=level)
    return person


def external_supervisor(league: str = "150100", **kwargs: Any) -> Person:
    """An external supervisor working in a league, employed outside the platform."""
    kwargs.setdefault("employer", None)
    kwargs.setdefault("employer_name", "内蒙古工业大学")
    kwargs.setdefault("jurisdiction", jurisdiction(league))
    return serving_person(StaffRole.EXTERNAL_SUPERVISOR, **kwargs)
