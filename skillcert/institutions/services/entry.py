"""Entry stages of an evaluation institution: 征集 → 遴选 → 评估 → 备案 → 公布 (2024 办法 art. 3).

The call (征集) is published by the competent authority. An initial filing application answers
it; the authority records the selection (遴选, with its criteria) and then the assessment (评估,
with its findings). Only an application that passed both may be accepted (备案, in
`services.filings`), and only a filed institution may be published (公布) on the public register.
A failure at 遴选 or 评估 closes the application as not accepted, with the stage's findings as
the reasons the applicant reads.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.models import Organisation, User
from skillcert.catalog.models import Occupation
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.validation import clean_model, clean_text, new_reference
from skillcert.institutions.choices import (
    ApplicationKind,
    ApplicationStatus,
    EntryStage,
    Event,
    InstitutionType,
    StageOutcome,
)
from skillcert.institutions.models import FilingApplication, Institution
from skillcert.institutions.models.entry import EntryStageRecord, SelectionCall
from skillcert.institutions.services.access import require_authority_staff, require_visible


def open_selection_call(
    *,
    actor: User,
    authority: Organisation,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    description: str = "",
    institution_types: Iterable[str] = (),
    occupations: Iterable[Occupation] = (),
) -> SelectionCall:
    """征集: publish a call for applications with its period and what is wanted (2024 办法 art. 3)."""
    require_authority_staff(actor, authority, _("征集公告"))
    types = sorted(set(institution_types))
    unknown = [t for t in types if t not in InstitutionType.values]
    if unknown:
        raise DomainError(
            _("征集的机构类型：“%(value)s”不是有效的机构类型") % {"value": unknown[0]},
            field="institution_types",
            code="invalid_choice",
        )
    if closes_on < opens_on:
        raise DomainError(
            _("征集截止日期：不能早于开始日期（%(day)s）") % {"day": opens_on}, field="closes_on", code="order"
        )
    call = SelectionCall(
        reference=new_reference("ZJ"),
        authority=authority,
        title=clean_text(title, field="title", label=_("征集公告标题"), max_length=200),
        description=clean_text(
            description, field="description", label=_("征集条件与说明"), max_length=5000, required=False
        ),
        opens_on=opens_on,
        closes_on=closes_on,
        institution_types=types,
        created_by=actor,
    )
    clean_model(call)
    occupation_list = list(occupations)
    with transaction.atomic():
        call.save(force_insert=True)
        call.occupations.set(occupation_list)
        record_event(
            actor=actor,
            action=Event.CALL_OPENED,
            obj=call,
            after={**snapshot(call), "occupations": [o.code for o in occupation_list]},
        )
    return call


def _locked_initial_application(actor: User, application: FilingApplication) -> FilingApplication:
    """Lock the application, then check it may still be decided (lock, then check)."""
    require_visible(actor, application)
    locked = FilingApplication.objects.select_for_update().select_related("competent_authority").get(pk=application.pk)
    require_authority_staff(actor, locked.competent_authority, _("准入遴选和评估"))
    if locked.kind != ApplicationKind.INITIAL:
        raise DomainError(_("环节：只有首次备案申请经过征集、遴选、评估"), field="stage", code="not_initial")
    if locked.status != ApplicationStatus.SUBMITTED:
        raise DomainError(
            _("状态：该申请已%(status)s，不能再记录准入环节") % {"status": locked.get_status_display()},
            field="status",
            code="decided",
        )
    return locked


def _stage_record(application: FilingApplication, stage: str) -> EntryStageRecord | None:
    return EntryStageRecord.objects.filter(application=application, stage=stage).first()


def _call_problem(call: SelectionCall, application: FilingApplication) -> str:
    submitted = timezone.localdate(application.created_at)
    if not (call.opens_on <= submitted <= call.closes_on):
        return _("申请提交于%(day)s，不在征集期（%(start)s至%(end)s）内") % {
            "day": submitted,
            "start": call.opens_on,
            "end": call.closes_on,
        }
    if call.institution_types and application.type not in call.institution_types:
        return _("机构类型“%(type)s”不在本次征集范围内") % {"type": application.get_type_display()}
    wanted = set(call.occupations.values_list("pk", flat=True))
    if wanted:
        for item in application.items.select_related("occupation"):
            if item.occupation_id not in wanted:
                return _("职业“%(name)s”不在本次征集的职业中") % {"name": item.occupation.name}
    return ""


def _close_failed(actor: User, application: FilingApplication, stage_label: str, findings: str) -> None:
    application.status = ApplicationStatus.REJECTED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.decision_reasons = _("%(stage)s未通过：%(findings)s") % {"stage": stage_label, "findings": findings}
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_reasons", "updated_at"])
    record_event(
        actor=actor,
        action=Event.APPLICATION_REJECTED,
        obj=application,
        after={"status": application.status, "decision_reasons": application.decision_reasons},
    )


def record_selection(
    *,
    actor: User,
    application: FilingApplication,
    call: SelectionCall,
    passed: bool,
    criteria: str,
    findings: str,
) -> EntryStageRecord:
    """遴选: the authority selects (or not) an application that answered its call, with the criteria used."""
    with transaction.atomic():
        locked = _locked_initial_application(actor, application)
        if _stage_record(locked, EntryStage.SELECTION) is not None:
            raise DomainError(_("遴选：该申请已记录遴选结果"), field="stage", code="duplicate")
        if call.authority_id != locked.competent_authority_id:
            raise DomainError(
                _("征集公告：应为%(authority)s发布的征集公告") % {"authority": locked.competent_authority.name},
                field="call",
                code="other_authority",
            )
        problem = _call_problem(call, locked)
        if problem:
            raise DomainError(_("征集公告：%(problem)s") % {"problem": problem}, field="call", code="outside_call")
        record = EntryStageRecord(
            application=locked,
            stage=EntryStage.SELECTION,
            outcome=StageOutcome.PASSED if passed else StageOutcome.FAILED,
            call=call,
            criteria=clean_text(criteria, field="criteria", label=_("遴选标准"), max_length=5000),
            findings=clean_text(findings, field="findings", label=_("遴选结果与意见"), max_length=5000),
            decided_by=actor,
            decided_at=timezone.now(),
        )
        record.save(force_insert=True)
        record_event(actor=actor, action=Event.SELECTION_RECORDED, obj=locked, after=snapshot(record))
        if not passed:
            _close_failed(actor, locked, str(EntryStage.SELECTION.label), record.findings)
    application.refresh_from_db()
    return record


def record_assessment(*, actor: User, application: FilingApplication, passed: bool, findings: str) -> EntryStageRecord:
    """评估: the authority assesses a selected applicant (venues, staff, rules) and records the findings."""
    with transaction.atomic():
        locked = _locked_initial_application(actor, application)
        selection = _stage_record(locked, EntryStage.SELECTION)
        if selection is None or selection.outcome != StageOutcome.PASSED:
            raise DomainError(_("评估：须先通过遴选，不能跳过环节"), field="stage", code="skipped")
        if _stage_record(locked, EntryStage.ASSESSMENT) is not None:
            raise DomainError(_("评估：该申请已记录评估结果"), field="stage", code="duplicate")
        record = EntryStageRecord(
            application=locked,
            stage=EntryStage.ASSESSMENT,
            outcome=StageOutcome.PASSED if passed else StageOutcome.FAILED,
            findings=clean_text(findings, field="findings", label=_("评估意见"), max_length=5000),
            decided_by=actor,
            decided_at=timezone.now(),
        )
        record.save(force_insert=True)
        record_event(actor=actor, action=Event.ASSESSMENT_RECORDED, obj=locked, after=snapshot(record))
        if not passed:
            _close_failed(actor, locked, str(EntryStage.ASSESSMENT.label), record.findings)
    application.refresh_from_db()
    return record


def require_entry_stages_passed(application: FilingApplication) -> None:
    """备案 comes only after 遴选 and 评估 were passed; called by the acceptance of a first filing."""
    for stage in (EntryStage.SELECTION, EntryStage.ASSESSMENT):
        record = _stage_record(application, stage)
        if record is None or record.outcome != StageOutcome.PASSED:
            raise DomainError(
                _("备案：须依次通过遴选和评估，尚未通过“%(stage)s”，不能跳过环节") % {"stage": stage.label},
                field="stage",
                code="skipped",
            )


def publish_institution(
    *, actor: User, institution: Institution, published_on: datetime.date | None = None
) -> Institution:
    """公布: put a filed institution on the public register with the publication date."""
    require_visible(actor, institution)
    with transaction.atomic():
        locked = Institution.objects.select_for_update().get(pk=institution.pk)
        authority = locked.filing_authority
        if authority is None or locked.filed_on is None:
            raise DomainError(_("公布：机构尚未备案，备案通过后方可公布"), field="published_on", code="not_filed")
        require_authority_staff(actor, authority, _("备案公布"))
        if locked.published_on is not None:
            raise DomainError(
                _("公布：该机构已于%(day)s公布") % {"day": locked.published_on}, field="published_on", code="duplicate"
            )
        day = published_on or timezone.localdate()
        if day < locked.filed_on:
            raise DomainError(
                _("公布日期：不能早于备案日期（%(day)s）") % {"day": locked.filed_on},
                field="published_on",
                code="order",
            )
        if day > timezone.localdate():
            raise DomainError(_("公布日期：不能晚于今天"), field="published_on", code="future")
        before = snapshot(locked)
        locked.published_on = day
        locked.save(update_fields=["published_on", "updated_at"])
        application = (
            FilingApplication.objects.filter(institution=locked, kind=ApplicationKind.INITIAL).order_by("pk").first()
        )
        if application is not None:
            EntryStageRecord.objects.create(
                application=application,
                stage=EntryStage.PUBLICATION,
                outcome=StageOutcome.PASSED,
                findings=_("%(day)s在评价机构名录公布") % {"day": day},
                decided_by=actor,
                decided_at=timezone.now(),
            )
        record_event(actor=actor, action=Event.INSTITUTION_PUBLISHED, obj=locked, before=before, after=snapshot(locked))
    institution.refresh_from_db()
    return institution
