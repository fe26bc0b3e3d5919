"""Platform-wide models: the base model, the audit chain, the calendar and the policy table."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.core.scoping import ANY_ROLE, RestrictedQuerySet, ScopePolicy

# Region-wide reference data: every logged-in user reads it, only region admins change it.
REGION_ADMIN_EDITS = ScopePolicy(roles={"view": ANY_ROLE, "change": frozenset({"admin"})}, shared=frozenset({"view"}))


class BaseModel(models.Model):
    """Timestamps and the actor-scoped manager shared by every domain model (R-ORG-2)."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One append-only, hash-chained record of a change (R-X-1)."""

    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    actor_id = models.BigIntegerField(_("操作人ID"), null=True, blank=True, db_index=True)
    actor_repr = models.CharField(_("操作人"), max_length=200, blank=True)
    organisation_id = models.BigIntegerField(_("机构ID"), null=True, blank=True, db_index=True)
    organisation_repr = models.CharField(_("机构"), max_length=200, blank=True)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("对象ID"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    request_id = models.CharField(_("请求ID"), max_length=64, blank=True)
    ip_address = models.CharField(_("IP地址"), max_length=64, blank=True)
    prev_hash = models.CharField(_("前一哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError(gettext("审计事件只能追加，不能修改"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(gettext("审计事件只能追加，不能删除"))


class CalendarDay(models.Model):
    """An official holiday or adjusted working day the region admin maintains (R-EXAM-10)."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("名称"), max_length=50, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_policy = REGION_ADMIN_EDITS

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = gettext("工作日") if self.is_working_day else gettext("休息日")
        return f"{self.date} {self.name} ({kind})"


class PolicySource(models.Model):
    """A text the platform's rules rest on: document number, title, issuer, effective date (R-X-8)."""

    code = models.SlugField(_("代码"), max_length=50, unique=True)
    number = models.CharField(_("文号"), max_length=100, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发布机关"), max_length=100, blank=True)
    effective_on = models.DateField(_("施行日期"))
    url = models.URLField(_("链接"), blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_policy = REGION_ADMIN_EDITS

    class Meta:
        verbose_name = _("规则依据文件")
        verbose_name_plural = _("规则依据文件")
        ordering = ["effective_on", "code"]

    def __str__(self) -> str:
        return f"{self.number}《{self.title}》" if self.number else f"《{self.title}》"


class PolicyValue(models.Model):
    """A value of a rule the spec marks as a default, in force from a date, with its source (R-X-8).

    Several rows may exist for one key: the one with the latest `effective_from` on or before a
    day is in force that day, so a value adopted by a new document can be entered ahead of time.
    """

    key = models.CharField(_("键"), max_length=100)
    value = models.JSONField(_("值"))
    effective_from = models.DateField(_("生效日期"), default=timezone.localdate)
    source = models.ForeignKey(
        PolicySource, verbose_name=_("依据文件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    article = models.CharField(_("条款"), max_length=100, blank=True)
    is_correction = models.BooleanField(_("更正录入错误"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by_id = models.BigIntegerField(_("录入人ID"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    scope_policy = REGION_ADMIN_EDITS

    class Meta:
        verbose_name = _("规则参数")
        verbose_name_plural = _("规则参数")
        ordering = ["key", "effective_from", "id"]
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="policy_value_key_date")]
        indexes = [models.Index(fields=["key", "-effective_from"], name="policy_value_in_force")]

    def __str__(self) -> str:
        return gettext("%(key)s = %(value)s（%(effective_from)s起）") % {
            "key": self.key,
            "value": self.value,
            "effective_from": self.effective_from,
        }
