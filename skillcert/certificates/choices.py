"""Choices of the certificates app: certificate status, proposals, background runs, audit actions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    """What public verification answers for a number (R-CERT-4, R-CERT-5)."""

    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂停使用")
    REVOKED = "revoked", _("已撤销")
    VOIDED = "voided", _("已作废")


class ProposalKind(models.TextChoices):
    """A change of a certificate's status that needs a second person's approval (R-CERT-5)."""

    SUSPEND = "suspend", _("暂停使用")
    REINSTATE = "reinstate", _("恢复有效")
    REVOKE = "revoke", _("撤销证书")
    VOID = "void", _("作废（错发，上报前）")


PROPOSAL_TARGET: dict[str, str] = {
    ProposalKind.SUSPEND: CertificateStatus.SUSPENDED,
    ProposalKind.REINSTATE: CertificateStatus.VALID,
    ProposalKind.REVOKE: CertificateStatus.REVOKED,
    ProposalKind.VOID: CertificateStatus.VOIDED,
}
PROPOSAL_FROM: dict[str, frozenset[str]] = {
    ProposalKind.SUSPEND: frozenset({CertificateStatus.VALID}),
    ProposalKind.REINSTATE: frozenset({CertificateStatus.SUSPENDED}),
    ProposalKind.REVOKE: frozenset({CertificateStatus.VALID, CertificateStatus.SUSPENDED}),
    ProposalKind.VOID: frozenset({CertificateStatus.VALID}),
}
"""The statuses a certificate must be in for each kind of change."""


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("不予批准")


class RunStatus(models.TextChoices):
    """A plan-wide issuance in the background (R-CERT-2)."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("发证中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("出错中止")


class Event(models.TextChoices):
    """Audit actions written by this app (R-X-1)."""

    SITE_SERIAL_ASSIGNED = "certificates.site_serial_assigned", _("分配站点序号")
    SITE_SERIAL_RETIRED = "certificates.site_serial_retired", _("停用站点序号")
    ISSUED = "certificates.issued", _("颁发证书")
    RUN_QUEUED = "certificates.run_queued", _("批量发证")
    RUN_FINISHED = "certificates.run_finished", _("批量发证完成")
    RUN_INTERRUPTED = "certificates.run_interrupted", _("批量发证中断")
    RUN_RETRIED = "certificates.run_retried", _("继续批量发证")
    STATUS_PROPOSED = "certificates.status_proposed", _("提出证书状态变更")
    STATUS_APPROVED = "certificates.status_approved", _("批准证书状态变更")
    STATUS_REJECTED = "certificates.status_rejected", _("不批准证书状态变更")
    EXPORTED = "certificates.exported", _("生成上报批次")
    EXPORT_DOWNLOADED = "certificates.export_downloaded", _("下载上报文件")
    DOWNLOADED = "certificates.downloaded", _("下载证书")
