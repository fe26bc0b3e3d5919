"""Dossiers per exam plan: five volumes, items, sealing, holds and disposal (R-ARC-1, R-ARC-2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.archives.choices import DisposalStatus, DossierStatus, RecordMedium, Volume
from skillcert.archives.models.files import OFFICE_ROLES, KeptQuerySet, StoredFile
from skillcert.core.errors import DomainError
from skillcert.core.models import BaseModel
from skillcert.core.scoping import ScopePolicy

REGULATOR_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK})


def dossier_policy(path: str) -> ScopePolicy:
    """The institution sees its plans' dossiers, the league those held there, the region all."""
    prefix = f"{path}__" if path else ""
    return ScopePolicy(
        organisation=f"{prefix}plan__institution__organisation",
        jurisdiction=f"{prefix}plan__league",
        roles={
            "view": OFFICE_ROLES,
            "change": frozenset({Role.MANAGER, Role.CLERK}),
            "hold": REGULATOR_ROLES,
            "dispose": frozenset({Role.ADMIN, Role.MANAGER}),
        },
    )


class Dossier(BaseModel):
    """The archive of one exam plan (batch) in five volumes, sealed when the batch ends (R-ARC-1)."""

    plan = models.OneToOneField(
        "exams.ExamPlan", verbose_name=_("认定计划"), on_delete=models.PROTECT, related_name="dossier"
    )
    status = models.CharField(_("状态"), max_length=10, choices=DossierStatus.choices, default=DossierStatus.OPEN)
    assembled_at = models.DateTimeField(_("组卷时间"), null=True, blank=True)
    batch_ended_on = models.DateField(_("批次结束日期"), null=True, blank=True)
    paper_retain_until = models.DateField(_("纸质档案保管至"), null=True, blank=True)
    electronic_retain_until = models.DateField(_("电子档案保管至"), null=True, blank=True)
    sealed_at = models.DateTimeField(_("封卷时间"), null=True, blank=True)
    sealed_by = models.ForeignKey(
        User, verbose_name=_("封卷人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    manifest = models.ForeignKey(
        StoredFile, verbose_name=_("封卷清单"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    manifest_sha256 = models.CharField(_("清单SHA-256"), max_length=64, blank=True)
    seal_event_id = models.BigIntegerField(_("封卷审计事件"), null=True, blank=True)
    disposed_at = models.DateTimeField(_("销毁时间"), null=True, blank=True)

    objects = KeptQuerySet.as_manager()  # type: ignore[misc]
    scope_policy = dossier_policy("")

    class Meta:
        verbose_name = _("认定档案")
        verbose_name_plural = _("认定档案")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return gettext("%(number)s 档案") % {"number": self.plan.number}

    @property
    def is_sealed(self) -> bool:
        return self.status != DossierStatus.OPEN

    @property
    def on_hold(self) -> bool:
        return any(h.lifted_at is None for h in self.holds.all())

    def retained_on(self, today: date) -> bool:
        """In retention: not sealed yet, or before the later of the two retention ends (R-ARC-2)."""
        ends = [d for d in (self.paper_retain_until, self.electronic_retain_until) if d is not None]
        return not ends or today <= max(ends)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DomainError(gettext("档案在保管期内或诉讼保留中不能删除；保管期满后须经销毁审批"), code="retained")


class DossierItem(BaseModel):
    """One entry of a volume's contents list: a generated PDF, a platform file or a scan (R-ARC-1)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="items")
    volume = models.PositiveSmallIntegerField(_("卷"), choices=Volume.choices)
    position = models.PositiveIntegerField(_("顺序号"))
    title = models.CharField(_("题名"), max_length=300)
    medium = models.CharField(_("载体"), max_length=12, choices=RecordMedium.choices, default=RecordMedium.ELECTRONIC)
    generated = models.BooleanField(_("平台生成"), default=False)
    stored_file = models.ForeignKey(StoredFile, verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        User, verbose_name=_("添加人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = KeptQuerySet.as_manager()  # type: ignore[misc]
    scope_policy = dossier_policy("dossier")

    class Meta:
        verbose_name = _("卷内文件")
        verbose_name_plural = _("卷内文件")
        ordering = ["dossier", "volume", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_volume_display()} {self.position}. {self.title}"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DomainError(gettext("卷内文件在保管期内不能删除"), code="retained")


class LegalHold(BaseModel):
    """A regulator's hold on a dossier, with the grounds for setting and for lifting it (R-ARC-2)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="holds")
    grounds = models.TextField(_("保留依据"))
    set_by = models.ForeignKey(User, verbose_name=_("设置人"), on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("设置时间"))
    lift_grounds = models.TextField(_("解除依据"), blank=True)
    lifted_by = models.ForeignKey(
        User, verbose_name=_("解除人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)

    objects = KeptQuerySet.as_manager()  # type: ignore[misc]
    scope_policy = dossier_policy("dossier")

    class Meta:
        verbose_name = _("诉讼保留")
        verbose_name_plural = _("诉讼保留")
        ordering = ["dossier", "-set_at", "-id"]

    def __str__(self) -> str:
        state = gettext("已解除") if self.lifted_at else gettext("生效中")
        return gettext("%(dossier)s 保留（%(state)s）") % {"dossier": self.dossier, "state": state}


class Disposal(BaseModel):
    """Disposal of a dossier after retention: proposed, approved by a second person, with the
    manifest of what was disposed of (R-ARC-2)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="disposals")
    status = models.CharField(_("状态"), max_length=10, choices=DisposalStatus.choices, default=DisposalStatus.PROPOSED)
    reason = models.TextField(_("销毁理由"))
    proposed_by = models.ForeignKey(User, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("提出时间"))
    decided_by = models.ForeignKey(
        User, verbose_name=_("审批人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    manifest = models.ForeignKey(
        StoredFile, verbose_name=_("销毁清单"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    manifest_sha256 = models.CharField(_("清单SHA-256"), max_length=64, blank=True)

    objects = KeptQuerySet.as_manager()  # type: ignore[misc]
    scope_policy = dossier_policy("dossier")

    class Meta:
        verbose_name = _("档案销毁")
        verbose_name_plural = _("档案销毁")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=models.Q(status="proposed"), name="archives_one_open_disposal"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(dossier)s 销毁（%(get_status_display)s）") % {
            "dossier": self.dossier,
            "get_status_display": self.get_status_display(),
        }
