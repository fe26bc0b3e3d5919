"""python manage.py verify_audit — check the audit hash chain (R-X-1)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from skillcert.core.audit import verify_chain


class Command(BaseCommand):
    help = "校验审计事件哈希链，报告检查数量或第一个断裂的事件"

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if result.ok:
            self.stdout.write(
                gettext("审计链完整：已校验 %(checked)s 个事件 (checked %(checked2)s events, chain intact)")
                % {"checked": result.checked, "checked2": result.checked}
            )
            return
        raise CommandError(
            gettext("审计链断裂：第一个异常事件 #%(broken_id)s：%(reason)s（此前 %(checked)s 个事件校验通过）")
            % {"broken_id": result.broken_id, "reason": result.reason, "checked": result.checked}
        )
