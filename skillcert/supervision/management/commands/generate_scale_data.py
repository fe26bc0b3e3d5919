"""`manage.py generate_scale_data`: region-scale data in minutes (R-SUP-1; COPY on PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from skillcert.supervision.scale import generate


class Command(BaseCommand):
    help = "生成全区规模的真实有效数据（评价机构、计划、场次、报名、成绩、证书），PostgreSQL 上用 COPY"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--institutions", type=int, default=1000)
        parser.add_argument("--plans", type=int, default=24000)
        parser.add_argument("--sessions", type=int, default=20000)
        parser.add_argument("--certificates", type=int, default=1_000_000)
        parser.add_argument("--years", type=int, default=2)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--outlier-league", default=None, help=gettext("该盟市部分机构合格率接近100%%（演示预警）"))
        parser.add_argument("--no-rollups", action="store_true", help=gettext("不重算仪表盘汇总表"))

    def handle(self, *args: Any, **o: Any) -> None:
        for name in ("institutions", "plans", "certificates", "years"):
            if o[name] < 1:
                raise CommandError(gettext("%(name)s：应为正整数") % {"name": name})
        if o["sessions"] < 0:
            raise CommandError(gettext("sessions：不能为负数"))
        report = generate(
            institutions=o["institutions"],
            plans=o["plans"],
            sessions=o["sessions"],
            certificates=o["certificates"],
            years=o["years"],
            seed=o["seed"],
            outlier_league=o["outlier_league"],
            echo=self.stdout.write,
        )
        rate = report.total / report.seconds if report.seconds else 0
        self.stdout.write(
            gettext("写入：")
            + "，".join(f"{k} {v}" for k, v in report.rows.items())
            + gettext("；用时 %(seconds)s 秒，约 %(rate)s 行/秒")
            % {"seconds": format(report.seconds, ".1f"), "rate": format(rate, ",.0f")}
        )
        if not o["no_rollups"]:
            from skillcert.supervision.services.rollups import rebuild_rollups

            self.stdout.write(gettext("汇总表：%(rebuild_rollups)s 行") % {"rebuild_rollups": rebuild_rollups()})
