"""Random dispatch (R-PER-3): the eligible pool, reproducibility, exclusions with reasons,
the rotation and load limits; a conflicted or sanctioned person is never drawn."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from skillcert.accounts.tests.factories import InstitutionFactory, jurisdiction
from skillcert.catalog.tests.factories import OccupationFactory
from skillcert.core.audit import verify_chain
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEvent, PolicyValue
from skillcert.core.policy import forget_policy
from skillcert.personnel.choices import AssignmentSource, RelationKind, SanctionKind, StaffRole
from skillcert.personnel.eligibility import CandidateRef, PoolFilter, replay_selection, select_staff
from skillcert.personnel.models import Assignment, StaffDraw
from skillcert.personnel.services.dispatch import draw_staff, record_assignment
from skillcert.personnel.services.relations import declare_relation
from skillcert.personnel.services.sanctions import record_violation, sanction_violation
from skillcert.personnel.tests.factories import QualificationFactory, external_supervisor, make_id_number

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _set_policy(key: str, value: int) -> None:
    PolicyValue.objects.update_or_create(key=key, defaults={"value": value})
    forget_policy(key)


@pytest.fixture
def target() -> Any:
    return InstitutionFactory(name="被督导机构", jurisdiction=jurisdiction("150100"))


@pytest.fixture
def pool() -> list[Any]:
    return [external_supervisor(name=f"督导{i}") for i in range(8)]


def _filter(target: Any, **kwargs: Any) -> PoolFilter:
    kwargs.setdefault("on", TODAY() + datetime.timedelta(days=7))
    return PoolFilter(institution=target, **kwargs)


def test_same_seed_same_draw_and_the_record_replays(target, pool, region_center):
    first = select_staff(_filter(target), 3, "2026-公开种子-1")
    again = select_staff(_filter(target), 3, "2026-公开种子-1")
    assert first.selected == again.selected and len(first.selected) == 3
    assert first.eligible == sorted(p.pk for p in pool), "the pool is ordered by person id"
    others = {tuple(select_staff(_filter(target), 3, f"seed-{i}").selected) for i in range(10)}
    assert len(others) > 1, "different seeds pick differently"

    draw = draw_staff(actor=region_center, pool_filter=_filter(target, session_ref="S-1"), n=3, seed="2026-公开种子-1")
    assert draw.selected == first.selected and draw.seed == "2026-公开种子-1"
    assert replay_selection(draw.eligible, draw.requested, draw.seed) == draw.selected
    assert [e["id"] for e in draw.pool] == sorted(p.pk for p in pool)
    assigned = Assignment.objects.filter(draw=draw)
    assert sorted(assigned.values_list("person_id", flat=True)) == sorted(draw.selected)
    assert set(assigned.values_list("source", flat=True)) == {AssignmentSource.DRAW}
    assert AuditEvent.objects.get(action="personnel.draw").after["seed"] == "2026-公开种子-1"
    assert verify_chain().ok


def test_a_generated_seed_is_recorded(target, pool, region_center):
    draw = draw_staff(actor=region_center, pool_filter=_filter(target), n=2)
    assert len(draw.seed) == 16 and replay_selection(draw.eligible, 2, draw.seed) == draw.selected


def test_conflicted_and_sanctioned_people_are_never_drawn(target, pool, region_center, bureau):
    relative_of = pool[0]
    candidate = make_id_number(area="150104", birth="20010203")
    declare_relation(
        actor=region_center,
        person=relative_of,
        kind=RelationKind.RELATIVE,
        other_name="考生甲",
        other_id_number=candidate,
    )
    own = pool[1]
    own.employer, own.employer_name = target, ""
    own.save()
    suspended = pool[2]
    violation = record_violation(actor=region_center, person=suspended, occurred_on=TODAY(), description="泄露试题")
    sanction_violation(
        actor=region_center,
        violation=violation,
        kind=SanctionKind.SUSPENSION,
        starts_on=TODAY(),
        ends_on=TODAY() + datetime.timedelta(days=90),
        reason="暂停资格三个月",
    )
    barred = {relative_of.pk, own.pk, suspended.pk}
    pool_filter = _filter(target, candidates=(CandidateRef(id_number=candidate, name="考生甲"),))
    for i in range(60):
        outcome = select_staff(pool_filter, 5, f"seed-{i}")
        assert not barred & set(outcome.selected)
        assert len(outcome.selected) == 5
    reasons = {e["id"]: [r["code"] for r in e["reasons"]] for e in outcome.exclusions}
    assert reasons == {relative_of.pk: ["relation"], own.pk: ["own_institution"], suspended.pk: ["sanctioned"]}


def test_asking_for_more_than_the_eligible_pool_says_why(target, pool, region_center):
    for person in pool[:5]:
        person.appointments.update(card_valid_until=TODAY())
    before = (StaffDraw.objects.count(), Assignment.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as exc:
        draw_staff(actor=region_center, pool_filter=_filter(target), n=4)
    message = exc.value.message
    assert exc.value.code == "pool_too_small" and exc.value.field == "n"
    assert message.startswith("抽取人数：申请抽取4人，但候选池8人中符合条件的只有3人")
    assert "其余5人被排除：证卡过期5人" in message
    assert len(exc.value.errors["exclusions"]) == 5 and "已过期" in exc.value.errors["exclusions"][0]
    assert (StaffDraw.objects.count(), Assignment.objects.count(), AuditEvent.objects.count()) == before


def test_rotation_limit_holds(target, region_center):
    """A supervisor's consecutive sessions at one institution never exceed the limit (default 3)."""
    people = [external_supervisor(name=f"轮换{i}") for i in range(3)]
    start = TODAY() + datetime.timedelta(days=1)
    served: list[int] = []
    for week in range(9):
        pool_filter = _filter(target, on=start + datetime.timedelta(days=7 * week), session_ref=f"W{week}")
        served += draw_staff(actor=region_center, pool_filter=pool_filter, n=1, seed=f"w{week}").selected
    assert sorted(served.count(p.pk) for p in people) == [3, 3, 3], "everyone reached the limit, nobody passed it"
    week9 = start + datetime.timedelta(days=63)
    with pytest.raises(DomainError) as exc:
        draw_staff(actor=region_center, pool_filter=_filter(target, on=week9), n=1)
    assert "其余3人被排除：连续派遣超限3人" in exc.value.message
    assert "已连续3次在“被督导机构”督导" in exc.value.errors["exclusions"][0]
    elsewhere = InstitutionFactory(jurisdiction=jurisdiction("150100"))
    moved = draw_staff(actor=region_center, pool_filter=_filter(elsewhere, on=week9), n=1, seed="b")
    back = draw_staff(actor=region_center, pool_filter=_filter(target, on=week9 + datetime.timedelta(days=1)), n=1)
    assert back.selected == moved.selected, "after a session elsewhere the run is broken"


def test_rotation_counts_only_consecutive_sessions_at_the_same_institution(target, region_center):
    person = external_supervisor()
    elsewhere = InstitutionFactory(jurisdiction=jurisdiction("150100"))
    day = TODAY()
    for offset, inst in ((1, target), (2, target), (3, elsewhere), (4, target), (5, target)):
        Assignment.objects.create(
            person=person,
            role=StaffRole.EXTERNAL_SUPERVISOR,
            institution=inst,
            on=day + datetime.timedelta(days=offset),
            source="manual",
        )
    assert select_staff(_filter(target, on=day + datetime.timedelta(days=6)), 1, "s").selected == [person.pk]
    Assignment.objects.create(
        person=person,
        role=StaffRole.EXTERNAL_SUPERVISOR,
        institution=target,
        on=day + datetime.timedelta(days=6),
        source="manual",
    )
    outcome = select_staff(_filter(target, on=day + datetime.timedelta(days=7)), 1, "s")
    assert outcome.eligible == [] and outcome.exclusions[0]["reasons"][0]["code"] == "rotation"
    _set_policy("dispatch.max_consecutive_sessions", 4)
    assert select_staff(_filter(target, on=day + datetime.timedelta(days=7)), 1, "s").selected == [person.pk]


def test_load_limit_per_month(target):
    person = external_supervisor()
    _set_policy("dispatch.max_sessions_per_month", 2)
    day = datetime.date(TODAY().year + 1, 3, 10)
    for i, inst in enumerate([InstitutionFactory(), InstitutionFactory()]):
        Assignment.objects.create(
            person=person,
            role=StaffRole.EXTERNAL_SUPERVISOR,
            institution=inst,
            on=day.replace(day=1 + i),
            source="manual",
        )
    outcome = select_staff(_filter(target, on=day), 1, "s")
    assert outcome.exclusions[0]["reasons"][0]["code"] == "over_load"
    assert "3月已派遣2次，达到每月上限2次" in outcome.exclusions[0]["reasons"][0]["message"]
    assert select_staff(_filter(target, on=day.replace(month=4)), 1, "s").selected == [person.pk]


def test_qualification_filter_and_locality(target, region_center):
    welding = OccupationFactory(name="焊工")
    qualified = external_supervisor(occupation=welding, level=3)
    external_supervisor()  # not qualified for welding
    far = external_supervisor(league="150200", occupation=welding, level=3)
    outcome = select_staff(_filter(target, occupation=welding, level=3), 1, "s")
    assert outcome.eligible == [qualified.pk]
    assert far.pk not in [e["id"] for e in outcome.pool], "the pool is the institution's league by default"
    wide = select_staff(_filter(target, occupation=welding, level=3, region_wide=True), 2, "s")
    assert sorted(wide.eligible) == sorted([qualified.pk, far.pk])


def test_who_may_draw(target, pool, center, inst_clerk, other_center):
    draw_staff(actor=center, pool_filter=_filter(target), n=1)
    with pytest.raises(PermissionDenied):
        draw_staff(actor=center, pool_filter=_filter(target, region_wide=True), n=1)
    with pytest.raises(PermissionDenied):
        draw_staff(actor=inst_clerk, pool_filter=_filter(target), n=1)
    from skillcert.core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        draw_staff(actor=other_center, pool_filter=_filter(target), n=1)


def test_same_session_is_not_staffed_twice(target, pool, region_center):
    first = draw_staff(actor=region_center, pool_filter=_filter(target, session_ref="S-9"), n=3, seed="a")
    second = select_staff(_filter(target, session_ref="S-9"), 5, "b")
    assert not set(first.selected) & set(second.selected)
    assert {e["reasons"][0]["code"] for e in second.exclusions} == {"already_assigned"}


def test_record_assignment_refuses_with_every_reason(target, region_center):
    person = external_supervisor(name="钱督导", card_valid_until=TODAY() + datetime.timedelta(days=2))
    occupation = OccupationFactory(name="电工")
    before = Assignment.objects.count()
    with pytest.raises(DomainError) as exc:
        record_assignment(
            actor=region_center,
            person=person,
            role=StaffRole.EXTERNAL_SUPERVISOR,
            institution=target,
            on=TODAY() + datetime.timedelta(days=3),
            occupation=occupation,
            level=3,
        )
    assert exc.value.errors["person"] == [
        f"钱督导的外部质量督导员证卡（{person.appointments.get().card_number}）有效期至"
        f"{TODAY() + datetime.timedelta(days=2)}，{TODAY() + datetime.timedelta(days=3)}已过期",
        "钱督导不具备“电工”职业的考评资格",
    ]
    assert Assignment.objects.count() == before
    QualificationFactory(person=person, occupation=occupation, level=3)
    with pytest.raises(DomainError) as exc:
        record_assignment(
            actor=region_center,
            person=person,
            role=StaffRole.EXTERNAL_SUPERVISOR,
            institution=target,
            on=TODAY(),
            occupation=occupation,
            level=2,
        )
    assert exc.value.code == "level_too_high"
    assert exc.value.message == "钱督导只具备“电工”三级/高级工及以下等级的资格，不能承担二级/技师"
    assert Assignment.objects.count() == before
    ok = record_assignment(
        actor=region_center,
        person=person,
        role=StaffRole.EXTERNAL_SUPERVISOR,
        institution=target,
        on=TODAY(),
        session_ref="S-2",
    )
    assert ok.source == AssignmentSource.MANUAL
