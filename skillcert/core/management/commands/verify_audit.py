"""python manage.py verify_audit — check the audit hash chain (R-X-1)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from skillcert.core.audit import verify_chain


class Command(BaseCommand):
    help = "校验审计事件哈希链，报告检查数量或第一个断裂的事件"

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if result.ok:
            self.stdout.write(
                f"审计链完整：已校验 {result.checked} 个事件 (checked {result.checked} events, chain intact)"
            )
            return
        raise CommandError(
            f"审计链断裂：第一个异常事件 #{result.broken_id}：{result.reason}（此前 {result.checked} 个事件校验通过）"
        )
