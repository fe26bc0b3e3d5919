"""What every complaints service shares: who may handle, text checks, deadlines, routing (R-SUP-5)."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from skillcert.accounts.choices import JurisdictionLevel, OrgKind
from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.accounts.types import Acting, Visitor
from skillcert.complaints.models import Attachment, Complaint
from skillcert.complaints.models.complaint import HANDLER_ROLES
from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy
from skillcert.core.scoping import is_authenticated
from skillcert.core.validation import SCAN_TYPES, CheckedUpload, check_upload
from skillcert.core.workdays import add_working_days

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
HANDLER_KINDS = frozenset({OrgKind.REGION_DEPT, OrgKind.REGION_CENTER, OrgKind.LEAGUE_BUREAU})
"""The authorities that handle complaints: the region department and centre, and league bureaus."""


def may_handle(actor: Visitor) -> bool:
    """Whether the actor works for a handling authority with a handling role."""
    if getattr(actor, "is_superuser", False):
        return True
    org = getattr(actor, "organisation", None)
    return bool(
        is_authenticated(actor) and org is not None and org.kind in HANDLER_KINDS and actor.role_codes & HANDLER_ROLES
    )


def require_handler(actor: User) -> None:
    if not may_handle(actor):
        raise PermissionDenied(_("投诉举报由人社部门经办人办理"))


def add_days(start: datetime.date, days: int) -> datetime.date:
    """A deadline `days` after `start`, in calendar or working days as `complaints.day_kind` says."""
    if str(get_policy("complaints.day_kind")) == "working":
        return add_working_days(start, days)
    return start + datetime.timedelta(days=days)


def new_tracking_code(received_on: datetime.date) -> str:
    for _attempt in range(10):
        code = f"TS{received_on:%Y%m%d}-" + "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))
        if not Complaint.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("could not allocate a tracking code")


def new_secret() -> tuple[str, str]:
    """The secret shown once to the complainant, and its salted hash for the database."""
    secret = "-".join("".join(secrets.choice(CODE_ALPHABET) for _i in range(4)) for _g in range(3))
    return secret, make_password(secret)


_DUMMY_HASH: list[str] = []


def secret_matches(complaint: Complaint | None, secret: str) -> bool:
    """Check the secret; an unknown code costs the same hash as a known one."""
    if complaint is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(make_password("not-a-secret"))
        check_password(secret or "", _DUMMY_HASH[0])
        return False
    return check_password((secret or "").strip().upper(), complaint.secret_hash)


def handler_for(jurisdiction: Jurisdiction) -> Organisation:
    """The bureau of a league, or the region department for region-level matters."""
    if jurisdiction.level == JurisdictionLevel.REGION:
        return Organisation.objects.get(code=OrgKind.REGION_DEPT)
    return Organisation.objects.get(code=f"bureau-{jurisdiction.code}")


def region() -> Jurisdiction:
    return Jurisdiction.objects.get(level=JurisdictionLevel.REGION)


def jurisdiction_of_institution(institution: Any) -> Jurisdiction:
    """Where a matter about this institution lies: a branch's venue league, else its own jurisdiction.

    A region-level institution (area scope the whole region) goes to the region.
    """
    if institution.parent_id is not None:
        venue = institution.venues.select_related("league").order_by("id").first()
        if venue is not None:
            return venue.league  # type: ignore[no-any-return]
    own: Jurisdiction = institution.organisation.jurisdiction
    if own.level == JurisdictionLevel.REGION or institution.area.level == JurisdictionLevel.REGION:
        return region()
    return own


def check_attachments(files: list[Any], *, field: str = "attachments") -> list[CheckedUpload]:
    """PDF, JPG or PNG only (by extension and content), each within the size limit, at most N files (R-SUP-5)."""
    max_count = int(get_policy("complaints.attachment_max_count"))
    if len(files) > max_count:
        raise DomainError(_("附件：最多上传%(n)s个文件") % {"n": max_count}, field=field, code="too_many")
    max_mb = int(get_policy("complaints.attachment_max_mb"))
    return [check_upload(f, field=field, label=_("附件"), allowed=SCAN_TYPES, max_mb=max_mb) for f in files]


def save_attachments(
    complaint: Complaint, files: list[CheckedUpload], investigation: Any = None, *, actor: Acting = None
) -> list[Attachment]:
    """Keep each file through the archives file service, owned by the handling jurisdiction (R-SUP-5, R-ARC-1)."""
    from skillcert.archives.choices import FilePurpose
    from skillcert.archives.files import store_file

    saved = []
    for f in files:
        attachment = Attachment(
            complaint=complaint,
            investigation=investigation,
            original_name=f.original_name,
            content_type=f.content_type,
            size=f.size,
            sha256=f.sha256,
        )
        attachment.file.name = store_file(
            actor=actor,
            content=f.content,
            name=f.original_name,
            purpose=FilePurpose.COMPLAINT_ATTACHMENT,
            subject=investigation if investigation is not None else complaint,
            jurisdiction=complaint.jurisdiction,
            allowed=SCAN_TYPES,
            label=_("附件"),
            field="attachments",
        ).name
        attachment.save()
        saved.append(attachment)
    return saved
