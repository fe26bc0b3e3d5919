"""Tables behind offline verification: the region's Ed25519 signing keys, each certificate's slot in
the public status list, and the signed status lists as last published (R-CERT-4, R-CERT-5).

Imported by `skillcert.certificates.models`, so the models belong to the certificates app.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skillcert.core.fields import EncryptedTextField

SIGNING_KEY_CONTEXT = "certificates.signingkey.private_key"


class StatusPurpose(models.TextChoices):
    """The published bitstring status lists (W3C Bitstring Status List v1.0 `statusPurpose`).

    New credentials carry one ``message`` entry (2 bits: valid, suspended, revoked, voided); the
    one-bit revocation and suspension lists stay published for credentials issued before it.
    """

    MESSAGE = "message", _("状态（2位）")
    REVOCATION = "revocation", _("撤销")
    SUSPENSION = "suspension", _("暂停")


class SigningKey(models.Model):
    """An Ed25519 key of the issuing region: the private half encrypted with the data keys (R-X-3).

    Exactly one key is active (not retired); a retired key stays published so that what it signed
    keeps verifying, and it never signs again.
    """

    kid = models.CharField(_("密钥标识"), max_length=32, unique=True)
    algorithm = models.CharField(_("算法"), max_length=16, default="Ed25519")
    public_key = models.CharField(_("公钥（base64url）"), max_length=64)
    private_key = EncryptedTextField(_("私钥（加密存储）"), context=SIGNING_KEY_CONTEXT)
    created_at = models.DateTimeField(_("启用时间"))
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("证书签名密钥")
        verbose_name_plural = _("证书签名密钥")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["algorithm"], condition=Q(retired_at__isnull=True), name="certificates_one_active_signing_key"
            )
        ]

    def __str__(self) -> str:
        return self.kid

    @property
    def is_active(self) -> bool:
        return self.retired_at is None


class StatusListEntry(models.Model):
    """The certificate's index in both status lists; drawn at random so indexes reveal no order."""

    certificate = models.OneToOneField(
        "certificates.Certificate", verbose_name=_("证书"), on_delete=models.CASCADE, related_name="status_entry"
    )
    index = models.PositiveIntegerField(_("状态列表序号"), unique=True)
    created_at = models.DateTimeField(_("分配时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("状态列表序号")
        verbose_name_plural = _("状态列表序号")
        ordering = ["index"]

    def __str__(self) -> str:
        return f"{self.index}"


class StatusListSnapshot(models.Model):
    """The signed status list credential as last built for one purpose, with its ETag."""

    purpose = models.CharField(_("用途"), max_length=16, choices=StatusPurpose.choices, unique=True)
    token = models.TextField(_("签名的状态列表凭证（JWT）"))
    etag = models.CharField(_("ETag"), max_length=80)
    bits_sha256 = models.CharField(_("位串SHA-256"), max_length=64)
    built_at = models.DateTimeField(_("生成时间"))
    checked_at = models.DateTimeField(_("核对时间"))
    stale = models.BooleanField(
        _("待重建"), default=False, help_text=_("证书状态变更时在同一事务中置位，下一次读取前先重建")
    )

    class Meta:
        verbose_name = _("证书状态列表")
        verbose_name_plural = _("证书状态列表")
        ordering = ["purpose"]

    def __str__(self) -> str:
        return self.purpose
