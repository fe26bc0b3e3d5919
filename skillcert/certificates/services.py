"""Writes of the certificates app: the site serial register, issuing (one and a whole plan), status
changes with two-person approval, national export batches and audited downloads (R-CERT-1..6).

Each service is keyword-only, runs in one transaction, validates before it writes and appends
its audit event in the same transaction; a refusal leaves nothing behind.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.choices import REGION_KINDS
from skillcert.accounts.types import Acting, Actor, Visitor
from skillcert.certificates import exports, numbering, verification
from skillcert.certificates.choices import (
    PROPOSAL_FROM,
    PROPOSAL_TARGET,
    CertificateStatus,
    Event,
    ProposalKind,
    ProposalStatus,
    RunStatus,
)
from skillcert.certificates.gates import Refusal, exam_dates, issuance_refusals, resolve_site_serial
from skillcert.certificates.models import (
    APPROVE_ROLES,
    EDIT_ROLES,
    REGISTER_ROLES,
    Certificate,
    ExportBatch,
    IssuanceRun,
    SiteSerial,
    StatusProposal,
)
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.jobs import heartbeat, stale_before, stale_seconds
from skillcert.core.policy import get_policy
from skillcert.core.scoping import actor_may, is_authenticated, require_row
from skillcert.core.validation import clean_model, clean_text, named_error
from skillcert.exams.choices import RegistrationStatus
from skillcert.exams.models import ExamPlan, Registration
from skillcert.institutions.models import Institution, Venue
from skillcert.portal.rollups import certificate_cell, tally_certificates
from skillcert.supervision.events import figures_changed

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 20
"""A background run writes its progress after this many candidates."""


class IssuanceRefused(DomainError):
    """A certificate may not be issued; `refusals` names every reason (R-CERT-2)."""

    def __init__(self, refusals: list[Refusal]) -> None:
        message = _("不能发证：") + "；".join(r.message for r in refusals)
        super().__init__(message, field="registration", code="not_eligible")
        self.refusals = refusals
        self.errors = {"registration": [r.message for r in refusals]}


# --- helpers -------------------------------------------------------------------------------------


def _user(actor: Acting) -> Actor | None:
    return actor if is_authenticated(actor) else None


def _is_super(actor: Acting) -> bool:
    return bool(getattr(actor, "is_superuser", False))


def _has_role(actor: Acting, roles: frozenset[str]) -> bool:
    return _is_super(actor) or bool(set(getattr(actor, "role_codes", ())) & roles)


def _is_regulator(actor: Acting) -> bool:
    org = getattr(actor, "organisation", None)
    return org is not None and org.is_authority


def _scope_level(actor: Acting) -> str | None:
    return getattr(getattr(actor, "organisation", None), "scope_level", None)


# --- who may do what: the pages show a button only when the service will accept it ----------------


def may_register_site_serials(actor: Visitor) -> bool:
    """Region staff keep the site serial register (R-CERT-1)."""
    if _is_super(actor):
        return True
    org = getattr(actor, "organisation", None)
    return is_authenticated(actor) and org is not None and org.kind in REGION_KINDS and _has_role(actor, REGISTER_ROLES)


def may_issue(actor: Visitor, plan: ExamPlan | None = None) -> bool:
    """The plan's own institution issues, by its manager or clerk (R-CERT-2)."""
    if _is_super(actor):
        return True
    if not (is_authenticated(actor) and _has_role(actor, EDIT_ROLES) and _scope_level(actor) == "institution"):
        return False
    return plan is None or actor.organisation_id == plan.institution.organisation_id


def may_propose(actor: Visitor, certificate: Certificate | None = None, kind: str | None = None) -> bool:
    """The issuing institution or a regulator, by a manager or clerk; only the institution voids (R-CERT-5)."""
    if _is_super(actor):
        return True
    if not (is_authenticated(actor) and _has_role(actor, EDIT_ROLES)):
        return False
    if certificate is None:
        return _scope_level(actor) in ("institution", "league", "region")
    own = actor.organisation_id == certificate.institution.organisation_id
    if kind == ProposalKind.VOID:
        return own
    return own or _is_regulator(actor)


def may_approve(actor: Visitor, proposal: StatusProposal | None = None) -> bool:
    """A manager approves: an authority's proposal by a regulator, an institution's by it or a regulator (R-CERT-5)."""
    if _is_super(actor):
        return True
    if not (
        is_authenticated(actor)
        and _has_role(actor, APPROVE_ROLES)
        and _scope_level(actor) in ("institution", "league", "region")
    ):
        return False
    if proposal is None:
        return True
    proposer_org = proposal.proposed_by.organisation
    if proposer_org.is_authority:
        return _is_regulator(actor)
    return actor.organisation_id == proposer_org.pk or _is_regulator(actor)


def may_create_export_batch(actor: Visitor, institution: Institution | None = None) -> bool:
    """The issuing institution's manager or clerk makes its export batches (R-CERT-6)."""
    if _is_super(actor):
        return True
    if not (is_authenticated(actor) and _has_role(actor, EDIT_ROLES) and _scope_level(actor) == "institution"):
        return False
    return institution is None or actor.organisation_id == institution.organisation_id


def may_download_exports(actor: Visitor) -> bool:
    """Whether the actor's roles allow downloading the batches it sees (full ID numbers, R-CERT-6, R-X-3)."""
    return actor_may(actor, "download", ExportBatch.scope_policy)


def capabilities(actor: Visitor) -> dict[str, bool]:
    """What the pages offer this actor, from the same predicates the services check."""
    return {
        "issue": may_issue(actor),
        "propose": may_propose(actor),
        "approve": may_approve(actor),
        "export": may_create_export_batch(actor),
        "download_exports": may_download_exports(actor),
        "register": may_register_site_serials(actor),
    }


def require_region_registrar(actor: Actor) -> None:
    """Site serials are assigned by the regional department's staff (R-CERT-1)."""
    if may_register_site_serials(actor):
        return
    org = getattr(actor, "organisation", None)
    if not is_authenticated(actor) or org is None or org.kind not in REGION_KINDS:
        raise PermissionDenied(_("站点序号由自治区人社厅（自治区就业服务中心）分配"))
    raise PermissionDenied(_("您的角色不能分配站点序号"))


def require_issuer(actor: Actor | None, plan: ExamPlan) -> None:
    """The plan's own institution issues, by its manager or clerk ("谁评价、谁发证"); others see 404 or 403."""
    if actor is None or _is_super(actor):
        return
    require_row(actor, "view", plan)
    if getattr(actor, "organisation_id", None) != plan.institution.organisation_id:
        raise PermissionDenied(_("证书由组织认定的评价机构颁发（谁评价、谁发证）"))
    if not _has_role(actor, EDIT_ROLES):
        raise PermissionDenied(_("只有评价机构的负责人、经办人可以发证"))


# --- site serial register (R-CERT-1) ----------------------------------------------------------------


def assign_site_serial(
    *,
    actor: Actor,
    institution: Institution,
    serial: str,
    venue: Venue | None = None,
    assigned_on: datetime.date | None = None,
    note: str = "",
) -> SiteSerial:
    """Record the 6-digit site serial the regional department assigned to an institution site (R-CERT-1)."""
    require_region_registrar(actor)
    serial = clean_text(serial, field="serial", label=_("站点序号"), max_length=6)
    if not (len(serial) == 6 and serial.isdigit()) or serial == "000000":
        raise DomainError(
            _("站点序号：应为000001-999999的6位数字（证书编号第8-13位），实为“%(serial)s”") % {"serial": serial},
            field="serial",
            code="format",
        )
    if venue is not None and venue.institution_id != institution.pk:
        raise DomainError(
            _("考点：“%(name)s”不是%(filed_name)s的考点") % {"name": venue.name, "filed_name": institution.filed_name},
            field="venue",
            code="venue",
        )
    note = clean_text(note, field="note", label=_("备注"), max_length=200, required=False)
    with transaction.atomic():
        taken = SiteSerial.objects.select_related("institution").filter(serial=serial).first()
        if taken is not None:
            raise DomainError(
                _("站点序号：%(serial)s已分配给%(filed_name)s，序号不能重复或重新分配")
                % {"serial": serial, "filed_name": taken.institution.filed_name},
                field="serial",
                code="taken",
            )
        current = SiteSerial.objects.filter(institution=institution, venue=venue, retired_on__isnull=True).first()
        if current is not None:
            where = venue.name if venue else _("全部考点")
            raise DomainError(
                _("站点序号：%(filed_name)s（%(where)s）已有在用的站点序号%(serial)s，请先停用")
                % {"filed_name": institution.filed_name, "where": where, "serial": current.serial},
                field="serial",
                code="duplicate_site",
            )
        row = SiteSerial(
            institution=institution,
            venue=venue,
            serial=serial,
            assigned_on=assigned_on or timezone.localdate(),
            assigned_by=_user(actor),
            note=note,
        )
        clean_model(row)
        row.save()
        record_event(actor=actor, action=Event.SITE_SERIAL_ASSIGNED, obj=row, after=snapshot(row))
    return row


def retire_site_serial(*, actor: Actor, site_serial: SiteSerial, note: str = "") -> SiteSerial:
    """Stop using a site serial for new certificates; it is never given to anyone else (R-CERT-1)."""
    require_region_registrar(actor)
    note = clean_text(note, field="note", label=_("停用原因"), max_length=200)
    with transaction.atomic():
        row = SiteSerial.objects.select_for_update().get(pk=site_serial.pk)
        if row.retired_on is not None:
            raise DomainError(
                _("站点序号%(serial)s已于%(retired_on)s停用") % {"serial": row.serial, "retired_on": row.retired_on},
                field="serial",
                code="retired",
            )
        before = snapshot(row)
        row.retired_on = timezone.localdate()
        row.note = note
        row.save(update_fields=["retired_on", "note", "updated_at"])
        record_event(actor=actor, action=Event.SITE_SERIAL_RETIRED, obj=row, before=before, after=snapshot(row))
    return row


# --- issuing (R-CERT-1, R-CERT-2) -----------------------------------------------------------------


def _live_certificate(registration: Registration) -> Certificate | None:
    return Certificate.objects.filter(registration=registration).exclude(status=CertificateStatus.VOIDED).first()


def issue_or_get(
    *, actor: Actor | None, registration: Registration, run: IssuanceRun | None = None, on: datetime.date | None = None
) -> tuple[Certificate, bool]:
    """Issue the registration's certificate, or return the one already issued; True when new (R-CERT-1, R-CERT-2)."""
    plan = registration.plan
    require_issuer(actor, plan)
    today = on or timezone.localdate()
    with transaction.atomic():
        # The registration row lock serialises two issuers of the same candidate on PostgreSQL
        # (SQLite's IMMEDIATE transaction already holds the write lock).
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("plan__institution__parent", "plan__occupation", "plan__work_type", "plan__venue")
            .get(pk=registration.pk)
        )
        existing = _live_certificate(registration)
        if existing is not None:
            return existing, False
        refusals = issuance_refusals(registration, on=today)
        if refusals:
            raise IssuanceRefused(refusals)
        plan = registration.plan
        institution = plan.institution
        site_serial = resolve_site_serial(institution, plan.venue)
        assert site_serial is not None  # a refusal otherwise
        number, serial = numbering.allocate_number(
            institution=institution, site_serial=site_serial, year=today.year, level=registration.level
        )
        publication = registration.plan.publications.order_by("-published_at", "-id").first()
        assert publication is not None  # a refusal otherwise
        now = timezone.now()
        certificate = Certificate(
            number=number,
            prefix=number[:16],
            serial=serial,
            registration=registration,
            plan=plan,
            institution=institution,
            league=plan.league,
            site_serial=site_serial,
            candidate=registration.user,
            name=registration.name,
            id_type=registration.id_type,
            id_number=registration.id_number,
            occupation=plan.occupation,
            occupation_code=plan.occupation.code,
            occupation_name=plan.occupation.name,
            work_type_name=plan.work_type.name if plan.work_type else "",
            level=registration.level,
            institution_name=institution.root.filed_name,
            exam_date=exam_dates(registration)[-1],
            publicity_ended_on=publication.publicity_ends_on,
            issued_on=today,
            issued_at=now,
            issued_by=_user(actor),
            run=run,
        )
        # The year check of the number validator is relative to the issue date, not the wall clock.
        _full_clean_except(certificate, exclude=["number"])
        try:
            with transaction.atomic():
                certificate.save(force_insert=True)
                verification.public_record_for(certificate).save(force_insert=True)
        except IntegrityError as exc:
            raise DomainError(
                _("该考生的证书正在由他人颁发，请刷新后查看"), field="registration", code="concurrent_issue"
            ) from exc
        record_event(
            actor=actor,
            action=Event.ISSUED,
            obj=certificate,
            after=snapshot(certificate, ["number", "registration", "plan", "level", "issued_on", "site_serial"]),
            organisation=institution.organisation,
        )
        tally_certificates([(certificate_cell(certificate), 1)])
        figures_changed(institution_id=certificate.institution_id)
        keep_issued_certificate(actor=actor, certificate=certificate)
    return certificate, True


def keep_issued_certificate(*, actor: Actor | None, certificate: Certificate) -> None:
    """Keep the certificate PDF as issued in the archive (R-ARC-1)."""
    from skillcert.archives.choices import FilePurpose
    from skillcert.archives.files import store_file
    from skillcert.certificates.printing import render_certificate

    store_file(
        actor=actor,
        content=render_certificate(certificate),
        name=f"{certificate.number}.pdf",
        purpose=FilePurpose.CERTIFICATE,
        subject=certificate,
        plan=certificate.plan,
    )


def _full_clean_except(obj: Any, *, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        raise named_error(exc, type(obj)) from exc


def issue_certificate(*, actor: Actor, registration: Registration, on: datetime.date | None = None) -> Certificate:
    """Issue one candidate's certificate; issuing again returns the same certificate (R-CERT-1, R-CERT-2)."""
    certificate, _created = issue_or_get(actor=actor, registration=registration, on=on)
    return certificate


def start_issuance_run(*, actor: Actor, plan: ExamPlan, level: int | None = None) -> IssuanceRun:
    """Queue the issuing of every approved candidate of a plan, run in the background with progress (R-CERT-2)."""
    require_issuer(actor, plan)
    registrations = plan.registrations.filter(status=RegistrationStatus.APPROVED)
    if level is not None:
        if not plan.levels.filter(level=level).exists():
            raise DomainError(_("等级：本认定计划不含该等级"), field="level", code="level")
        registrations = registrations.filter(level=level)
    total = registrations.count()
    if not total:
        raise DomainError(_("本认定计划没有资格审核通过的考生，无需发证"), field="plan", code="empty")
    with transaction.atomic():
        ExamPlan.objects.select_for_update().get(pk=plan.pk)
        running = IssuanceRun.objects.filter(plan=plan, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).first()
        if running is not None:
            raise DomainError(
                _("本认定计划的批量发证正在进行（%(processed)s/%(total)s），请等待完成")
                % {"processed": running.processed, "total": running.total},
                field="plan",
                code="running",
            )
        run = IssuanceRun.objects.create(plan=plan, level=level, total=total, requested_by=_user(actor))
        record_event(
            actor=actor,
            action=Event.RUN_QUEUED,
            obj=run,
            after={"plan": plan.pk, "level": level, "total": total},
            organisation=plan.institution.organisation,
        )
        from skillcert.certificates.tasks import run_issuance_task

        run_id = run.pk
        transaction.on_commit(lambda: run_issuance_task(run_id))
    return run


def _progress(run: IssuanceRun, **fields: Any) -> None:
    IssuanceRun.objects.filter(pk=run.pk).update(updated_at=timezone.now(), **fields)


def run_issuance(*, run_id: int) -> IssuanceRun:
    """Work through a queued run, one candidate per transaction, recording each refusal (R-CERT-2, R-X-4).

    Each certificate is issued in its own transaction with its number, its public record and its
    audit event, so a worker killed mid-run leaves whole certificates and a counter that matches
    them. The run then stops beating and is marked failed (`fail_stale_runs`); `retry_issuance_run`
    queues it again and it goes on with the candidates left, counting the certificates it had
    already issued as its own.
    """
    claimed = IssuanceRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    run = IssuanceRun.objects.select_related("plan__institution", "requested_by").get(pk=run_id)
    if not claimed:
        return run
    actor = run.requested_by
    registrations = run.plan.registrations.filter(status=RegistrationStatus.APPROVED).order_by("level", "id")
    if run.level is not None:
        registrations = registrations.filter(level=run.level)
    ids = list(registrations.values_list("pk", flat=True))
    run.total = len(ids)
    run.processed = run.issued = run.already = run.refused = 0
    refusals: list[dict[str, Any]] = []
    try:
        with heartbeat(IssuanceRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING)):
            for index, pk in enumerate(ids, start=1):
                registration = Registration.objects.select_related("plan").get(pk=pk)
                try:
                    cert, created = issue_or_get(actor=actor, registration=registration, run=run)
                except DomainError as exc:
                    run.refused += 1
                    each: list[Refusal | DomainError] = [*exc.refusals] if isinstance(exc, IssuanceRefused) else [exc]
                    refusals.append(
                        {
                            "registration": pk,
                            "name": registration.name,
                            "exam_number": registration.exam_number,
                            "reasons": [r.message for r in each],
                            "codes": [r.code for r in each],
                        }
                    )
                else:
                    # A run that goes on after an interruption finds its own earlier certificates.
                    if created or cert.run_id == run.pk:
                        run.issued += 1
                    else:
                        run.already += 1
                run.processed = index
                if index % PROGRESS_EVERY == 0:
                    _progress(
                        run,
                        total=run.total,
                        processed=index,
                        issued=run.issued,
                        already=run.already,
                        refused=run.refused,
                        refusals=refusals,
                    )
    except Exception as exc:
        logger.exception("certificate issuance run %s failed", run.pk)
        with transaction.atomic():
            _progress(run, status=RunStatus.FAILED, failure=str(exc)[:1000], finished_at=timezone.now())
            record_event(actor=actor, action=Event.RUN_FINISHED, obj=run, after={"status": RunStatus.FAILED})
        run.refresh_from_db()
        return run
    with transaction.atomic():
        _progress(
            run,
            status=RunStatus.DONE,
            total=run.total,
            processed=run.processed,
            issued=run.issued,
            already=run.already,
            refused=run.refused,
            refusals=refusals,
            finished_at=timezone.now(),
        )
        record_event(
            actor=actor,
            action=Event.RUN_FINISHED,
            obj=run,
            after={"issued": run.issued, "already": run.already, "refused": run.refused},
            organisation=run.plan.institution.organisation,
        )
    run.refresh_from_db()
    return run


def _interrupted(run: IssuanceRun) -> None:
    """Mark a locked run whose worker stopped beating as failed, with the reason (R-X-4)."""
    before = {"status": run.status, "processed": run.processed, "issued": run.issued}
    run.status = RunStatus.FAILED
    run.failure = _(
        "批量发证中断：后台处理进程超过%(seconds)s秒没有响应（进程被终止或服务器重启）。"
        "已发的证书完整有效、编号连续；可点击“继续发证”为其余考生发证"
    ) % {"seconds": int(stale_seconds())}
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "failure", "finished_at", "updated_at"])
    record_event(
        actor=None,
        action=Event.RUN_INTERRUPTED,
        obj=run,
        before=before,
        after={"status": run.status, "failure": run.failure},
        organisation=run.plan.institution.organisation,
    )


def fail_stale_runs() -> int:
    """Mark every run whose worker was lost as failed, so it can be continued; how many (R-CERT-2, R-X-4)."""
    failed = 0
    stale = IssuanceRun.objects.filter(status=RunStatus.RUNNING, updated_at__lt=stale_before())
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            run = IssuanceRun.objects.select_for_update(of=("self",)).select_related("plan__institution").get(pk=pk)
            if run.is_stale:
                _interrupted(run)
                failed += 1
    return failed


def retry_issuance_run(*, actor: Actor, run: IssuanceRun) -> IssuanceRun:
    """Queue a stopped run again; it issues the candidates left and keeps what it had issued (R-CERT-2, R-X-4)."""
    require_issuer(actor, run.plan)
    with transaction.atomic():
        ExamPlan.objects.select_for_update().get(pk=run.plan_id)
        locked = IssuanceRun.objects.select_for_update(of=("self",)).select_related("plan__institution").get(pk=run.pk)
        if locked.is_stale:
            _interrupted(locked)
        if not locked.may_retry:
            message = (
                _("该批量发证已完成，无需继续")
                if locked.status == RunStatus.DONE
                else _("该批量发证正在进行（%(processed)s/%(total)s），请等待完成")
                % {"processed": locked.processed, "total": locked.total}
            )
            raise DomainError(message, field="run", code="not_retryable")
        other = (
            IssuanceRun.objects.filter(plan_id=locked.plan_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
            .exclude(pk=locked.pk)
            .first()
        )
        if other is not None:
            raise DomainError(
                _("本认定计划的批量发证正在进行（%(processed)s/%(total)s），请等待完成")
                % {"processed": other.processed, "total": other.total},
                field="run",
                code="running",
            )
        before = {"status": locked.status, "processed": locked.processed, "failure": locked.failure}
        locked.status = RunStatus.QUEUED
        locked.failure = ""
        locked.finished_at = None
        locked.save(update_fields=["status", "failure", "finished_at", "updated_at"])
        record_event(
            actor=actor,
            action=Event.RUN_RETRIED,
            obj=locked,
            before=before,
            after={"status": locked.status},
            organisation=locked.plan.institution.organisation,
        )
        from skillcert.certificates.tasks import run_issuance_task

        run_id = locked.pk
        transaction.on_commit(lambda: run_issuance_task(run_id))
    locked.refresh_from_db()
    return locked


# --- suspension, revocation, voiding: two people (R-CERT-5) -----------------------------------------


def _require_proposer(actor: Actor, certificate: Certificate, kind: str) -> None:
    require_row(actor, "view", certificate)
    if may_propose(actor, certificate, kind):
        return
    own = getattr(actor, "organisation_id", None) == certificate.institution.organisation_id
    if not (own or _is_regulator(actor)):
        raise PermissionDenied(_("证书状态变更由发证的评价机构或人社部门提出"))
    if not _has_role(actor, EDIT_ROLES):
        raise PermissionDenied(_("只有负责人、经办人可以提出证书状态变更"))
    raise PermissionDenied(_("作废只能由发证的评价机构提出（错发证书在上报前作废）；人社部门可提出撤销"))


def propose_status_change(*, actor: Actor, certificate: Certificate, kind: str, grounds: str) -> StatusProposal:
    """One person proposes to suspend, reinstate, revoke or void a certificate, with grounds (R-CERT-5)."""
    if kind not in ProposalKind.values:
        raise DomainError(
            _("变更类型：“%(kind)s”无效，应为暂停、恢复、撤销或作废") % {"kind": kind}, field="kind", code="invalid"
        )
    _require_proposer(actor, certificate, kind)
    grounds = clean_text(grounds, field="grounds", label=_("依据"), max_length=2000)
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        _check_transition(certificate, kind)
        pending = StatusProposal.objects.filter(certificate=certificate, status=ProposalStatus.PENDING).first()
        if pending is not None:
            raise DomainError(
                _("该证书已有待审批的“%(kind)s”申请，请先审批") % {"kind": pending.get_kind_display()},
                field="kind",
                code="pending",
            )
        proposal = StatusProposal.objects.create(
            certificate=certificate,
            kind=kind,
            grounds=grounds,
            proposed_by=actor,
            proposed_at=timezone.now(),
        )
        record_event(
            actor=actor,
            action=Event.STATUS_PROPOSED,
            obj=proposal,
            after={"certificate": certificate.number, "kind": kind, "grounds": grounds},
        )
    return proposal


def _check_transition(certificate: Certificate, kind: str) -> None:
    if certificate.status in PROPOSAL_FROM[kind]:
        if kind == ProposalKind.VOID and certificate.is_exported:
            raise DomainError(
                _("该证书已上报全国数据库，不能作废；如需停止使用请提出撤销"), field="kind", code="exported"
            )
        return
    label = ProposalKind(kind).label
    status = CertificateStatus(certificate.status).label
    if certificate.status == PROPOSAL_TARGET[kind]:
        raise DomainError(
            _("该证书已%(status)s，不能再次%(label)s") % {"status": status, "label": label},
            field="kind",
            code="already",
        )
    raise DomainError(
        _("该证书状态为“%(status)s”，不能%(label)s") % {"status": status, "label": label}, field="kind", code="status"
    )


def _require_approver(actor: Actor, proposal: StatusProposal) -> None:
    certificate = proposal.certificate
    require_row(actor, "view", certificate)
    if getattr(actor, "pk", None) == proposal.proposed_by_id:
        raise DomainError(_("不能审批本人提出的申请：须由另一人审批（双人复核）"), field="proposal", code="same_person")
    if may_approve(actor, proposal):
        return
    if not _has_role(actor, APPROVE_ROLES):
        raise PermissionDenied(_("证书状态变更须由负责人审批"))
    proposer_org = proposal.proposed_by.organisation
    if proposer_org.is_authority:
        if not _is_regulator(actor):
            raise PermissionDenied(_("人社部门提出的证书状态变更由人社部门负责人审批"))
    elif not (getattr(actor, "organisation_id", None) == proposer_org.pk or _is_regulator(actor)):
        raise PermissionDenied(_("只有本机构负责人或人社部门负责人可以审批"))


def approve_status_change(*, actor: Actor, proposal: StatusProposal, note: str = "") -> StatusProposal:
    """A second person approves; the certificate's status changes at once for verification (R-CERT-5)."""
    note = clean_text(note, field="note", label=_("审批意见"), max_length=1000, required=False)
    _require_approver(actor, proposal)
    with transaction.atomic():
        proposal = StatusProposal.objects.select_for_update().select_related("certificate").get(pk=proposal.pk)
        if proposal.status != ProposalStatus.PENDING:
            raise DomainError(
                _("该申请已审批（%(status)s），不能再次审批") % {"status": proposal.get_status_display()},
                field="proposal",
                code="decided",
            )
        certificate = Certificate.objects.select_for_update().get(pk=proposal.certificate_id)
        _check_transition(certificate, proposal.kind)
        before = snapshot(certificate, ["status", "status_reason", "status_changed_at"])
        counted_in = certificate_cell(certificate)
        now = timezone.now()
        certificate.status = PROPOSAL_TARGET[proposal.kind]
        certificate.status_reason = proposal.grounds
        certificate.status_changed_at = now
        certificate.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
        tally_certificates([(counted_in, -1), (certificate_cell(certificate), 1)])  # voiding moves it
        # The public row changes in the same transaction: the next look-up shows the new status.
        verification.public_record_for(certificate).save()
        proposal.status = ProposalStatus.APPROVED
        proposal.decided_by = actor
        proposal.decided_at = now
        proposal.decision_note = note
        proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
        record_event(
            actor=actor,
            action=Event.STATUS_APPROVED,
            obj=certificate,
            before=before,
            after={
                **snapshot(certificate, ["status", "status_reason", "status_changed_at"]),
                "proposal": proposal.pk,
                "proposed_by": proposal.proposed_by_id,
                "note": note,
            },
        )
    return proposal


def reject_status_change(*, actor: Actor, proposal: StatusProposal, note: str) -> StatusProposal:
    """A second person declines a proposed status change, with reasons (R-CERT-5)."""
    note = clean_text(note, field="note", label=_("不予批准的理由"), max_length=1000)
    _require_approver(actor, proposal)
    with transaction.atomic():
        proposal = StatusProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != ProposalStatus.PENDING:
            raise DomainError(
                _("该申请已审批（%(status)s），不能再次审批") % {"status": proposal.get_status_display()},
                field="proposal",
                code="decided",
            )
        proposal.status = ProposalStatus.REJECTED
        proposal.decided_by = actor
        proposal.decided_at = timezone.now()
        proposal.decision_note = note
        proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
        record_event(actor=actor, action=Event.STATUS_REJECTED, obj=proposal, after={"note": note})
    return proposal


# --- national export (R-CERT-6) -------------------------------------------------------------------


def create_export_batch(*, actor: Actor, institution: Institution) -> ExportBatch:
    """Put the institution's certificates not yet exported into one batch for the national database (R-CERT-6)."""
    require_row(actor, "view", institution)
    if not may_create_export_batch(actor, institution):
        if getattr(actor, "organisation_id", None) != institution.organisation_id:
            raise PermissionDenied(_("上报批次由发证的评价机构生成"))
        raise PermissionDenied(_("只有负责人、经办人可以生成上报批次"))
    limit = int(get_policy("certificates.export_batch_max"))
    with transaction.atomic():
        Institution.objects.select_for_update().get(pk=institution.pk)
        chosen = list(
            Certificate.objects.select_for_update()
            .filter(institution=institution, export_batch__isnull=True)
            .exclude(status=CertificateStatus.VOIDED)
            .order_by("issued_at", "id")
            .values_list("pk", "league_id", "publicity_ended_on")[:limit]
        )
        pending = [pk for pk, _league, _ended in chosen]
        if not pending:
            raise DomainError(_("没有待上报的证书"), field="institution", code="nothing_to_export")
        today = timezone.localdate()
        prefix = f"SB{institution.pk:05d}-{today:%Y%m%d}-"
        seq = ExportBatch.objects.filter(number__startswith=prefix).count() + 1
        batch = ExportBatch.objects.create(
            number=f"{prefix}{seq:03d}",
            institution=institution,
            count=len(pending),
            sha256="",
            created_by=_user(actor),
        )
        now = timezone.now()
        Certificate.objects.filter(pk__in=pending).update(export_batch=batch, exported_at=now, updated_at=now)
        tally_certificates(
            change
            for _pk, league, ended in chosen
            for change in (
                ((institution.pk, league, ended, False, False), -1),
                ((institution.pk, league, ended, True, False), 1),
            )
        )
        document = exports.batch_json(batch)
        batch.sha256 = exports.sha256(document)
        batch.save(update_fields=["sha256", "updated_at"])
        from skillcert.archives.choices import FilePurpose
        from skillcert.archives.files import store_file

        store_file(
            actor=actor,
            content=document,
            name=f"{batch.number}.json",
            purpose=FilePurpose.NATIONAL_EXPORT,
            subject=batch,
            organisation=institution.organisation,
            max_mb=1024,
        )
        record_event(
            actor=actor,
            action=Event.EXPORTED,
            obj=batch,
            after={"count": batch.count, "sha256": batch.sha256, "first": pending[0], "last": pending[-1]},
            organisation=institution.organisation,
        )
    return batch


def download_export(*, actor: Actor, batch: ExportBatch, fmt: str) -> bytes:
    """The batch's upload file with full ID numbers; each download is audited (R-CERT-6, R-X-3)."""
    require_row(actor, "download", batch)
    if fmt not in ("json", "xlsx"):
        raise DomainError(_("格式：应为 json 或 xlsx"), field="format", code="invalid")
    data = exports.batch_json(batch) if fmt == "json" else exports.batch_xlsx(batch)
    with transaction.atomic():
        record_event(actor=actor, action=Event.EXPORT_DOWNLOADED, obj=batch, after={"format": fmt})
    return data


def _require_downloadable(actor: Actor, certificate: Certificate) -> None:
    require_row(actor, "download", certificate)
    if certificate.status == CertificateStatus.VOIDED:
        raise DomainError(_("该证书已作废，不能下载"), field="certificate", code="voided")


def download_certificate(*, actor: Actor, certificate: Certificate) -> bytes:
    """The certificate PDF, which prints the full ID number; each download is audited (R-CERT-3, R-X-3)."""
    from skillcert.certificates.printing import render_certificate

    _require_downloadable(actor, certificate)
    data = render_certificate(certificate)
    with transaction.atomic():
        record_event(actor=actor, action=Event.DOWNLOADED, obj=certificate, after={"number": certificate.number})
    return data


def download_credential(*, actor: Actor, certificate: Certificate) -> str:
    """The certificate as a signed W3C Verifiable Credential (vc+jwt); each download is audited (R-CERT-7)."""
    from skillcert.certificates.credentials import issue_jwt

    _require_downloadable(actor, certificate)
    token = issue_jwt(certificate)
    with transaction.atomic():
        record_event(
            actor=actor,
            action=Event.DOWNLOADED,
            obj=certificate,
            after={"number": certificate.number, "format": "vc+jwt"},
        )
    return token
