"""双随机、一公开: campaigns, the committed pool, the draw of institutions and inspectors,
inspections with their checklist, 调阅资料 and outcome, and the versioned public results
(R-SUP-4, R-SUP-10, R-PER-3, R-PUB-1)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import Jurisdiction, User
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy
from skillcert.core.workdays import add_working_days
from skillcert.inspections import draw
from skillcert.inspections.choices import (
    INSPECTION_CHECKLIST,
    CampaignStatus,
    Event,
    InspectionStatus,
    Method,
    OrderSource,
    Outcome,
)
from skillcert.inspections.models import Campaign, Inspection, InspectionInspector, RectificationOrder, ResultVersion
from skillcert.inspections.services._auth import (
    CAMPAIGN_ORGANISERS,
    clean_answers,
    is_edit_staff,
    require_organiser_staff,
)
from skillcert.institutions.choices import InstitutionStatus, InstitutionType
from skillcert.institutions.models import Institution
from skillcert.personnel.choices import AppointmentStatus, Reason, StaffRole
from skillcert.personnel.eligibility import serve_findings_for
from skillcert.personnel.models import Appointment, DeclaredRelation, Person
from skillcert.sanctions.services import proposals

CAMPAIGN_FIELDS = [
    "number",
    "title",
    "status",
    "period_start",
    "period_end",
    "records_from",
    "records_to",
    "institution_types",
    "method",
    "partner_departments",
    "sampling_percent",
    "inspectors_per_inspection",
    "seed_commitment",
    "seed",
    "pool_published_at",
    "drawn_at",
]
INSPECTION_FIELDS = ["status", "inspected_on", "checklist", "findings", "outcome", "outcome_note", "concluded_at"]
POOLED_STATUSES = (InstitutionStatus.ACTIVE, InstitutionStatus.RECTIFICATION)
RECENT_INSPECTION = "recent_inspection"


@dataclass(frozen=True)
class CampaignInput:
    """What the organiser fills in for a campaign (R-SUP-4, R-SUP-10)."""

    title: str
    period_start: datetime.date
    period_end: datetime.date
    records_from: datetime.date
    records_to: datetime.date
    leagues: Sequence[Jurisdiction]
    institution_types: Sequence[str]
    method: str
    sampling_percent: Any
    inspectors_per_inspection: int
    partner_departments: str = ""


def _clean_input(actor: User, data: CampaignInput) -> tuple[str, Decimal]:
    title = str(data.title or "").strip()
    if not title:
        raise DomainError(_("任务名称：请填写任务名称"), field="title", code="required")
    if len(title) > 200:
        raise DomainError(_("任务名称：不能超过200个字"), field="title", code="max_length")
    if data.period_end < data.period_start:
        raise DomainError(_("检查期间至：应不早于检查期间自"), field="period_end", code="invalid")
    if data.records_to < data.records_from:
        raise DomainError(_("调阅资料截止日期：应不早于起始日期"), field="records_to", code="invalid")
    if not data.leagues:
        raise DomainError(_("检查范围（盟市）：至少选择一个盟市"), field="leagues", code="required")
    org = actor.organisation
    if org.scope_level == "league" and any(j.pk != org.jurisdiction_id for j in data.leagues):
        raise DomainError(
            _("检查范围（盟市）：盟市人社局只能检查本盟市（%(name)s）的机构") % {"name": org.jurisdiction.name},
            field="leagues",
            code="out_of_scope",
        )
    if not data.institution_types:
        raise DomainError(_("检查范围（机构类型）：至少选择一种机构类型"), field="institution_types", code="required")
    bad = [t for t in data.institution_types if t not in InstitutionType.values]
    if bad:
        raise DomainError(
            _("检查范围（机构类型）：“%(t)s”不是有效的机构类型") % {"t": bad[0]},
            field="institution_types",
            code="invalid",
        )
    if data.method not in Method.values:
        raise DomainError(_("检查方式：应为书面检查、实地检查或两者"), field="method", code="invalid_choice")
    try:
        percent = Decimal(str(data.sampling_percent)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("抽取比例：应为数字"), field="sampling_percent", code="invalid") from exc
    minimum = Decimal(str(get_policy("inspections.sampling_min_percent")))
    if percent < minimum or percent > 100:
        raise DomainError(
            _("抽取比例：应在%(min)s%%至100%%之间（规则参数 inspections.sampling_min_percent）") % {"min": minimum},
            field="sampling_percent",
            code="out_of_range",
        )
    least = int(get_policy("inspections.inspectors_min"))
    if int(data.inspectors_per_inspection) < least:
        raise DomainError(
            _("每家检查人员数：至少%(n)s人") % {"n": least}, field="inspectors_per_inspection", code="out_of_range"
        )
    partners = str(data.partner_departments or "").strip()
    if len(partners) > 300:
        raise DomainError(_("会同部门：不能超过300个字"), field="partner_departments", code="max_length")
    return partners, percent


def _next_number(jurisdiction: Jurisdiction, year: int) -> str:
    prefix = f"SSJ{jurisdiction.code}{year}"
    taken = Campaign.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


def create_campaign(*, actor: User, data: CampaignInput) -> Campaign:
    """The region or a league bureau sets up a 双随机 campaign (R-SUP-4, R-SUP-10)."""
    org = getattr(actor, "organisation", None)
    if not actor.is_superuser and (org is None or org.kind not in CAMPAIGN_ORGANISERS or not is_edit_staff(actor)):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("双随机检查任务由自治区人社部门或盟市人社局组织"))
    partners, percent = _clean_input(actor, data)
    assert org is not None
    with transaction.atomic():
        campaign = Campaign.objects.create(
            number=_next_number(org.jurisdiction, data.period_start.year),
            title=data.title.strip(),
            organiser=org,
            jurisdiction=org.jurisdiction,
            period_start=data.period_start,
            period_end=data.period_end,
            records_from=data.records_from,
            records_to=data.records_to,
            institution_types=sorted(set(data.institution_types)),
            method=data.method,
            partner_departments=partners,
            sampling_percent=percent,
            inspectors_per_inspection=int(data.inspectors_per_inspection),
            created_by=actor,
        )
        campaign.leagues.set(data.leagues)
        record_event(
            actor=actor,
            action=Event.CAMPAIGN_CREATED,
            obj=campaign,
            after={**snapshot(campaign, CAMPAIGN_FIELDS), "leagues": sorted(j.code for j in data.leagues)},
        )
    return campaign


def _lock(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def institution_pool(campaign: Campaign) -> list[dict[str, Any]]:
    """Institutions in scope now, ordered by league code and credit code (step 1 of the algorithm)."""
    rows = (
        Institution.objects.filter(
            parent__isnull=True,
            filing_number__isnull=False,
            status__in=POOLED_STATUSES,
            type__in=campaign.institution_types,
            organisation__jurisdiction__in=campaign.leagues.all(),
        )
        .select_related("organisation__jurisdiction")
        .order_by("organisation__jurisdiction__code", "credit_code")
    )
    return [
        {
            "id": inst.pk,
            "name": inst.filed_name,
            "credit_code": inst.credit_code,
            "league": inst.organisation.jurisdiction.code,
            "league_name": inst.organisation.jurisdiction.name,
            "type": inst.type,
        }
        for inst in rows
    ]


def publish_pool(*, actor: User, campaign: Campaign, seed: str = "") -> Campaign:
    """Publish the pool (counts per stratum and the list) and the SHA-256 commitment to the seed,
    before the draw (R-SUP-4). Without a seed the platform generates one and keeps it sealed."""
    require_organiser_staff(actor, campaign.organiser_id)
    seed = str(seed or "").strip() or draw.new_seed()
    if len(seed) < 16 or len(seed) > 128:
        raise DomainError(_("随机种子：应为16至128个字符"), field="seed", code="invalid")
    with transaction.atomic():
        locked = _lock(campaign)
        if locked.status != CampaignStatus.DRAFT:
            raise DomainError(_("候选池：本任务已公布候选池，不能重新公布"), field="__all__", code="already_published")
        pool = institution_pool(locked)
        if not pool:
            raise DomainError(
                _("候选池：检查范围内没有符合条件的评价机构，请调整盟市或机构类型"), field="leagues", code="empty_pool"
            )
        before = snapshot(locked, CAMPAIGN_FIELDS)
        locked.pool = pool
        locked.strata = [s.as_dict() for s in draw.strata_of(pool, locked.sampling_percent)]
        locked.sealed_seed = seed
        locked.seed_commitment = draw.commitment(seed)
        locked.pool_published_at = timezone.now()
        locked.status = CampaignStatus.POOL_PUBLISHED
        locked.save()
        record_event(
            actor=actor,
            action=Event.POOL_PUBLISHED,
            obj=locked,
            before=before,
            after={**snapshot(locked, CAMPAIGN_FIELDS), "pool_size": len(pool), "strata": locked.strata},
        )
    return locked


# --- inspectors (R-SUP-10, R-PER-2, R-PER-3) ------------------------------------------------------


def inspector_pool(campaign: Campaign) -> list[Person]:
    """Active inspectors working in the organiser's jurisdiction (the whole region for the region), by id."""
    qs = Person.objects.filter(
        is_active=True, appointments__role=StaffRole.INSPECTOR, appointments__status=AppointmentStatus.ACTIVE
    )
    if campaign.jurisdiction.level == "league":
        qs = qs.filter(jurisdiction=campaign.jurisdiction)
    return list(qs.select_related("employer").order_by("pk").distinct())


def _previous_inspectors(campaign: Campaign, institution_id: int) -> tuple[set[int], str]:
    """The inspectors of this institution's inspection in the last earlier campaign that drew it."""
    previous = (
        Inspection.objects.filter(institution_id=institution_id, campaign__drawn_at__isnull=False)
        .exclude(campaign=campaign)
        .select_related("campaign")
        .order_by("-campaign__drawn_at", "-id")
        .first()
    )
    if previous is None:
        return set(), ""
    return set(previous.inspectors.values_list("person_id", flat=True)), previous.campaign.number


def inspector_outcome(
    campaign: Campaign, people: Sequence[Person], entry: dict[str, Any], seed: str, on: datetime.date
) -> dict[str, Any]:
    """Pool, exclusions with reasons, eligible ids and the selection for one drawn institution."""
    institution = Institution.objects.select_related("organisation").get(pk=entry["id"])
    serve = serve_findings_for(people, StaffRole.INSPECTOR, None, None, on)
    staff_indexes = set(
        Person.objects.filter(employer_id=institution.organisation_id).values_list("id_number_index", flat=True)
    )
    related: dict[int, list[str]] = {}
    if staff_indexes:
        for rel in DeclaredRelation.objects.filter(
            person_id__in=[p.pk for p in people], is_active=True, other_id_number_index__in=staff_indexes
        ):
            related.setdefault(rel.person_id, []).append(rel.get_kind_display())
    previous, previous_number = _previous_inspectors(campaign, institution.pk)
    cards = {
        a.person_id: a.card_number
        for a in Appointment.objects.filter(person_id__in=[p.pk for p in people], role=StaffRole.INSPECTOR)
    }
    pool: list[dict[str, Any]] = []
    exclusions: list[dict[str, Any]] = []
    eligible: list[int] = []
    for person in people:
        row = {"id": person.pk, "name": person.name, "card": cards.get(person.pk, "")}
        pool.append(row)
        reasons = [f.as_dict() for f in serve[person.pk]]
        if person.employer_id == institution.organisation_id:
            reasons.append(
                {
                    "code": Reason.SAME_EMPLOYER,
                    "message": _("%(name)s在“%(inst)s”工作，须回避")
                    % {"name": person.name, "inst": institution.filed_name},
                }
            )
        for kind in related.get(person.pk, []):
            reasons.append(
                {
                    "code": Reason.RELATION,
                    "message": _("%(name)s与“%(inst)s”的工作人员有申报的%(kind)s关系，须回避")
                    % {"name": person.name, "inst": institution.filed_name, "kind": kind},
                }
            )
        if person.pk in previous:
            reasons.append(
                {
                    "code": RECENT_INSPECTION,
                    "message": _("%(name)s在上一次检查任务（%(number)s）中检查过“%(inst)s”，须轮换")
                    % {"name": person.name, "number": previous_number, "inst": institution.filed_name},
                }
            )
        if reasons:
            exclusions.append({**row, "reasons": reasons})
        else:
            eligible.append(person.pk)
    selected = draw.pick_inspectors(eligible, campaign.inspectors_per_inspection, seed, entry["credit_code"])
    return {"pool": pool, "exclusions": exclusions, "eligible": eligible, "selected": selected}


def draw_campaign(*, actor: User, campaign: Campaign, seed: str = "") -> Campaign:
    """Reveal the seed and draw: institutions stratified by league, then inspectors per inspection
    avoiding conflicts, each exclusion recorded (R-SUP-4, R-PER-3). All or nothing."""
    require_organiser_staff(actor, campaign.organiser_id)
    with transaction.atomic():
        locked = _lock(campaign)
        if locked.status == CampaignStatus.DRAFT:
            raise DomainError(_("抽取：须先公布候选池和种子承诺，才能抽取"), field="__all__", code="pool_not_published")
        if locked.status != CampaignStatus.POOL_PUBLISHED:
            raise DomainError(_("抽取：本任务已经抽取过，不能重新抽取"), field="__all__", code="already_drawn")
        revealed = str(seed or "").strip() or locked.sealed_seed
        if draw.commitment(revealed) != locked.seed_commitment:
            raise DomainError(
                _("随机种子：与公布的承诺值不符（SHA-256 应为 %(c)s），不能抽取") % {"c": locked.seed_commitment},
                field="seed",
                code="commitment_mismatch",
            )
        drawn = draw.draw_institutions(locked.pool, locked.sampling_percent, revealed)
        people = inspector_pool(locked)
        today = timezone.localdate()
        outcomes = []
        for entry in drawn:
            outcome = inspector_outcome(locked, people, entry, revealed, today)
            needed = locked.inspectors_per_inspection
            if len(outcome["eligible"]) < needed:
                details = "；".join(
                    f"{x['name']}：{'，'.join(r['message'] for r in x['reasons'])}" for x in outcome["exclusions"]
                )
                raise DomainError(
                    _(
                        "检查人员：“%(inst)s”需要%(n)s名检查人员，候选%(pool)s人中符合条件的只有%(ok)s人，"
                        "排除%(ex)s人。%(details)s"
                    )
                    % {
                        "inst": entry["name"],
                        "n": needed,
                        "pool": len(outcome["pool"]),
                        "ok": len(outcome["eligible"]),
                        "ex": len(outcome["exclusions"]),
                        "details": details,
                    },
                    field="inspectors_per_inspection",
                    code="too_few_inspectors",
                )
            outcomes.append((entry, outcome))
        before = snapshot(locked, CAMPAIGN_FIELDS)
        leagues = {j.code: j for j in Jurisdiction.objects.filter(code__in={e["league"] for e in drawn})}
        for order, (entry, outcome) in enumerate(outcomes, start=1):
            inspection = Inspection.objects.create(
                campaign=locked,
                institution_id=entry["id"],
                stratum=leagues[entry["league"]],
                draw_order=order,
                inspector_draw=outcome,
            )
            InspectionInspector.objects.bulk_create(
                InspectionInspector(inspection=inspection, person_id=pid, order=i)
                for i, pid in enumerate(outcome["selected"], start=1)
            )
        locked.seed = revealed
        locked.sample = [{"id": e["id"], "credit_code": e["credit_code"], "league": e["league"]} for e in drawn]
        locked.drawn_at = timezone.now()
        locked.status = CampaignStatus.DRAWN
        locked.save()
        record_event(
            actor=actor,
            action=Event.CAMPAIGN_DRAWN,
            obj=locked,
            before=before,
            after={**snapshot(locked, CAMPAIGN_FIELDS), "sample": locked.sample},
        )
    return locked


# --- inspections ---------------------------------------------------------------------------------


def is_inspector(actor: User, inspection: Inspection) -> bool:
    return actor.pk is not None and inspection.inspectors.filter(person__user_id=actor.pk).exists()


def require_inspection_worker(actor: User, inspection: Inspection) -> None:
    """The organiser's staff or one of the drawn inspectors."""
    if is_inspector(actor, inspection):
        return
    require_organiser_staff(actor, inspection.campaign.organiser_id)


def clean_inspection_checklist(value: Any, *, required: bool) -> dict[str, str]:
    return clean_answers(value, INSPECTION_CHECKLIST, label=_("检查项"), required=required)


def _lock_open_inspection(inspection: Inspection) -> Inspection:
    locked = Inspection.objects.select_for_update().select_related("campaign", "institution").get(pk=inspection.pk)
    if locked.status == InspectionStatus.CONCLUDED:
        raise DomainError(_("检查：已办结，不能再修改；结果公开后只能更正"), field="__all__", code="concluded")
    return locked


def record_inspection(
    *,
    actor: User,
    inspection: Inspection,
    inspected_on: datetime.date | None,
    checklist: dict[str, str] | None,
    findings: str = "",
) -> Inspection:
    """Record what the inspection found, as the work goes on (R-SUP-4)."""
    require_inspection_worker(actor, inspection)
    checked = clean_inspection_checklist(checklist, required=False)
    findings = str(findings or "").strip()
    if len(findings) > 5000:
        raise DomainError(_("检查发现：不能超过5000个字"), field="findings", code="max_length")
    with transaction.atomic():
        locked = _lock_open_inspection(inspection)
        if inspected_on is not None and not (
            locked.campaign.period_start <= inspected_on <= locked.campaign.period_end
        ):
            raise DomainError(
                _("检查日期：应在检查期间（%(a)s至%(b)s）内")
                % {"a": locked.campaign.period_start, "b": locked.campaign.period_end},
                field="inspected_on",
                code="out_of_period",
            )
        before = snapshot(locked, INSPECTION_FIELDS)
        locked.inspected_on = inspected_on or locked.inspected_on
        locked.checklist = checked
        locked.findings = findings
        locked.status = InspectionStatus.IN_PROGRESS
        locked.save()
        record_event(
            actor=actor,
            action=Event.INSPECTION_RECORDED,
            obj=locked,
            before=before,
            after=snapshot(locked, INSPECTION_FIELDS),
        )
    return locked


def conclude_inspection(
    *, actor: User, inspection: Inspection, outcome: str, note: str = "", measure: str = ""
) -> Inspection:
    """The organiser concludes: no problems, a rectification order (proposed to the league bureau,
    which issues it through the lifecycle) or a 处理建议 naming the measure (`measure`, a sanctions
    Kind), proposed to the same bureau, which accepts it by making the measure or declines it
    (R-SUP-4, R-SUP-6). The conclusion and what it proposes are saved together or not at all."""
    require_organiser_staff(actor, inspection.campaign.organiser_id)
    if outcome not in Outcome.values:
        raise DomainError(
            _("检查结论：应为未发现问题、责令限期整改或提出处理建议"), field="outcome", code="invalid_choice"
        )
    note = str(note or "").strip()
    if outcome != Outcome.NO_PROBLEMS and not note:
        raise DomainError(_("结论说明：责令整改或提出处理建议时须写明理由"), field="outcome_note", code="required")
    if outcome == Outcome.SANCTION:
        measure = proposals.clean_measure(measure)
    elif measure:
        raise DomainError(_("建议处理类别：只有提出处理建议时才选择处理类别"), field="measure", code="not_allowed")
    with transaction.atomic():
        locked = _lock_open_inspection(inspection)
        if locked.inspected_on is None:
            raise DomainError(_("检查日期：办结前请记录检查日期"), field="inspected_on", code="required")
        clean_inspection_checklist(locked.checklist, required=True)
        before = snapshot(locked, INSPECTION_FIELDS)
        locked.outcome = outcome
        locked.outcome_note = note
        locked.status = InspectionStatus.CONCLUDED
        locked.concluded_at = timezone.now()
        locked.publish_due_on = add_working_days(
            locked.inspected_on, int(get_policy("inspections.publish_working_days"))
        )
        locked.save()
        record_event(
            actor=actor,
            action=Event.INSPECTION_CONCLUDED,
            obj=locked,
            before=before,
            after=snapshot(locked, INSPECTION_FIELDS),
        )
        if outcome == Outcome.RECTIFICATION:
            order = RectificationOrder.objects.create(
                institution=locked.institution,
                league=locked.deciding_league(),
                source=OrderSource.INSPECTION,
                inspection=locked,
                proposal=note,
            )
            record_event(actor=actor, action=Event.ORDER_PROPOSED, obj=order, after=snapshot(order))
        elif outcome == Outcome.SANCTION:
            proposals.propose_from_inspection(
                actor=actor,
                inspection=locked,
                measure=measure,
                grounds="\n".join(part for part in (locked.findings, note) if part),
                league=locked.deciding_league(),
            )
    return locked


def note_records_opened(*, actor: User, inspection: Inspection, section: str) -> None:
    """调阅资料: every opening of the read-only window is audited (R-SUP-4, R-X-1)."""
    require_inspection_worker(actor, inspection)
    with transaction.atomic():
        record_event(
            actor=actor,
            action=Event.RECORDS_OPENED,
            obj=inspection,
            after={
                "institution": inspection.institution_id,
                "section": section,
                "from": str(inspection.campaign.records_from),
                "to": str(inspection.campaign.records_to),
            },
        )


# --- 一公开 (R-SUP-4, R-PUB-1) ---------------------------------------------------------------------


def results_snapshot(campaign: Campaign) -> list[dict[str, Any]]:
    rows = []
    for inspection in campaign.inspections.select_related("institution", "stratum").prefetch_related(
        "inspectors__person"
    ):
        rows.append(
            {
                "inspection": inspection.pk,
                "institution": inspection.institution.filed_name,
                "credit_code": inspection.institution.credit_code,
                "league": inspection.stratum.name,
                "inspected_on": str(inspection.inspected_on or ""),
                "inspectors": [i.person.name for i in inspection.inspectors.all()],
                "findings": inspection.findings,
                "outcome": inspection.outcome,
                "outcome_label": str(Outcome(inspection.outcome).label) if inspection.outcome else "",
                "outcome_note": inspection.outcome_note,
            }
        )
    return rows


def publish_results(*, actor: User, campaign: Campaign) -> ResultVersion:
    """Publish the results on the public portal once every inspection is concluded (一公开)."""
    require_organiser_staff(actor, campaign.organiser_id)
    with transaction.atomic():
        locked = _lock(campaign)
        if locked.status != CampaignStatus.DRAWN:
            if locked.status == CampaignStatus.PUBLISHED:
                raise DomainError(_("公开结果：结果已公开，如需修改请更正"), field="__all__", code="already_published")
            raise DomainError(_("公开结果：尚未抽取，没有结果可公开"), field="__all__", code="not_drawn")
        unfinished = list(locked.inspections.exclude(status=InspectionStatus.CONCLUDED).select_related("institution"))
        if unfinished:
            raise DomainError(
                _("公开结果：还有%(n)s家机构的检查尚未办结（%(names)s），不能公开")
                % {"n": len(unfinished), "names": "、".join(i.institution.filed_name for i in unfinished)},
                field="__all__",
                code="unfinished",
            )
        before = snapshot(locked, CAMPAIGN_FIELDS)
        version = ResultVersion.objects.create(
            campaign=locked, number=1, results=results_snapshot(locked), published_at=timezone.now(), published_by=actor
        )
        locked.status = CampaignStatus.PUBLISHED
        locked.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            action=Event.RESULTS_PUBLISHED,
            obj=locked,
            before=before,
            after={**snapshot(locked, CAMPAIGN_FIELDS), "version": version.number},
        )
    return version


def correct_result(
    *,
    actor: User,
    inspection: Inspection,
    note: str,
    findings: str | None = None,
    outcome: str | None = None,
    outcome_note: str | None = None,
) -> ResultVersion:
    """Correct a published result: a new version with a visible note; earlier versions stay public (R-PUB-1)."""
    require_organiser_staff(actor, inspection.campaign.organiser_id)
    note = str(note or "").strip()
    if not note:
        raise DomainError(_("更正说明：请写明更正的内容和原因，公众可见"), field="correction_note", code="required")
    if outcome is not None and outcome not in Outcome.values:
        raise DomainError(
            _("检查结论：应为未发现问题、责令限期整改或提出处理建议"), field="outcome", code="invalid_choice"
        )
    with transaction.atomic():
        campaign = _lock(inspection.campaign)
        if campaign.status != CampaignStatus.PUBLISHED:
            raise DomainError(_("更正：结果尚未公开，直接修改检查记录即可"), field="__all__", code="not_published")
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        before = snapshot(locked, INSPECTION_FIELDS)
        if findings is not None:
            locked.findings = str(findings).strip()
        if outcome is not None:
            locked.outcome = outcome
        if outcome_note is not None:
            locked.outcome_note = str(outcome_note).strip()
        if snapshot(locked, INSPECTION_FIELDS) == before:
            raise DomainError(_("更正：内容没有变化"), field="__all__", code="unchanged")
        locked.save()
        number = (campaign.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ResultVersion.objects.create(
            campaign=campaign,
            number=number,
            results=results_snapshot(campaign),
            correction_note=note,
            published_at=timezone.now(),
            published_by=actor,
        )
        record_event(
            actor=actor,
            action=Event.RESULTS_CORRECTED,
            obj=locked,
            before=before,
            after={**snapshot(locked, INSPECTION_FIELDS), "version": number, "note": note},
        )
    return version
