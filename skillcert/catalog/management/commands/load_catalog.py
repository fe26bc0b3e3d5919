"""Load or refresh the occupation catalogue from the JSON data file (R-CAT-1..4)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from skillcert.catalog.loader import DATA_PATH
from skillcert.catalog.services import load_catalog
from skillcert.core.errors import DomainError


class Command(BaseCommand):
    help = "从 JSON 数据文件导入或更新职业、工种、职业技能标准、考核科目、配比和申报条件（可重复执行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path", default=str(DATA_PATH), help=gettext("数据文件路径（默认随应用发布的 occupations_2022.json）")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_catalog(actor=None, path=options["path"])
        except FileNotFoundError as exc:
            raise CommandError(gettext("找不到数据文件：%(item)s") % {"item": options["path"]}) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(report.summary() if report.changed else gettext("目录已是最新，无需更改。"))
