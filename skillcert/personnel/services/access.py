"""Who may do what in the personnel app (seed §2(二), §4(四)(五), R-ORG-2).

Each `may_*` predicate answers the question the matching `require_*` check asks, so a page shows
a button only when the service will accept the request. `actor=None` is the system (demo data,
management commands, the exams app staffing a session on its own authority).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from skillcert.accounts.choices import LEAGUE_KINDS, REGION_KINDS, OrgKind
from skillcert.accounts.models import MANAGE_USERS, Jurisdiction, Organisation, User
from skillcert.accounts.types import Acting
from skillcert.core.errors import NotFoundError
from skillcert.core.scoping import actor_may, require_row
from skillcert.personnel.choices import (
    INSTITUTION_PROPOSES,
    LEAGUE_CENTER_MANAGES,
    AppointmentStatus,
    RegistrationStatus,
    StaffRole,
)
from skillcert.personnel.models import WRITER_ROLES, Appointment, Person, RegistrationRequest
from skillcert.personnel.services.common import role_label

__all__ = [
    "CENTRE_KINDS",
    "PEOPLE_KINDS",
    "actor_org",
    "appointing_power",
    "capabilities",
    "is_system",
    "is_writer",
    "may_create_login",
    "may_decide",
    "may_decide_registration",
    "may_draw",
    "may_plan",
    "may_record",
    "may_register",
    "may_sanction",
    "may_train",
    "require_appointer",
    "require_dispatcher",
    "require_planner",
    "require_registration_decider",
    "require_regulator",
    "require_trainer",
    "require_visible",
    "require_writer",
]

CENTRE_KINDS = frozenset({OrgKind.REGION_CENTER, OrgKind.LEAGUE_CENTER})
"""The centres that train and appoint (seed §2(二))."""

PEOPLE_KINDS = CENTRE_KINDS | {OrgKind.INSTITUTION}
"""Who registers people: the centres appoint, an institution proposes its own."""


def is_system(actor: Acting) -> bool:
    return actor is None or bool(getattr(actor, "is_superuser", False))


def actor_org(actor: Acting) -> Organisation | None:
    return getattr(actor, "organisation", None) if actor is not None else None


def _kind(actor: Acting) -> str | None:
    org = actor_org(actor)
    return org.kind if org is not None else None


def _allows(check: Callable[[], object]) -> bool:
    try:
        check()
    except (PermissionDenied, NotFoundError):
        return False
    return True


# --- predicates: the pages ask these, the checks below refuse on the same conditions -------------


def is_writer(actor: Acting) -> bool:
    """A manager, clerk or administrator of their organisation (or the system)."""
    return is_system(actor) or (isinstance(actor, User) and actor.is_authenticated and actor.has_role(*WRITER_ROLES))


def may_register(actor: Acting, person: Person | None = None, role: str | None = None) -> bool:
    """Register people, change them and give them roles: a centre appoints, an institution proposes its own."""
    if person is not None:
        return _allows(
            lambda: appointing_power(actor, role=role, employer=person.employer, jurisdiction=person.jurisdiction)
        )
    return is_system(actor) or (is_writer(actor) and _kind(actor) in PEOPLE_KINDS)


def may_train(actor: Acting, person: Person | None = None, role: str | None = None) -> bool:
    """Record training and qualifications: only the centres that train (seed §2(二))."""
    if person is not None:
        return _allows(lambda: require_trainer(actor, person, role))
    return is_system(actor) or (is_writer(actor) and _kind(actor) in CENTRE_KINDS)


def may_decide(actor: Acting, appointment: Appointment) -> bool:
    """Approve, reject, renew or revoke this appointment: the centre that manages the role and the place."""
    person = appointment.person
    return _allows(lambda: _require_appoint(actor, appointment.role, person))


def may_decide_registration(actor: Acting, request: RegistrationRequest | None = None) -> bool:
    """Register or link an institution's requested person, or decline: its league centre (or the region centre)."""
    if request is not None:
        return request.status == RegistrationStatus.PENDING and _allows(
            lambda: require_registration_decider(actor, request)
        )
    return is_system(actor) or (is_writer(actor) and _kind(actor) in CENTRE_KINDS)


def may_draw(actor: Acting) -> bool:
    """Dispatch external supervisors and draw them at random: the regulators and centres (R-PER-3)."""
    org = actor_org(actor)
    return is_system(actor) or (is_writer(actor) and org is not None and org.is_authority)


def may_sanction(actor: Acting, person: Person | None = None) -> bool:
    """Decide on violations: region and league organisations; external supervisors only the region."""
    if person is not None:
        return _allows(lambda: require_regulator(actor, person))
    return is_system(actor) or (is_writer(actor) and _kind(actor) in REGION_KINDS | LEAGUE_KINDS)


def may_plan(actor: Acting, jurisdiction: Jurisdiction | None = None) -> bool:
    """Set workforce targets: the region centre, a league centre for its own league (R-SUP-8)."""
    if jurisdiction is not None:
        return _allows(lambda: require_planner(actor, jurisdiction))
    return is_system(actor) or (is_writer(actor) and _kind(actor) in CENTRE_KINDS)


def may_record(actor: Acting) -> bool:
    """Record violations and declared relations of people the actor sees."""
    return is_writer(actor)


def may_create_login(actor: Acting) -> bool:
    """Open a person's login: whoever manages the accounts of the person's organisation (R-PER-1)."""
    return actor is None or actor_may(actor, "manage_users", MANAGE_USERS)


def capabilities(actor: Acting) -> dict[str, bool]:
    """What the pages offer this actor, from the same predicates the services check."""
    return {
        "register": may_register(actor),
        "train": may_train(actor),
        "draw": may_draw(actor),
        "sanction": may_sanction(actor),
        "plan": may_plan(actor),
        "record": may_record(actor),
        "login": may_create_login(actor),
        "decide_registration": may_decide_registration(actor),
    }


# --- checks --------------------------------------------------------------------------------------


def require_writer(actor: Acting) -> None:
    if not is_writer(actor):
        raise PermissionDenied(gettext("只有负责人、经办人或系统管理员可以办理此事项"))


def require_visible(actor: Acting, obj: Any, action: str = "view") -> None:
    """The actor must see the row; otherwise it does not exist for them (R-ORG-2)."""
    if is_system(actor):
        return
    require_row(actor, action, obj)


def appointing_power(
    actor: Acting, *, role: str | None, employer: Organisation | None, jurisdiction: Jurisdiction
) -> str:
    """'appoint' or 'propose': what the actor may do for a role of someone working here (seed §2(二))."""
    if is_system(actor):
        return "appoint"
    require_writer(actor)
    org = actor_org(actor)
    assert org is not None
    label = role_label(role) if role else gettext("人员")
    if org.kind == OrgKind.REGION_CENTER:
        return "appoint"
    if org.kind == OrgKind.LEAGUE_CENTER:
        if role is not None and role not in LEAGUE_CENTER_MANAGES:
            raise PermissionDenied(
                gettext("%(label)s由自治区就业服务中心培训和聘任，盟市就业服务中心不能办理") % {"label": label}
            )
        if jurisdiction.pk != org.jurisdiction_id:
            raise PermissionDenied(
                gettext("盟市就业服务中心只能办理在本盟市（%(jurisdiction)s）工作的人员")
                % {"jurisdiction": org.jurisdiction}
            )
        return "appoint"
    if org.kind == OrgKind.INSTITUTION:
        if role is not None and role not in INSTITUTION_PROPOSES:
            raise PermissionDenied(
                gettext("评价机构不能推荐%(label)s：外部质量督导员和专家由就业服务中心聘任") % {"label": label}
            )
        if employer is None or employer.pk != org.pk:
            raise PermissionDenied(gettext("评价机构只能登记和推荐本机构的人员"))
        return "propose"
    raise PermissionDenied(
        gettext(
            "%(get_kind_display)s不办理人员聘任：考评员、内部质量督导员由盟市就业服务中心办理，外部质量督导员由自治区就业服务中心办理"
        )
        % {"get_kind_display": org.get_kind_display()}
    )


def require_registration_decider(actor: Acting, request: RegistrationRequest) -> None:
    """An institution's registration request is decided by the league centre of its league, or the region centre."""
    if is_system(actor):
        return
    require_writer(actor)
    org = actor_org(actor)
    assert org is not None
    if org.kind == OrgKind.REGION_CENTER:
        return
    if org.kind == OrgKind.LEAGUE_CENTER and org.jurisdiction_id == request.jurisdiction_id:
        return
    raise PermissionDenied(gettext("人员登记申请由机构所在盟市的就业服务中心核实办理"))


def require_trainer(actor: Acting, person: Person, role: str | None = None) -> None:
    """Training and qualifications come from the centres that train (seed §2(二)), not the institutions."""
    if appointing_power(actor, role=role, employer=person.employer, jurisdiction=person.jurisdiction) != "appoint":
        raise PermissionDenied(gettext("培训记录和职业资格由就业服务中心登记，评价机构不能自行登记"))


def _require_appoint(actor: Acting, role: str, person: Person) -> None:
    if appointing_power(actor, role=role, employer=person.employer, jurisdiction=person.jurisdiction) != "appoint":
        raise PermissionDenied(gettext("推荐由盟市就业服务中心审核，评价机构不能审核本机构的推荐"))


def require_appointer(actor: Acting, appointment: Appointment) -> None:
    """Decisions on an appointment belong to the centre that appoints for the role and place."""
    require_visible(actor, appointment)
    _require_appoint(actor, appointment.role, appointment.person)


def require_regulator(actor: Acting, person: Person) -> None:
    """Sanctions: region and league organisations; on external supervisors only the region (seed §2(二))."""
    if is_system(actor):
        return
    require_writer(actor)
    org = actor_org(actor)
    assert org is not None
    if org.kind in REGION_KINDS:
        return
    if org.kind in LEAGUE_KINDS:
        if person.jurisdiction_id != org.jurisdiction_id:
            raise NotFoundError(gettext("未找到该记录"))
        if (
            person.appointments.filter(role=StaffRole.EXTERNAL_SUPERVISOR)
            .exclude(status=AppointmentStatus.REJECTED)
            .exists()
        ):
            raise PermissionDenied(
                gettext("外部质量督导员由自治区就业服务中心管理，处分由自治区人社厅或就业服务中心决定")
            )
        return
    raise PermissionDenied(gettext("人员处分由人社部门和就业服务中心决定，评价机构可以记录本机构人员的违规违纪情况"))


def require_dispatcher(actor: Acting, message: str) -> None:
    """Dispatch and random draws belong to the regulators and centres (R-PER-3)."""
    require_writer(actor)
    if not may_draw(actor):
        raise PermissionDenied(message)


def require_planner(actor: Acting, jurisdiction: Jurisdiction) -> None:
    """Workforce targets: the region centre, a league centre for its own league (seed §5(二), R-SUP-8)."""
    if is_system(actor):
        return
    require_writer(actor)
    org = actor_org(actor)
    assert org is not None
    if org.kind == OrgKind.LEAGUE_CENTER:
        if jurisdiction.pk != org.jurisdiction_id:
            raise PermissionDenied(
                gettext("盟市就业服务中心只能制定本盟市（%(jurisdiction)s）的队伍建设规划")
                % {"jurisdiction": org.jurisdiction}
            )
    elif org.kind != OrgKind.REGION_CENTER:
        raise PermissionDenied(gettext("队伍建设规划由自治区和盟市就业服务中心制定"))
