"""Who may act in this app: assigned supervisors, drawn inspectors, deciding authorities."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.models import User
from skillcert.core.errors import DomainError
from skillcert.core.scoping import is_authenticated
from skillcert.inspections.choices import CheckAnswer
from skillcert.inspections.models.policies import EDIT_ROLES
from skillcert.institutions import authorities

CAMPAIGN_ORGANISERS = frozenset({OrgKind.REGION_DEPT, OrgKind.REGION_CENTER, OrgKind.LEAGUE_BUREAU})
"""The region and the league bureaus organise 双随机 campaigns (seed §5(三))."""


def is_edit_staff(actor: User) -> bool:
    return is_authenticated(actor) and (actor.is_superuser or bool(actor.role_codes & EDIT_ROLES))


def require_decision_authority(actor: User, league_id: int) -> None:
    """The league's bureau or the region decides rectification orders (R-SUP-3, R-SUP-6)."""
    if getattr(actor, "is_superuser", False):
        return
    org = getattr(actor, "organisation", None)
    if org is None or not authorities.is_decision_authority(org) or not is_edit_staff(actor):
        raise PermissionDenied(_("整改通知由盟市人社局或自治区人社部门决定"))
    if org.scope_level == "league" and org.jurisdiction_id != league_id:
        raise PermissionDenied(_("整改通知由机构所在盟市人社局决定"))


def require_organiser_staff(actor: User, organiser_id: int) -> None:
    if getattr(actor, "is_superuser", False):
        return
    if not is_edit_staff(actor) or actor.organisation_id != organiser_id:
        raise PermissionDenied(_("只有检查任务的组织单位可以办理此事项"))


def clean_answers(value: Any, items: list[tuple[str, Any]], *, label: str, required: bool) -> dict[str, str]:
    """A checklist: each known item answered yes / no / not applicable; unknown items refused;
    with `required`, every item must be answered (the missing ones are named)."""
    if value in (None, ""):
        value = {}
    if not isinstance(value, dict):
        raise DomainError(_("%(label)s：格式不正确") % {"label": label}, field="checklist", code="invalid")
    labels = dict(items)
    out: dict[str, str] = {}
    for key, answer in value.items():
        if key not in labels:
            raise DomainError(
                _("%(label)s：没有“%(key)s”这一项") % {"label": label, "key": key}, field="checklist", code="invalid"
            )
        if answer in ("", None):
            continue
        if answer not in CheckAnswer.values:
            raise DomainError(
                _("%(label)s：“%(item)s”的答复应为符合、不符合或不适用") % {"label": label, "item": labels[key]},
                field="checklist",
                code="invalid",
            )
        out[key] = answer
    if required:
        missing = [str(labels[k]) for k, _item in items if k not in out]
        if missing:
            raise DomainError(
                _("%(label)s：尚未填写：%(items)s") % {"label": label, "items": "、".join(missing)},
                field="checklist",
                code="required",
            )
    return out
