"""Relations a person declares, so that candidates they know are avoided (conflicts, R-PER-2).

The avoidance itself is read in `skillcert.personnel.eligibility.conflicts`.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from skillcert.accounts.types import Acting
from skillcert.core.audit import snapshot
from skillcert.core.errors import DomainError
from skillcert.core.fields import blind_index_for
from skillcert.core.locking import lock
from skillcert.core.validation import clean_id_number, clean_model, clean_text
from skillcert.personnel.choices import Event, RelationKind
from skillcert.personnel.models import DeclaredRelation, Person
from skillcert.personnel.services.access import require_visible, require_writer
from skillcert.personnel.services.common import (
    MAX_TEXT,
    audit,
    date_not_future,
    recheck_sessions,
    today,
)

__all__ = ["declare_relation", "withdraw_relation"]


def declare_relation(
    *,
    actor: Acting,
    person: Person,
    kind: str,
    other_name: str,
    other_id_number: str,
    note: str = "",
    declared_on: date | None = None,
) -> DeclaredRelation:
    """Record a relation the person declares; candidates with that ID number are then avoided (R-PER-2)."""
    require_visible(actor, person, "change")
    require_writer(actor)
    if kind not in RelationKind.values:
        raise DomainError(
            gettext("关系：“%(kind)s”应为亲属、师生、师徒或同事") % {"kind": kind}, field="kind", code="invalid"
        )
    other_name = clean_text(other_name, field="other_name", label=gettext("关系人姓名"), max_length=50)
    number = clean_id_number(other_id_number, field="other_id_number", label=gettext("关系人身份证号码"))
    index = blind_index_for(DeclaredRelation, "other_id_number", number)
    if index == person.id_number_index:
        raise DomainError(gettext("关系人身份证号码：不能是本人的身份证号码"), field="other_id_number", code="self")
    if DeclaredRelation.objects.filter(person=person, other_id_number_index=index, is_active=True).exists():
        raise DomainError(
            gettext("关系人身份证号码：%(name)s已申报与该人员的关系") % {"name": person.name},
            field="other_id_number",
            code="duplicate",
        )
    relation = DeclaredRelation(
        person=person,
        kind=kind,
        other_name=other_name,
        other_id_number=number,
        note=clean_text(note, field="note", label=gettext("说明"), required=False, max_length=MAX_TEXT),
        declared_on=date_not_future(declared_on or today(), field="declared_on", label=gettext("申报日期")),
    )
    clean_model(relation, exclude=["person", "other_id_number_index"])
    with transaction.atomic():
        relation.save()
        audit(actor, Event.RELATION_DECLARED, relation, None)
        recheck_sessions(person.pk, "relation_declared")
    return relation


def withdraw_relation(*, actor: Acting, relation: DeclaredRelation, reason: str) -> DeclaredRelation:
    """A relation no longer holds (e.g. the apprenticeship ended); kept in the history (R-PER-2)."""
    require_visible(actor, relation, "change")
    require_writer(actor)
    reason = clean_text(reason, field="reason", label=gettext("撤回原因"), max_length=100)
    with transaction.atomic():
        lock(relation)
        if not relation.is_active:
            raise DomainError(gettext("状态：该关系已撤回"), field="status", code="state")
        before = snapshot(relation)
        relation.note = (
            gettext("%(note)s（撤回：%(reason)s）") % {"note": relation.note, "reason": reason}
            if relation.note
            else gettext("撤回：%(reason)s") % {"reason": reason}
        )[:200]
        relation.is_active = False
        relation.save()
        audit(actor, Event.RELATION_WITHDRAWN, relation, before)
    return relation
