"""Core's own choices: the audit actions of rules, the calendar, personal data and the audit chain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CoreAction(models.TextChoices):
    """Audit actions recorded by core (named in the audit log through portal.selectors.audit_action_labels)."""

    POLICY_SET = "policy.set", _("修改规则参数")
    POLICY_SOURCE_REGISTERED = "policy.source_registered", _("登记依据文件")
    CALENDAR_SET = "calendar.set", _("设置工作日调整")
    CALENDAR_REMOVE = "calendar.remove", _("删除工作日调整")
    PII_REVEAL = "pii.reveal", _("查看完整个人信息")
    CRYPTO_ROTATE = "crypto.rotate", _("轮换个人信息加密密钥")
    AUDIT_CHAIN_BROKEN = "audit.chain_broken", _("审计链校验发现断裂")
