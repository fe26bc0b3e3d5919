"""Site serials, number counters, certificates, status proposals, background runs and export batches
(R-CERT-1..6)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import Role
from skillcert.accounts.models import Jurisdiction, User
from skillcert.catalog.choices import Level, level_label
from skillcert.catalog.models import EMPTY_WORK_TYPE, Occupation
from skillcert.certificates.choices import CertificateStatus, ProposalKind, ProposalStatus, RunStatus
from skillcert.core.fields import BlindIndexField, EncryptedTextField
from skillcert.core.jobs import is_stale
from skillcert.core.masking import mask_id_number, mask_name
from skillcert.core.models import BaseModel
from skillcert.core.scoping import ScopePolicy
from skillcert.core.validators import certificate_number_validator
from skillcert.exams.choices import IdType
from skillcert.exams.models import ExamPlan, Registration
from skillcert.exams.models.registration import CANDIDATE_ID_CONTEXT
from skillcert.institutions.models import Institution, Venue

OFFICE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
"""Office roles that read certificate records."""
EDIT_ROLES = frozenset({Role.MANAGER, Role.CLERK})
"""Who issues, proposes status changes and exports (institution staff; regulators for proposals)."""
APPROVE_ROLES = frozenset({Role.MANAGER})
"""The second person of a status change is a manager (R-CERT-5)."""
REGISTER_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK})
"""Region staff who keep the site serial register (R-CERT-1)."""

CERTIFICATE_POLICY = ScopePolicy(
    organisation="institution__organisation",
    jurisdiction="league",
    owner="candidate",
    roles={
        "view": OFFICE_ROLES | {Role.CANDIDATE},
        "download": OFFICE_ROLES | {Role.CANDIDATE},
        "issue": EDIT_ROLES,
        "propose": EDIT_ROLES,
        "approve": APPROVE_ROLES,
        "export": EDIT_ROLES,
        "reveal": EDIT_ROLES,
    },
)
"""The issuing institution sees its certificates, the league where the exam was held sees those held
there, the region sees all, a candidate their own (R-ORG-2)."""

site_serial_validator = RegexValidator(r"^\d{6}$", _("站点序号应为6位数字"))


class SiteSerial(BaseModel):
    """A 6-digit site serial the regional department assigns to one institution site (R-CERT-1)."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="site_serials"
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("考点（站点）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="site_serials",
        help_text=_("空表示本机构未单独分配序号的所有考点"),
    )
    serial = models.CharField(_("站点序号"), max_length=6, unique=True, validators=[site_serial_validator])
    assigned_on = models.DateField(_("分配日期"))
    assigned_by = models.ForeignKey(
        User, verbose_name=_("分配人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retired_on = models.DateField(
        _("停用日期"), null=True, blank=True, help_text=_("停用后不再用于新证书，序号不再分配他人")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_policy = ScopePolicy(
        organisation="institution__organisation",
        jurisdiction="institution__visible_in",
        roles={"view": OFFICE_ROLES, "change": REGISTER_ROLES},
    )

    class Meta:
        verbose_name = _("站点序号")
        verbose_name_plural = _("站点序号")
        ordering = ["serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "venue"],
                condition=Q(retired_on__isnull=True, venue__isnull=False),
                name="certificates_one_serial_per_venue",
            ),
            models.UniqueConstraint(
                fields=["institution"],
                condition=Q(retired_on__isnull=True, venue__isnull=True),
                name="certificates_one_default_serial",
            ),
        ]

    def __str__(self) -> str:
        where = self.venue.name if self.venue_id and self.venue else gettext("全部考点")
        return f"{self.serial}（{self.institution.filed_name}·{where}）"

    @property
    def is_active(self) -> bool:
        return self.retired_on is None


class NumberCounter(models.Model):
    """The last serial used under one 16-character prefix; locked while a number is taken (R-CERT-1).

    Serials only ever go up: a voided certificate keeps its number, so nothing is recycled.
    """

    prefix = models.CharField(_("编号前16位"), max_length=16, unique=True)
    last_serial = models.PositiveIntegerField(_("已用流水号"), default=0)

    class Meta:
        verbose_name = _("证书编号计数器")
        verbose_name_plural = _("证书编号计数器")
        ordering = ["prefix"]

    def __str__(self) -> str:
        return f"{self.prefix} → {self.last_serial:06d}"


class IssuanceRun(BaseModel):
    """Issuing every eligible candidate of a plan in the background, with progress and refusals (R-CERT-2)."""

    plan = models.ForeignKey(
        ExamPlan, verbose_name=_("认定计划"), on_delete=models.PROTECT, related_name="certificate_runs"
    )
    level = models.PositiveSmallIntegerField(_("等级"), choices=Level.choices, null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField(_("考生人数"), default=0)
    processed = models.PositiveIntegerField(_("已处理"), default=0)
    issued = models.PositiveIntegerField(_("新发证书"), default=0)
    already = models.PositiveIntegerField(_("此前已发"), default=0)
    refused = models.PositiveIntegerField(_("不予发证"), default=0)
    refusals = models.JSONField(_("不予发证原因"), default=list, blank=True)
    failure = models.TextField(_("中止原因"), blank=True)
    requested_by = models.ForeignKey(
        User, verbose_name=_("发起人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    scope_policy = ScopePolicy(
        organisation="plan__institution__organisation",
        jurisdiction="plan__league",
        roles={"view": OFFICE_ROLES},
    )

    class Meta:
        verbose_name = _("批量发证")
        verbose_name_plural = _("批量发证")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]),
                name="certificates_one_active_run_per_plan",
            )
        ]

    def __str__(self) -> str:
        return gettext("%(number)s 批量发证（%(status)s）") % {
            "number": self.plan.number,
            "status": self.get_status_display(),
        }

    @property
    def progress_percent(self) -> int:
        if self.status in (RunStatus.DONE, RunStatus.FAILED):
            return 100
        if not self.total:
            return 0
        return min(99, int(self.processed * 100 / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def is_stale(self) -> bool:
        """Running, but its worker has stopped beating: the run was interrupted (R-X-4)."""
        return self.status == RunStatus.RUNNING and is_stale(self.updated_at)

    @property
    def may_retry(self) -> bool:
        """A run that stopped (a lost worker, a system error) can go on with the candidates left (R-X-4)."""
        return self.status == RunStatus.FAILED or self.is_stale


class ExportBatch(BaseModel):
    """Certificates exported together for upload to the national database (R-CERT-6)."""

    number = models.CharField(_("批次号"), max_length=40, unique=True)
    institution = models.ForeignKey(
        Institution, verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="certificate_exports"
    )
    count = models.PositiveIntegerField(_("证书数"))
    sha256 = models.CharField(_("JSON文件SHA-256"), max_length=64)
    created_by = models.ForeignKey(
        User, verbose_name=_("生成人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = ScopePolicy(
        organisation="institution__organisation",
        jurisdiction="institution__visible_in",
        roles={"view": OFFICE_ROLES, "download": EDIT_ROLES},
    )

    class Meta:
        verbose_name = _("证书上报批次")
        verbose_name_plural = _("证书上报批次")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return gettext("%(number)s（%(count)s本）") % {"number": self.number, "count": self.count}


class Certificate(BaseModel):
    """A vocational skill level certificate with its national number and printed fields (R-CERT-1, R-CERT-3)."""

    number = models.CharField(_("证书编号"), max_length=22, unique=True, validators=[certificate_number_validator])
    prefix = models.CharField(_("编号前16位"), max_length=16)
    serial = models.PositiveIntegerField(_("流水号"))
    registration = models.ForeignKey(
        Registration, verbose_name=_("报名"), on_delete=models.PROTECT, related_name="certificates"
    )
    plan = models.ForeignKey(ExamPlan, verbose_name=_("认定计划"), on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        Institution, verbose_name=_("评价机构"), on_delete=models.PROTECT, related_name="certificates"
    )
    league = models.ForeignKey(Jurisdiction, verbose_name=_("认定实施盟市"), on_delete=models.PROTECT, related_name="+")
    site_serial = models.ForeignKey(
        SiteSerial, verbose_name=_("站点序号"), on_delete=models.PROTECT, related_name="certificates"
    )
    candidate = models.ForeignKey(
        User, verbose_name=_("考生账号"), null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = EncryptedTextField(_("证件号码"), context=CANDIDATE_ID_CONTEXT)
    id_number_index = BlindIndexField("id_number", verbose_name=_("证件号码"))
    occupation = models.ForeignKey(Occupation, verbose_name=_("职业"), on_delete=models.PROTECT, related_name="+")
    occupation_code = models.CharField(_("职业编码"), max_length=10)
    occupation_name = models.CharField(_("职业名称"), max_length=100)
    work_type_name = models.CharField(_("工种"), max_length=100, blank=True)
    level = models.PositiveSmallIntegerField(_("职业技能等级"), choices=Level.choices)
    institution_name = models.CharField(_("评价机构（备案名称）"), max_length=200)
    exam_date = models.DateField(_("考核日期"))
    publicity_ended_on = models.DateField(_("公示截止日期"))
    issued_on = models.DateField(_("发证日期"), db_index=True)
    issued_at = models.DateTimeField(_("发证时间"))
    issued_by = models.ForeignKey(
        User, verbose_name=_("发证人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    run = models.ForeignKey(
        IssuanceRun, verbose_name=_("批量发证"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID, db_index=True
    )
    status_reason = models.TextField(_("状态变更依据"), blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    export_batch = models.ForeignKey(
        ExportBatch,
        verbose_name=_("上报批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    exported_at = models.DateTimeField(_("上报时间"), null=True, blank=True)

    scope_policy = CERTIFICATE_POLICY

    class Meta:
        verbose_name = _("职业技能等级证书")
        verbose_name_plural = _("职业技能等级证书")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=~Q(status=CertificateStatus.VOIDED),
                name="certificates_one_live_per_registration",
            ),
            models.UniqueConstraint(fields=["prefix", "serial"], name="certificates_prefix_serial_unique"),
        ]
        indexes = [
            models.Index(fields=["institution", "export_batch", "publicity_ended_on"]),
            models.Index(fields=["league", "issued_on"]),
            # The list's ordering, for the region, a league and an institution (R-X-5).
            models.Index(fields=["-issued_at", "-id"], name="certificates_list_order"),
            models.Index(fields=["league", "-issued_at", "-id"], name="certificates_league_order"),
            models.Index(fields=["institution", "-issued_at", "-id"], name="certificates_inst_order"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def level_label(self) -> str:
        return level_label(self.level)

    @property
    def work_type_display(self) -> str:
        return self.work_type_name.strip() or EMPTY_WORK_TYPE

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def is_exported(self) -> bool:
        return self.export_batch_id is not None


class PublicCertificate(models.Model):
    """What public verification reads: one row per certificate, personal data already masked (R-CERT-4).

    Written with the certificate at issuance and rewritten in the same transaction as every
    status change, so a look-up is one indexed query with no decryption, and a suspension or
    revocation shows in the next answer. The holder's name is kept only as a keyed hash of its
    normalised form, to compare with the name the visitor types.
    """

    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("证书"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="public_record",
    )
    number = models.CharField(_("证书编号"), max_length=22, unique=True)
    name_key = models.CharField(_("姓名摘要"), max_length=64)
    masked_name = models.CharField(_("姓名（脱敏）"), max_length=50)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    masked_id_number = models.CharField(_("证件号码（脱敏）"), max_length=40)
    occupation_code = models.CharField(_("职业编码"), max_length=10)
    occupation_name = models.CharField(_("职业名称"), max_length=100)
    work_type = models.CharField(_("工种"), max_length=100)
    level = models.PositiveSmallIntegerField(_("职业技能等级"), choices=Level.choices)
    institution_name = models.CharField(_("评价机构（备案名称）"), max_length=200)
    issued_on = models.DateField(_("发证日期"))
    status = models.CharField(_("状态"), max_length=10, choices=CertificateStatus.choices)
    status_reason = models.TextField(_("状态变更依据"), blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("证书公开查验记录")
        verbose_name_plural = _("证书公开查验记录")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.masked_name}"


class StatusProposal(BaseModel):
    """A proposed suspension, reinstatement, revocation or voiding, decided by a second person (R-CERT-5)."""

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("证书"), on_delete=models.PROTECT, related_name="proposals"
    )
    kind = models.CharField(_("变更类型"), max_length=10, choices=ProposalKind.choices)
    grounds = models.TextField(_("依据"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING, db_index=True
    )
    proposed_by = models.ForeignKey(User, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("提出时间"))
    decided_by = models.ForeignKey(
        User, verbose_name=_("审批人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    scope_policy = ScopePolicy(
        organisation="certificate__institution__organisation",
        jurisdiction="certificate__league",
        roles={"view": OFFICE_ROLES, "approve": APPROVE_ROLES},
    )

    class Meta:
        verbose_name = _("证书状态变更申请")
        verbose_name_plural = _("证书状态变更申请")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate"],
                condition=Q(status=ProposalStatus.PENDING),
                name="certificates_one_pending_proposal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate.number} {self.get_kind_display()}（{self.get_status_display()}）"


from skillcert.certificates.credential_models import (  # noqa: E402, F401 - offline verification tables
    SigningKey,
    StatusListEntry,
    StatusListSnapshot,
)
