"""`manage.py scan_alerts [--kind K ...] [--since YYYY-MM-DD]`: run the alert rules now (R-SUP-2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.core.errors import DomainError
from skillcert.supervision.services.scan import run_scan


class Command(BaseCommand):
    help = "扫描预警规则：新增、更新并自动解除预警，并打印每条规则的结果"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", action="append", dest="kinds", help=gettext("只扫描该类型（可重复）"))
        parser.add_argument("--since", help=gettext("只看该日期（YYYY-MM-DD）及以后的事实"))
        parser.add_argument("--no-rollups", action="store_true", help=gettext("不重算仪表盘汇总表"))

    def handle(self, *args: Any, **options: Any) -> None:
        since = None
        if options.get("since"):
            try:
                since = date.fromisoformat(options["since"])
            except ValueError as exc:
                raise CommandError(
                    gettext("起始日期：%(value)s 不是有效日期（格式 YYYY-MM-DD）") % {"value": options["since"]}
                ) from exc
        started = timezone.now()
        try:
            report = run_scan(kind_codes=options.get("kinds"), since=since, echo=self.stdout.write)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if not options.get("no_rollups") and not options.get("kinds"):
            from skillcert.supervision.services.rollups import rebuild_rollups

            rows = rebuild_rollups(since=since)
            self.stdout.write(gettext("汇总表：%(rows)s 行") % {"rows": rows})
        total = report.total
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            gettext(
                "合计：发现 %(found)s，新增 %(raised)s，重新出现 %(reopened)s，更新 %(refreshed)s，自动解除 %(resolved)s；失败规则 %(len)s；用时 %(seconds)s 秒"  # noqa: E501
            )
            % {
                "found": total.found,
                "raised": total.raised,
                "reopened": total.reopened,
                "refreshed": total.refreshed,
                "resolved": total.resolved,
                "len": len(report.failures),
                "seconds": format(seconds, ".1f"),
            }
        )
        if report.failures:
            raise CommandError(gettext("以下规则失败，下次扫描会补全：") + "、".join(report.failures))
