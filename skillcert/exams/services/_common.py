"""Helpers shared by the exams services: who may act on a plan, inputs, uploads."""

from __future__ import annotations

import hashlib
from typing import IO, Any

from django.core.exceptions import PermissionDenied

from skillcert.accounts.choices import OrgKind
from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy
from skillcert.core.scoping import actor_may, is_authenticated, require_row
from skillcert.exams.models import ExamPlan
from skillcert.exams.models.policies import PLAN_POLICY
from skillcert.institutions.services._common import (
    JPEG,
    PNG,
    SCANS,
    CheckedUpload,
    check_upload,
    clean_model,
    named_error,
    text,
)

__all__ = [
    "SUPERVISING_KINDS",
    "CheckedUpload",
    "check_exam_upload",
    "clean_model",
    "is_plan_staff",
    "named_error",
    "require_plan_authority",
    "require_plan_staff",
    "sha256_of",
    "text",
]

SUPERVISING_KINDS = frozenset({OrgKind.LEAGUE_BUREAU, OrgKind.REGION_DEPT})
"""Who questions and stops plans: the league bureau where the plan is held, and the region department (R-EXAM-1)."""

PHOTOS = (JPEG, PNG)


def is_plan_staff(actor: Any, plan: ExamPlan) -> bool:
    return is_authenticated(actor) and getattr(actor, "organisation_id", None) == plan.institution.organisation_id


def require_plan_staff(actor: Any, plan: ExamPlan, action: str = "change") -> None:
    """The actor works for the plan's institution in a role allowed the action (R-ORG-2).

    Anyone who may not even see the plan gets the same answer as for a missing one.
    """
    require_row(actor, "view", plan)
    if getattr(actor, "is_superuser", False):
        return
    if not is_plan_staff(actor, plan):
        raise PermissionDenied("只有本计划的评价机构人员可以办理此事项")
    if not actor_may(actor, action, PLAN_POLICY):
        raise PermissionDenied("您的角色不能办理此事项")


def require_plan_authority(actor: Any, plan: ExamPlan) -> None:
    """The actor is office staff of the league bureau where the plan is held, or of the region department."""
    require_row(actor, "view", plan)
    if getattr(actor, "is_superuser", False):
        return
    org = getattr(actor, "organisation", None)
    if org is None or org.kind not in SUPERVISING_KINDS:
        raise PermissionDenied("质询、叫停认定计划由实施地盟市人社局办理")
    if not actor_may(actor, "supervise", PLAN_POLICY):
        raise PermissionDenied("您的角色不能办理此事项")


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
    if upload is None:
        raise DomainError(f"{label}：请上传文件", field=field, code="required")
    max_mb = int(get_policy("exams.evidence_max_mb"))
    size = getattr(upload, "size", None)
    name = str(getattr(upload, "name", "") or "").rsplit("/", 1)[-1]
    if size is not None and size > max_mb * 1024 * 1024:
        raise DomainError(f"{label}：文件“{name}”超过{max_mb}MB的上限", field=field, code="file_size")
    return check_upload(upload, field=field, label=label, allowed=PHOTOS if photo else SCANS)
