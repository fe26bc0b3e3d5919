"""Stored files: every uploaded or generated file, addressed by its SHA-256 (R-ARC-1, R-ARC-2)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import Role
from skillcert.accounts.models import Jurisdiction, Organisation, User
from skillcert.archives.choices import FilePurpose
from skillcert.core.errors import DomainError
from skillcert.core.scoping import RestrictedQuerySet, ScopePolicy

OFFICE_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.AUDITOR})
"""Office roles that read archive records."""


class KeptQuerySet(RestrictedQuerySet[Any]):
    """Archive rows are never deleted in bulk: disposal marks them and removes the content (R-ARC-2)."""

    def delete(self) -> tuple[int, dict[str, int]]:
        raise DomainError(gettext("档案记录在保管期内不能删除；保管期满后须经销毁审批"), code="retained")


class StoredFile(models.Model):
    """One uploaded or generated file: content digest, size, type, uploader; the bytes live once
    per digest in Django's storage (filesystem by default, S3-compatible when configured) (R-ARC-1)."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("文件类型"), max_length=100)
    original_name = models.CharField(_("原文件名"), max_length=200)
    name = models.CharField(_("存储位置"), max_length=200, help_text=_("按内容摘要寻址，同一内容只存一份"))
    purpose = models.CharField(_("用途"), max_length=40, choices=FilePurpose.choices, db_index=True)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("所属机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("所属盟市"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        "exams.ExamPlan",
        verbose_name=_("认定计划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_type = models.CharField(_("所属记录类型"), max_length=100, blank=True, db_index=True)
    subject_id = models.CharField(_("所属记录ID"), max_length=64, blank=True, db_index=True)
    disposed_at = models.DateTimeField(_("销毁时间"), null=True, blank=True)

    objects = KeptQuerySet.as_manager()
    scope_policy = ScopePolicy(
        organisation="organisation",
        jurisdiction="jurisdiction",
        owner="uploaded_by",
        roles={"view": OFFICE_ROLES | {Role.CANDIDATE}, "download": OFFICE_ROLES | {Role.CANDIDATE}},
    )

    class Meta:
        verbose_name = _("存储文件")
        verbose_name_plural = _("存储文件")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.original_name}（{self.sha256[:12]}）"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.disposed_at is None:
            raise DomainError(gettext("文件在保管期内不能删除；保管期满后须经销毁审批"), code="retained")
        return super().delete(*args, **kwargs)
