"""python manage.py backup DIR — the database and the stored files into one folder (issue #17)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from skillcert.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库和存储的文件到一个空目录（含各部分的 SHA-256 清单）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            folder = backup(options["target"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(gettext("备份完成：%(path)s") % {"path": folder})
