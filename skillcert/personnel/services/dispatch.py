"""Assignments and dispatch: staffing a session by hand, and random draws of external supervisors
with their seed, pool and exclusions recorded (R-PER-1..3)."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.models import Organisation, User
from skillcert.accounts.types import Acting
from skillcert.catalog.models import Occupation
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.validation import clean_text
from skillcert.personnel.choices import DISPATCHED_ROLES, AssignmentSource, Event, Reason
from skillcert.personnel.eligibility import (
    ALGORITHM,
    DrawOutcome,
    Finding,
    PoolFilter,
    conflicts,
    load_findings_for,
    may_serve,
    pool_queryset,
    select_staff,
)
from skillcert.personnel.models import Assignment, Person, StaffDraw
from skillcert.personnel.services.access import (
    actor_org,
    is_system,
    require_dispatcher,
    require_visible,
    require_writer,
)
from skillcert.personnel.services.common import audit, check_role

__all__ = ["draw_staff", "record_assignment", "require_institution"]


def _refuse(findings: list[Finding], field: str = "person") -> None:
    if findings:
        err = DomainError(findings[0].message, field=field, code=findings[0].code)
        err.errors = {field: [f.message for f in findings]}
        raise err


def require_institution(institution: Organisation) -> None:
    if institution.kind != OrgKind.INSTITUTION:
        raise DomainError(
            gettext("机构：“%(institution)s”不是评价机构") % {"institution": institution},
            field="institution",
            code="invalid",
        )


def record_assignment(
    *,
    actor: Acting,
    person: Person,
    role: str,
    institution: Organisation,
    on: date,
    session_ref: str = "",
    occupation: Occupation | None = None,
    level: int | None = None,
    candidates: tuple[Any, ...] | list[Any] = (),
) -> Assignment:
    """Assign a person to serve at an institution on a date (the exams app staffing a session).

    Refused with every reason when the person may not serve (R-PER-1, R-SUP-7), is in
    conflict (R-PER-2) or — for dispatched roles — is over the load or rotation limit (R-PER-3).
    """
    check_role(role)
    require_institution(institution)
    if not is_system(actor):
        require_writer(actor)
        require_visible(actor, person)
        if not Organisation.objects.restrict(actor, "view").filter(pk=institution.pk).exists():
            raise NotFoundError(gettext("未找到该机构"))
        if role in DISPATCHED_ROLES:
            require_dispatcher(actor, gettext("外部质量督导员由人社部门和就业服务中心派遣"))
    session_ref = clean_text(session_ref, field="session_ref", label=gettext("场次"), required=False, max_length=100)
    try:
        with transaction.atomic():
            _lock_people([person.pk])  # the limits are checked and the row written under one lock
            _ok, findings = may_serve(person, role, occupation, level, on=on)
            findings += conflicts(person, candidates, institution, role=role)
            findings += load_findings_for([person], role, institution, on, session_ref)[person.pk]
            _refuse(findings)
            assignment = Assignment(
                person=person,
                role=role,
                institution=institution,
                on=on,
                session_ref=session_ref,
                source=AssignmentSource.MANUAL,
            )
            assignment.save()
            audit(actor, Event.ASSIGNMENT_RECORDED, assignment, None)
    except IntegrityError as exc:
        raise DomainError(
            gettext("人员：%(name)s已分派到场次“%(session_ref)s”") % {"name": person.name, "session_ref": session_ref},
            field="person",
            code="already_assigned",
        ) from exc
    return assignment


def _reason_summary(summary: dict[str, int]) -> str:
    return "，".join(
        gettext("%(label)s%(count)s人") % {"label": Reason(code).label, "count": count}
        for code, count in sorted(summary.items(), key=lambda i: -i[1])
    )


def draw_staff(*, actor: Acting, pool_filter: PoolFilter, n: int, seed: str | None = None) -> StaffDraw:
    """Draw n people at random from the eligible pool and assign them; record seed, pool and exclusions (R-PER-3).

    Asking for more than the eligible pool holds is refused with how many are eligible and
    why the others were excluded; nothing is saved then.
    """
    check_role(pool_filter.role)
    institution = pool_filter.institution
    require_institution(institution)
    base = Person.objects.all()
    if not is_system(actor):
        require_dispatcher(actor, gettext("随机抽取由人社部门和就业服务中心进行"))
        org = actor_org(actor)
        assert org is not None
        if (
            not Organisation.objects.restrict(actor, "view")
            .filter(pk=institution.pk, kind=OrgKind.INSTITUTION)
            .exists()
        ):
            raise NotFoundError(gettext("未找到该机构"))
        if org.scope_level == "league" and (
            pool_filter.region_wide
            or (pool_filter.pool_jurisdiction is not None and pool_filter.pool_jurisdiction.pk != org.jurisdiction_id)
        ):
            raise PermissionDenied(gettext("盟市只能从本盟市的人员中抽取；跨盟市抽取由自治区就业服务中心进行"))
        base = Person.objects.restrict(actor, "view")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise DomainError(gettext("抽取人数：应为正整数"), field="n", code="invalid")
    if n > 50:
        raise DomainError(gettext("抽取人数：一次最多抽取50人"), field="n", code="max_value")
    seed = clean_text(
        seed, field="seed", label=gettext("随机种子"), required=False, max_length=64
    ) or secrets.token_hex(8)
    session_ref = clean_text(
        pool_filter.session_ref, field="session_ref", label=gettext("场次"), required=False, max_length=100
    )
    pool_filter = replace(pool_filter, session_ref=session_ref)
    try:
        with transaction.atomic():
            # Lock the pool in id order first, so two draws sharing people cannot both pass the
            # load and rotation limits; the audit chain's lock comes after the row locks.
            _lock_people(pool_queryset(pool_filter, base).values_list("pk", flat=True))
            outcome = select_staff(pool_filter, n, seed, base=base)
            if len(outcome.eligible) < n:
                raise _pool_too_small(n, outcome)
            draw = _save_draw(actor, pool_filter, n, seed, outcome)
    except IntegrityError as exc:
        raise DomainError(
            gettext("场次：同时进行的另一次分派已占用该场次的人员，请重新抽取"), field="session_ref", code="conflict"
        ) from exc
    return draw


def _lock_people(ids: Any) -> None:
    list(Person.objects.select_for_update().filter(pk__in=list(ids)).order_by("pk").values_list("pk", flat=True))


def _pool_too_small(n: int, outcome: DrawOutcome) -> DomainError:
    summary = outcome.exclusion_summary()
    why = (
        gettext("其余%(len)s人被排除：%(reason_summary)s")
        % {"len": len(outcome.exclusions), "reason_summary": _reason_summary(summary)}
        if outcome.exclusions
        else gettext("候选池为空")
    )
    message = gettext("抽取人数：申请抽取%(n)s人，但候选池%(len)s人中符合条件的只有%(len2)s人；%(why)s") % {
        "n": n,
        "len": len(outcome.pool),
        "len2": len(outcome.eligible),
        "why": why,
    }
    err = DomainError(message, field="n", code="pool_too_small")
    err.errors = {
        "n": [message],
        "exclusions": [f"{e['name']}：" + "；".join(r["message"] for r in e["reasons"]) for e in outcome.exclusions],
    }
    return err


def _save_draw(actor: Acting, pool_filter: PoolFilter, n: int, seed: str, outcome: DrawOutcome) -> StaffDraw:
    institution = pool_filter.institution
    draw = StaffDraw(
        role=pool_filter.role,
        institution=institution,
        on=pool_filter.on,
        session_ref=pool_filter.session_ref,
        occupation=pool_filter.occupation,
        level=pool_filter.level,
        pool_jurisdiction=pool_filter.pool_jurisdiction,
        requested=n,
        seed=seed,
        algorithm=ALGORITHM,
        pool=outcome.pool,
        exclusions=outcome.exclusions,
        eligible=outcome.eligible,
        selected=outcome.selected,
        candidates_checked=len(pool_filter.candidates),
        drawn_by=actor_org(actor),
        drawn_by_user=actor if isinstance(actor, User) and actor.is_authenticated else None,
    )
    people = {p.pk: p for p in Person.objects.filter(pk__in=outcome.selected)}
    draw.save()
    record_event(
        actor=actor,
        action=Event.STAFF_DRAWN,
        obj=draw,
        after={
            "seed": seed,
            "role": pool_filter.role,
            "institution": institution.pk,
            "on": pool_filter.on,
            "requested": n,
            "pool": [e["id"] for e in outcome.pool],
            "excluded": [e["id"] for e in outcome.exclusions],
            "selected": outcome.selected,
        },
    )
    for pid in outcome.selected:
        assignment = Assignment(
            person=people[pid],
            role=pool_filter.role,
            institution=institution,
            on=pool_filter.on,
            session_ref=pool_filter.session_ref,
            source=AssignmentSource.DRAW,
            draw=draw,
        )
        assignment.save()
        audit(actor, Event.ASSIGNMENT_RECORDED, assignment, None)
    return draw
