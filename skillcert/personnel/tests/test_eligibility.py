"""may_serve and conflicts (R-PER-1, R-PER-2, R-SUP-7)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from skillcert.accounts.tests.factories import InstitutionFactory, jurisdiction
from skillcert.catalog.tests.factories import OccupationFactory
from skillcert.core.errors import DomainError
from skillcert.core.models import PolicyValue
from skillcert.core.policy import forget_policy
from skillcert.personnel.choices import AppointmentStatus, RelationKind, SanctionKind, StaffRole
from skillcert.personnel.eligibility import CandidateRef, conflicts, may_serve
from skillcert.personnel.models import Assignment
from skillcert.personnel.services.relations import declare_relation, withdraw_relation
from skillcert.personnel.services.sanctions import record_violation, sanction_violation
from skillcert.personnel.tests.factories import (
    AppointmentFactory,
    PersonFactory,
    external_supervisor,
    make_id_number,
    serving_person,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _codes(findings):  # type: ignore[no-untyped-def]
    return [f.code for f in findings]


class TestMayServe:
    def test_a_qualified_examiner_with_a_valid_card_may_serve(self, inst):
        occupation = OccupationFactory(name="焊工")
        person = serving_person(occupation=occupation, level=3, employer=inst)
        assert may_serve(person, StaffRole.EXAMINER, occupation, 3) == (True, [])
        assert may_serve(person, StaffRole.EXAMINER, occupation, 5)[0], "level 3 covers 4 and 5"

    def test_level_above_the_qualification(self, inst):
        occupation = OccupationFactory(name="焊工")
        person = serving_person(occupation=occupation, level=3, employer=inst, name="李焊")
        ok, findings = may_serve(person, StaffRole.EXAMINER, occupation, 2)
        assert not ok and _codes(findings) == ["level_too_high"]
        assert findings[0].message == "李焊只具备“焊工”三级/高级工及以下等级的资格，不能承担二级/技师"

    def test_unqualified_occupation_and_expired_card(self, inst):
        person = serving_person(
            occupation=OccupationFactory(), employer=inst, card_valid_until=TODAY() + datetime.timedelta(days=10)
        )
        other = OccupationFactory(name="电工")
        ok, findings = may_serve(person, StaffRole.EXAMINER, other, 4, on=TODAY() + datetime.timedelta(days=11))
        assert not ok and _codes(findings) == ["card_expired", "not_qualified"]
        assert "已过期" in findings[0].message and "“电工”" in findings[1].message

    def test_role_not_held_or_only_proposed(self, inst):
        person = PersonFactory(employer=inst)
        assert _codes(may_serve(person, StaffRole.EXAMINER)[1])[:1] == ["not_appointed"]
        AppointmentFactory(person=person, status=AppointmentStatus.PROPOSED, card_number="", card_valid_until=None)
        assert "proposed" in _codes(may_serve(person, StaffRole.EXAMINER)[1])

    def test_training_must_be_current(self, inst):
        person = serving_person(employer=inst)
        person.trainings.update(completed_on=TODAY() - datetime.timedelta(days=3 * 366))
        ok, findings = may_serve(person, StaffRole.EXAMINER)
        assert not ok and _codes(findings) == ["training_stale"] and "近3年内" in findings[0].message
        PolicyValue.objects.create(key="personnel.training_valid_years", value=5)
        forget_policy("personnel.training_valid_years")
        assert may_serve(person, StaffRole.EXAMINER)[0]

    def test_suspension_bars_only_while_it_lasts_and_a_warning_does_not(self, inst, bureau):
        person = serving_person(employer=inst)
        violation = record_violation(actor=bureau, person=person, occurred_on=TODAY(), description="考评中接受考生宴请")
        sanction_violation(
            actor=bureau, violation=violation, kind=SanctionKind.WARNING, starts_on=TODAY(), reason="初次"
        )
        assert may_serve(person, StaffRole.EXAMINER)[0]
        sanction_violation(
            actor=bureau,
            violation=violation,
            kind=SanctionKind.SUSPENSION,
            starts_on=TODAY(),
            ends_on=TODAY() + datetime.timedelta(days=30),
            reason="情节较重",
        )
        ok, findings = may_serve(person, StaffRole.EXAMINER)
        assert not ok and _codes(findings) == ["sanctioned"] and "暂停资格" in findings[0].message
        assert may_serve(person, StaffRole.EXAMINER, on=TODAY() + datetime.timedelta(days=31))[0]

    def test_bad_level_is_refused(self, inst):
        person = serving_person(employer=inst)
        with pytest.raises(DomainError) as exc:
            may_serve(person, StaffRole.EXAMINER, OccupationFactory(), 9)
        assert exc.value.field == "level"


class TestConflicts:
    def test_declared_relation_is_found_by_the_candidates_id_number(self, inst, inst_clerk):
        person = serving_person(employer=inst, name="赵考评")
        relative = make_id_number(area="150203", birth="20000101")
        declare_relation(
            actor=inst_clerk, person=person, kind=RelationKind.RELATIVE, other_name="赵小明", other_id_number=relative
        )
        # The candidate's number as typed with a lower-case x or spaces still matches (normalised blind index).
        found = conflicts(person, [CandidateRef(id_number=f" {relative.lower()} ", name="赵小明")], inst)
        assert _codes(found) == ["relation"]
        assert "赵考评与考生赵*明" in found[0].message and relative not in found[0].message
        assert conflicts(person, [CandidateRef(id_number=make_id_number())], inst) == []

    def test_withdrawn_relation_no_longer_conflicts(self, inst, inst_clerk):
        person = serving_person(employer=inst)
        other = make_id_number()
        relation = declare_relation(
            actor=inst_clerk,
            person=person,
            kind=RelationKind.MASTER_APPRENTICE,
            other_name="徒弟",
            other_id_number=other,
        )
        withdraw_relation(actor=inst_clerk, relation=relation, reason="师徒关系已解除")
        assert conflicts(person, [CandidateRef(id_number=other)], inst) == []

    def test_same_employer_and_self(self, inst):
        person = serving_person(employer=inst)
        colleague = CandidateRef(id_number=make_id_number(), name="同事甲", employer_id=inst.pk)
        assert _codes(conflicts(person, [colleague], inst)) == ["same_employer"]
        assert _codes(conflicts(person, [CandidateRef(id_number=person.id_number)], inst)) == ["self"]

    def test_external_supervisor_does_not_supervise_their_own_institution(self):
        own = InstitutionFactory(jurisdiction=jurisdiction("150100"))
        person = external_supervisor(employer=own, employer_name="")
        assert _codes(conflicts(person, [], own)) == ["own_institution"]
        assert conflicts(person, [], InstitutionFactory()) == []
        assert conflicts(person, [], own, role=StaffRole.EXAMINER) == [], "examiners work at their own institution"

    def test_no_database_writes(self, inst):
        person = serving_person(employer=inst)
        conflicts(person, [CandidateRef(id_number=make_id_number())], inst)
        may_serve(person, StaffRole.EXAMINER)
        assert Assignment.objects.count() == 0
