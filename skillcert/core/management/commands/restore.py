"""python manage.py restore DIR — put a backup back and verify the audit chain (issue #17, R-X-1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from skillcert.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "从备份目录恢复数据库和存储的文件，随后校验审计哈希链（会覆盖当前数据）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(options["source"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not result.audit.ok:
            raise CommandError(
                gettext("已恢复，但审计链断裂：第一个异常事件 #%(broken_id)s：%(reason)s")
                % {"broken_id": result.audit.broken_id, "reason": result.audit.reason}
            )
        self.stdout.write(
            gettext("恢复完成（%(engine)s），审计链完整：已校验 %(checked)s 个事件")
            % {"engine": result.engine, "checked": result.audit.checked}
        )
