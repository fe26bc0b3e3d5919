"""Who may act on an exam plan and its sessions, and the exam-specific upload check (R-ORG-2, R-EXAM-4).

Input cleaning comes from `skillcert.core.validation`, auditing from `skillcert.core.audit`.
`actor=None` is the system (demo data, the nightly task, the item bank returning computer-based
exam scores): the checks that take it let it through.
"""

from __future__ import annotations

import hashlib
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.types import Acting, Actor, Visitor
from skillcert.core.policy import get_policy
from skillcert.core.scoping import actor_may, is_authenticated, require_row
from skillcert.core.validation import IMAGE_TYPES, SCAN_TYPES, CheckedUpload, check_upload
from skillcert.exams.choices import RegistrationStatus
from skillcert.exams.models import ExamPlan
from skillcert.exams.models.policies import PLAN_POLICY
from skillcert.exams.selectors.plans import reopen_problem
from skillcert.institutions.selectors import own_institution

__all__ = [
    "SUPERVISING_KINDS",
    "check_exam_upload",
    "is_plan_staff",
    "is_system",
    "may_create_plan",
    "may_dispatch_supervisors",
    "may_print_ticket",
    "may_reopen_registration",
    "may_run_plan",
    "may_supervise_plan",
    "require_authority_staff",
    "require_institution_staff",
    "require_plan_authority",
    "require_plan_staff",
    "sha256_of",
    "user_or_none",
]

SUPERVISING_KINDS = frozenset({OrgKind.LEAGUE_BUREAU, OrgKind.REGION_DEPT})
"""Who questions and stops plans: the league bureau where the plan is held, and the region department (R-EXAM-1)."""


def is_plan_staff(actor: Visitor, plan: ExamPlan) -> bool:
    return is_authenticated(actor) and getattr(actor, "organisation_id", None) == plan.institution.organisation_id


# --- who may do what: the pages show a button only when the service will accept it ----------------
# The predicates look at the actor's organisation and roles; the row itself is visible to them (the
# page found it through the scoped queryset, the `require_*` checks call `require_row` first).


def may_run_plan(actor: Visitor, plan: ExamPlan, action: str = "change") -> bool:
    """The plan's institution runs it, by its manager or clerk (R-ORG-2, R-EXAM-1)."""
    if not is_authenticated(actor):
        return False
    if getattr(actor, "is_superuser", False):
        return True
    return is_plan_staff(actor, plan) and actor_may(actor, action, PLAN_POLICY)


def may_create_plan(actor: Visitor) -> bool:
    """An institution's manager or clerk drafts plans for it (R-EXAM-1)."""
    return own_institution(actor) is not None and actor_may(actor, "change", PLAN_POLICY)


def may_supervise_plan(actor: Visitor) -> bool:
    """Office staff of a league bureau or the region department question and stop plans (R-EXAM-1)."""
    if not is_authenticated(actor):
        return False
    if getattr(actor, "is_superuser", False):
        return True
    org = getattr(actor, "organisation", None)
    return org is not None and org.kind in SUPERVISING_KINDS and actor_may(actor, "supervise", PLAN_POLICY)


def may_dispatch_supervisors(actor: Visitor) -> bool:
    """A regulator's manager or clerk draws and removes external supervisors (R-EXAM-6, R-PER-3)."""
    if not is_authenticated(actor):
        return False
    if getattr(actor, "is_superuser", False):
        return True
    org = getattr(actor, "organisation", None)
    return org is not None and bool(org.is_authority) and bool(actor.has_role("manager", "clerk"))


def may_reopen_registration(actor: Visitor, plan: ExamPlan) -> bool:
    """Registration closed early may open again while its deadline holds and before seats are drawn (R-EXAM-3)."""
    return may_run_plan(actor, plan) and reopen_problem(plan) is None


def may_print_ticket(actor: Visitor, registration: Any) -> bool:
    """Whoever sees a registration may print its ticket once it is approved and seated (R-EXAM-5)."""
    return (
        is_authenticated(actor)
        and registration.status == RegistrationStatus.APPROVED
        and bool(registration.exam_number)
    )


def require_plan_staff(actor: Actor, plan: ExamPlan, action: str = "change") -> None:
    """The actor works for the plan's institution in a role allowed the action (R-ORG-2).

    Anyone who may not even see the plan gets the same answer as for a missing one.
    """
    require_row(actor, "view", plan)
    if may_run_plan(actor, plan, action):
        return
    if not is_plan_staff(actor, plan):
        raise PermissionDenied(_("只有本计划的评价机构人员可以办理此事项"))
    raise PermissionDenied(_("您的角色不能办理此事项"))


def require_plan_authority(actor: Actor, plan: ExamPlan) -> None:
    """The actor is office staff of the league bureau where the plan is held, or of the region department."""
    require_row(actor, "view", plan)
    if may_supervise_plan(actor):
        return
    org = getattr(actor, "organisation", None)
    if org is None or org.kind not in SUPERVISING_KINDS:
        raise PermissionDenied(_("质询、叫停认定计划由实施地盟市人社局办理"))
    raise PermissionDenied(_("您的角色不能办理此事项"))


def sha256_of(stream: IO[bytes]) -> tuple[str, int]:
    """SHA-256 and size of a file, read in chunks (large rosters never sit in memory)."""
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    while chunk := stream.read(1024 * 1024):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


def check_exam_upload(upload: Any, *, field: str, label: str, photo: bool = False) -> CheckedUpload:
    """An evidence scan (PDF/JPG/PNG) or a photo (JPG/PNG) within `exams.evidence_max_mb` (R-EXAM-4).

    Type is checked by extension and by content; the institutions' upload check does both.
    """
    return check_upload(
        upload,
        field=field,
        label=label,
        allowed=IMAGE_TYPES if photo else SCAN_TYPES,
        max_mb=int(get_policy("exams.evidence_max_mb")),
    )


def is_system(actor: Acting) -> bool:
    return actor is None or bool(getattr(actor, "is_superuser", False))


def user_or_none(actor: Acting) -> Actor | None:
    return actor if is_authenticated(actor) else None


def require_institution_staff(actor: Actor | None, plan: ExamPlan, action: str = "change") -> None:
    """The plan's institution runs it: its manager or clerk (R-ORG-2); others get a 404 or 403."""
    if actor is None:
        return
    require_plan_staff(actor, plan, action)


def require_authority_staff(actor: Actor | None, plan: ExamPlan) -> None:
    """A regulator over the plan's league — bureau, centre or region — in an office role (R-EXAM-6).

    Dispatching external supervisors is the authorities' (R-PER-3); `draw_staff` checks again.
    """
    if actor is None:
        return
    require_row(actor, "view", plan)
    if not may_dispatch_supervisors(actor):
        raise PermissionDenied(_("外部质量督导员由人社部门或就业服务中心的负责人、经办人抽取"))
