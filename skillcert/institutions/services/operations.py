"""Fees (R-INS-5), venues and rooms (R-INS-6), rosters (R-INS-1) and the lifecycle (R-INS-8)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.choices import JurisdictionLevel
from skillcert.accounts.models import Jurisdiction
from skillcert.accounts.types import Actor
from skillcert.catalog.choices import level_label
from skillcert.catalog.models import Occupation, WorkType, display_work_type
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.excel import (
    ROW_ERROR_HEADERS,
    check_upload_size,
    limit_rows,
    read_table,
    row_errors_refusal,
)
from skillcert.core.fields import blind_index_for
from skillcert.core.locking import lock
from skillcert.core.policy import get_policy
from skillcert.core.validation import clean_model, clean_text
from skillcert.core.validators import validate_resident_id
from skillcert.institutions import authorities
from skillcert.institutions.choices import (
    TRANSITIONS,
    WORKER_KINDS,
    CostItem,
    Event,
    FeeStatus,
    InstitutionStatus,
    InstitutionType,
    RoomKind,
    RosterKind,
)
from skillcert.institutions.models import (
    BlacklistEntry,
    Fee,
    FeeItem,
    Institution,
    Room,
    RosterEntry,
    StatusChange,
    Venue,
)
from skillcert.institutions.models.policies import EDIT_ROLES
from skillcert.institutions.selectors import allowed_leagues, scope_covers, scope_items_on
from skillcert.institutions.services.access import require_institution_staff, require_visible

MAX_MONEY = Decimal("99999999.99")
CENT = Decimal("0.01")

# --- fees (R-INS-5) --------------------------------------------------------------------------------


def _money(value: Any, *, label: str) -> Decimal:
    raw = "" if value is None else str(value).strip()
    try:
        amount = Decimal(raw)
    except InvalidOperation as exc:
        raise DomainError(
            gettext("%(label)s：须为数字（元），实为“%(raw)s”") % {"label": label, "raw": raw},
            field="items",
            code="not_a_number",
        ) from exc
    if not amount.is_finite():
        raise DomainError(
            gettext("%(label)s：须为数字（元），实为“%(raw)s”") % {"label": label, "raw": raw},
            field="items",
            code="not_a_number",
        )
    if amount < 0:
        raise DomainError(
            gettext("%(label)s：不能为负数，实为%(raw)s") % {"label": label, "raw": raw}, field="items", code="negative"
        )
    if amount > MAX_MONEY:
        raise DomainError(
            gettext("%(label)s：不能超过%(MAX_MONEY)s元") % {"label": label, "MAX_MONEY": MAX_MONEY},
            field="items",
            code="too_large",
        )
    if amount != amount.quantize(CENT):
        raise DomainError(
            gettext("%(label)s：最多保留两位小数（精确到分），实为%(raw)s") % {"label": label, "raw": raw},
            field="items",
            code="precision",
        )
    return amount.quantize(CENT)


def deviation_percent(total_amount: Decimal, total_cost: Decimal) -> Decimal | None:
    """(fee − cost) / cost × 100, two decimals; None when the cost is zero (R-INS-5)."""
    if total_cost == 0:
        return None
    return ((total_amount - total_cost) / total_cost * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _fee_in_scope(institution: Institution, occupation: Occupation, work_type: WorkType | None, level: int) -> bool:
    """A fee for one 工种 needs it in scope; a fee without 工种 applies to whichever 工种 are filed."""
    if work_type is not None:
        return scope_covers(institution, occupation, work_type, level)
    return any(i.occupation_id == occupation.pk and i.level == int(level) for i in scope_items_on(institution))


def save_fee(
    *,
    actor: Actor,
    institution: Institution,
    occupation: Occupation,
    level: int,
    items: Mapping[str, tuple[Any, Any]],
    work_type: WorkType | None = None,
    note: str = "",
    publish: bool = False,
) -> Fee:
    """Save a fee for one occupation/level within the filed scope, itemised by the nine cost items
    with the estimated cost of each; publishing replaces the fee published before (R-INS-5)."""
    require_institution_staff(actor, institution)
    target = f"{occupation.name} {display_work_type(work_type)} {level_label(level)}"
    if work_type is not None and work_type.occupation_id != occupation.pk:
        raise DomainError(
            gettext("工种：“%(name)s”不是职业“%(name2)s”的工种") % {"name": work_type.name, "name2": occupation.name},
            field="work_type",
            code="invalid",
        )
    if not _fee_in_scope(institution, occupation, work_type, level):
        raise DomainError(
            gettext("职业（工种）等级：“%(target)s”不在本机构现行备案范围内") % {"target": target},
            field="occupation",
            code="out_of_scope",
        )
    unknown = sorted(set(items) - set(CostItem.values))
    if unknown:
        raise DomainError(
            gettext("收费项目：“%(join)s”不是规定的费用项目") % {"join": "、".join(unknown)},
            field="items",
            code="invalid_choice",
        )
    lines: list[FeeItem] = []
    for item in CostItem:
        if item.value not in items:
            raise DomainError(
                gettext("收费项目“%(label)s”：须填写收费金额和测算成本（没有该项费用请填0）") % {"label": item.label},
                field="items",
                code="required",
            )
        amount_raw, cost_raw = items[item.value]
        lines.append(
            FeeItem(
                item=item.value,
                amount=_money(amount_raw, label=gettext("收费项目“%(label)s”收费金额") % {"label": item.label}),
                estimated_cost=_money(cost_raw, label=gettext("收费项目“%(label)s”测算成本") % {"label": item.label}),
            )
        )
    total_amount = sum((line.amount for line in lines), Decimal("0.00"))
    total_cost = sum((line.estimated_cost for line in lines), Decimal("0.00"))
    fee = Fee(
        institution=institution,
        occupation=occupation,
        work_type=work_type,
        level=int(level),
        total_amount=total_amount,
        total_cost=total_cost,
        deviation_percent=deviation_percent(total_amount, total_cost),
        note=clean_text(note, field="note", label=gettext("说明"), max_length=300, required=False),
        status=FeeStatus.DRAFT,
    )
    clean_model(fee)
    with transaction.atomic():
        fee.save(force_insert=True)
        for line in lines:
            line.fee = fee
        FeeItem.objects.bulk_create(lines)
        record_event(
            actor=actor,
            action=Event.FEE_SAVED,
            obj=fee,
            organisation=institution.organisation,
            after={**snapshot(fee), "items": {li.item: [li.amount, li.estimated_cost] for li in lines}},
        )
        if publish:
            _publish(actor, fee)
    return fee


def _publish(actor: Actor, fee: Fee) -> None:
    same = Fee.objects.filter(
        institution=fee.institution_id, occupation=fee.occupation_id, level=fee.level, status=FeeStatus.PUBLISHED
    ).filter(Q(work_type__isnull=True) if fee.work_type_id is None else Q(work_type=fee.work_type_id))
    replaced = list(same.exclude(pk=fee.pk).values_list("pk", flat=True))
    same.exclude(pk=fee.pk).update(status=FeeStatus.SUPERSEDED, updated_at=timezone.now())
    before = snapshot(fee)
    fee.status = FeeStatus.PUBLISHED
    fee.published_at = timezone.now()
    fee.published_by = actor
    fee.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    record_event(
        actor=actor,
        action=Event.FEE_PUBLISHED,
        obj=fee,
        organisation=fee.institution.organisation,
        before=before,
        after={**snapshot(fee), "superseded": replaced},
    )


def publish_fee(*, actor: Actor, fee: Fee) -> Fee:
    """Publish a draft fee; the fee it replaces is kept as superseded (R-INS-5)."""
    require_institution_staff(actor, fee.institution)
    with transaction.atomic():
        lock(fee)
        if fee.status != FeeStatus.DRAFT:
            raise DomainError(
                gettext("状态：该收费标准%(status)s，只有草稿可以公示") % {"status": fee.get_status_display()},
                field="status",
                code="not_draft",
            )
        if not _fee_in_scope(fee.institution, fee.occupation, fee.work_type, fee.level):
            raise DomainError(
                gettext("职业（工种）等级：“%(target_label)s”已不在本机构现行备案范围内")
                % {"target_label": fee.target_label},
                field="occupation",
                code="out_of_scope",
            )
        _publish(actor, fee)
    return fee


# --- venues (R-INS-6) ------------------------------------------------------------------------------


def _league(value: Jurisdiction | str | None, label: str) -> Jurisdiction:
    league = value if isinstance(value, Jurisdiction) else Jurisdiction.objects.filter(code=str(value or "")).first()
    if league is None or league.level != JurisdictionLevel.LEAGUE:
        raise DomainError(
            gettext("%(label)s：请选择考点所在的盟市") % {"label": label}, field="league", code="required"
        )
    return league


def save_venue(
    *,
    actor: Actor,
    institution: Institution,
    name: str,
    league: Jurisdiction | str,
    address: str,
    is_active: bool = True,
    venue: Venue | None = None,
) -> Venue:
    """Add or change an evaluation site; it must lie inside the institution's area scope (R-INS-6)."""
    require_institution_staff(actor, institution)
    if venue is not None and venue.institution_id != institution.pk:
        raise DomainError(gettext("考点：不属于本机构"), field="venue", code="invalid")
    where = _league(league, gettext("所在盟市"))
    if not allowed_leagues(institution).filter(pk=where.pk).exists():
        area = institution.root.area.name
        raise DomainError(
            gettext("所在盟市：%(name)s不在本机构备案区域范围（%(area)s）内，考点只能设在备案区域内")
            % {"name": where.name, "area": area},
            field="league",
            code="outside_area",
        )
    target = venue or Venue(institution=institution)
    before = snapshot(target) if venue is not None else None
    target.name = clean_text(name, field="name", label=gettext("考点名称"), max_length=200)
    if Venue.objects.filter(institution=institution, name=target.name).exclude(pk=target.pk).exists():
        raise DomainError(
            gettext("考点名称：本机构已有名为“%(name)s”的考点") % {"name": target.name}, field="name", code="unique"
        )
    target.league = where
    target.address = clean_text(address, field="address", label=gettext("详细地址"), max_length=300)
    target.is_active = bool(is_active)
    clean_model(target)
    with transaction.atomic():
        target.save()
        record_event(
            actor=actor,
            action=Event.VENUE_SAVED,
            obj=target,
            organisation=institution.organisation,
            before=before,
            after=snapshot(target),
        )
    return target


def save_room(
    *,
    actor: Actor,
    venue: Venue,
    name: str,
    kind: str,
    capacity: Any,
    equipment: str = "",
    video_monitoring: bool = False,
    room: Room | None = None,
) -> Room:
    """Add or change a room of a venue: type, capacity, equipment, video monitoring (R-INS-6)."""
    require_institution_staff(actor, venue.institution)
    if room is not None and room.venue_id != venue.pk:
        raise DomainError(gettext("考场：不属于该考点"), field="room", code="invalid")
    if kind not in RoomKind.values:
        raise DomainError(gettext("考场类型：应为笔试、机考、实操或综合评审"), field="kind", code="invalid_choice")
    try:
        seats = int(str(capacity).strip())
    except (TypeError, ValueError) as exc:
        raise DomainError(
            gettext("容纳人数：须为正整数，实为“%(capacity)s”") % {"capacity": capacity},
            field="capacity",
            code="not_a_number",
        ) from exc
    if seats < 1 or seats > 10000:
        raise DomainError(
            gettext("容纳人数：须在1到10000之间，实为%(seats)s") % {"seats": seats}, field="capacity", code="range"
        )
    target = room or Room(venue=venue)
    before = snapshot(target) if room is not None else None
    target.name = clean_text(name, field="name", label=gettext("考场名称"), max_length=100)
    if Room.objects.filter(venue=venue, name=target.name).exclude(pk=target.pk).exists():
        raise DomainError(
            gettext("考场名称：该考点已有名为“%(name)s”的考场") % {"name": target.name}, field="name", code="unique"
        )
    target.kind = kind
    target.capacity = seats
    target.equipment = clean_text(
        equipment, field="equipment", label=gettext("设施设备"), max_length=2000, required=False
    )
    target.video_monitoring = bool(video_monitoring)
    clean_model(target)
    with transaction.atomic():
        target.save()
        record_event(
            actor=actor,
            action=Event.ROOM_SAVED,
            obj=target,
            organisation=venue.institution.organisation,
            before=before,
            after=snapshot(target),
        )
    return target


# --- rosters (R-INS-1) -----------------------------------------------------------------------------

# The roster file's columns are a file format users fill in, not interface text.
ROSTER_HEADERS = (
    "姓名",
    "证件号码",
    "人员类别",
    "工号/学号",
    "部门/班级",
    "入职/入学日期",
    "离职/毕业日期",
)  # i18n: data
ROSTER_REQUIRED = ("姓名", "证件号码", "人员类别")  # i18n: data
KIND_BY_LABEL = {str(k.label): k.value for k in RosterKind} | {
    "职工": RosterKind.EMPLOYEE,
    "劳务派遣": RosterKind.DISPATCHED,
    "劳务外包": RosterKind.OUTSOURCED,
    "学生": RosterKind.STUDENT,
}


@dataclass(frozen=True)
class RosterImportResult:
    created: int
    updated: int


def _date(value: str, label: str, row: int) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value.replace("/", "-").replace(".", "-")[:10])
    except ValueError as exc:
        raise ValueError(
            gettext("第%(row)s行：%(label)s“%(value)s”不是有效日期（格式如 2024-09-01）")
            % {"row": row, "label": label, "value": value}
        ) from exc


def import_roster(*, actor: Actor, institution: Institution, upload: IO[bytes], filename: str) -> RosterImportResult:
    """Import workers (incl. dispatched and outsourced) or students from Excel/CSV; every bad row is
    named with its reason and nothing is imported unless every row is valid (R-INS-1, R-EXAM-3)."""
    require_institution_staff(actor, institution)
    if institution.type not in (InstitutionType.ENTERPRISE, InstitutionType.TECHNICAL_SCHOOL):
        raise DomainError(
            gettext("文件：社会培训评价组织面向社会开展认定，不需要人员名册"), field="file", code="not_needed"
        )
    school = institution.type == InstitutionType.TECHNICAL_SCHOOL
    allowed = {RosterKind.STUDENT} if school else set(WORKER_KINDS)
    allowed_labels = "、".join(str(RosterKind(k).label) for k in sorted(allowed))
    check_upload_size(upload, max_mb=int(get_policy("institutions.roster_max_mb")), label=gettext("名册文件"))
    max_rows = int(get_policy("institutions.roster_max_rows"))
    errors: list[str] = []
    parsed: dict[str, tuple[int, dict[str, Any]]] = {}
    for row in limit_rows(read_table(upload, filename, ROSTER_REQUIRED), max_rows=max_rows, label=gettext("名册")):
        v, n = row.values, row.number
        name = v.get("姓名", "").strip()
        if not name or len(name) > 50:
            errors.append(gettext("第%(n)s行：姓名不能为空，且不超过50个字符") % {"n": n})
            continue
        try:
            info = validate_resident_id(v.get("证件号码", ""))
        except ValidationError as exc:
            errors.append(gettext("第%(n)s行：证件号码%(item)s") % {"n": n, "item": exc.messages[0]})
            continue
        kind = KIND_BY_LABEL.get(v.get("人员类别", "").strip())
        if kind not in allowed:
            errors.append(
                gettext("第%(n)s行：人员类别“%(get)s”不允许，本机构名册只能是%(allowed_labels)s")
                % {"n": n, "get": v.get("人员类别", ""), "allowed_labels": allowed_labels}
            )
            continue
        try:
            start = _date(v.get("入职/入学日期", ""), gettext("入职/入学日期"), n)
            end = _date(v.get("离职/毕业日期", ""), gettext("离职/毕业日期"), n)
        except ValueError as exc:
            errors.append(str(exc))
            continue
        if start and end and end < start:
            errors.append(gettext("第%(n)s行：离职/毕业日期早于入职/入学日期") % {"n": n})
            continue
        if info.number in parsed:
            errors.append(gettext("第%(n)s行：证件号码与第%(item)s行重复") % {"n": n, "item": parsed[info.number][0]})
            continue
        parsed[info.number] = (
            n,
            {
                "kind": kind,
                "full_name": name,
                "id_number": info.number,
                "member_no": v.get("工号/学号", "")[:50],
                "unit": v.get("部门/班级", "")[:100],
                "valid_from": start,
                "valid_to": end,
            },
        )
    if errors:
        from skillcert.archives.files import store_error_report

        raise row_errors_refusal(
            errors,
            summary=gettext("名册有%(len)s行错误，全部未导入。") % {"len": len(errors)},
            shown=int(get_policy("institutions.import_errors_shown")),
            report_url=store_error_report(
                actor=actor,
                source_name=filename,
                headers=ROW_ERROR_HEADERS,
                rows=enumerate(errors, start=1),
                organisation=institution.organisation,
            ),
        )
    if not parsed:
        raise DomainError(gettext("文件：没有数据行"), field="file", code="empty")
    existing = {
        e.id_number_index: e
        for e in RosterEntry.objects.filter(
            institution=institution,
            id_number_index__in=[blind_index_for(RosterEntry, "id_number", k) for k in parsed],
        )
    }
    created = updated = 0
    with transaction.atomic():
        for number, (_row, data) in parsed.items():
            entry = existing.get(blind_index_for(RosterEntry, "id_number", number))
            if entry is None:
                RosterEntry.objects.create(institution=institution, **data)
                created += 1
            else:
                for key, value in data.items():
                    setattr(entry, key, value)
                entry.save()
                updated += 1
        kept = _keep_roster(actor, institution, upload, filename)
        record_event(
            actor=actor,
            action=Event.ROSTER_IMPORTED,
            obj=institution,
            after={"file": filename[:200], "created": created, "updated": updated, "stored_file": kept.pk},
        )
    return RosterImportResult(created, updated)


def _keep_roster(actor: Actor, institution: Institution, upload: IO[bytes], filename: str) -> Any:
    """The imported roster file is kept, not thrown away, through the archives file service (R-ARC-1)."""
    from skillcert.archives.choices import FilePurpose
    from skillcert.archives.files import store_file

    return store_file(
        actor=actor,
        content=upload,
        name=filename,
        purpose=FilePurpose.WORKER_ROSTER,
        subject=institution,
        organisation=institution.organisation,
        max_mb=int(get_policy("institutions.roster_max_mb")),
    )


# --- lifecycle (R-INS-8) ---------------------------------------------------------------------------


def change_status(
    *,
    actor: Actor,
    institution: Institution,
    to_status: str,
    grounds: str,
    deadline: datetime.date | None = None,
) -> Institution:
    """Order a lifecycle transition with its grounds; revocation lists the institution on the blacklist (R-INS-8)."""
    require_visible(actor, institution)
    org = getattr(actor, "organisation", None)
    if not getattr(actor, "is_superuser", False) and (
        org is None or not authorities.is_decision_authority(org) or not (actor.role_codes & EDIT_ROLES)
    ):
        raise PermissionDenied(gettext("机构状态由自治区人社部门或盟市人社局决定"))
    if to_status not in InstitutionStatus.values:
        raise DomainError(gettext("新状态：无效的状态"), field="to_status", code="invalid_choice")
    grounds = clean_text(grounds, field="grounds", label=gettext("依据"), max_length=2000)
    today = timezone.localdate()
    with transaction.atomic():
        lock(institution)
        current = institution.status
        if to_status not in TRANSITIONS[current]:
            raise DomainError(
                gettext("新状态：不能从“%(label)s”变为“%(label2)s”")
                % {"label": InstitutionStatus(current).label, "label2": InstitutionStatus(to_status).label},
                field="to_status",
                code="transition",
            )
        if to_status == InstitutionStatus.RECTIFICATION:
            if deadline is None:
                raise DomainError(gettext("整改期限：限期整改须规定整改期限"), field="deadline", code="required")
            if deadline <= today:
                raise DomainError(
                    gettext("整改期限：应晚于今天（%(today)s）") % {"today": today}, field="deadline", code="past"
                )
        elif deadline is not None:
            raise DomainError(gettext("整改期限：只有限期整改需要整改期限"), field="deadline", code="not_allowed")
        before = snapshot(institution)
        institution.status = to_status
        institution.status_since = timezone.now()
        institution.rectification_deadline = deadline
        institution.status_grounds = grounds
        institution.save(
            update_fields=["status", "status_since", "rectification_deadline", "status_grounds", "updated_at"]
        )
        change = StatusChange.objects.create(
            institution=institution,
            from_status=current,
            to_status=to_status,
            grounds=grounds,
            deadline=deadline,
            changed_at=institution.status_since,
            changed_by=actor,
            authority=org,
        )
        record_event(
            actor=actor, action=Event.STATUS_CHANGED, obj=institution, before=before, after=snapshot(institution)
        )
        if to_status == InstitutionStatus.REVOKED:
            try:
                with transaction.atomic():
                    entry = BlacklistEntry.objects.create(
                        institution=institution,
                        filed_name=institution.filed_name,
                        credit_code=institution.credit_code,
                        grounds=grounds,
                        listed_on=today,
                        authority=org or authorities.template_authority(),
                        status_change=change,
                    )
            except IntegrityError as exc:
                raise DomainError(
                    gettext("新状态：该机构已在失信黑名单上"), field="to_status", code="duplicate"
                ) from exc
            record_event(actor=actor, action=Event.BLACKLISTED, obj=entry, after=snapshot(entry))
    return institution
