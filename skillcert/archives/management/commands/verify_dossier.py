"""`manage.py verify_dossier [PLAN_NUMBER ...] [--all]`: re-check sealed dossiers (R-ARC-1)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from skillcert.archives.choices import DossierStatus
from skillcert.archives.models import Dossier
from skillcert.archives.verification import verify_dossier


class Command(BaseCommand):
    help = "核对已封卷档案的每个文件与封卷清单、清单与审计链是否一致，列出被改动或丢失的文件"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plans", nargs="*", help=gettext("认定计划编号（不填则需 --all）"))
        parser.add_argument("--all", action="store_true", help=gettext("核对全部已封卷档案"))

    def handle(self, *args: Any, **options: Any) -> None:
        dossiers = Dossier.objects.select_related("plan", "manifest").order_by("id")
        if options["plans"]:
            dossiers = dossiers.filter(plan__number__in=options["plans"])
            missing = set(options["plans"]) - set(dossiers.values_list("plan__number", flat=True))
            if missing:
                raise CommandError(gettext("没有这些计划的档案：%(join)s") % {"join": "、".join(sorted(missing))})
        elif options["all"]:
            dossiers = dossiers.filter(status=DossierStatus.SEALED)
        else:
            raise CommandError(gettext("请给出计划编号，或用 --all 核对全部已封卷档案"))
        failed = 0
        for dossier in dossiers:
            check = verify_dossier(dossier)
            if check.ok:
                self.stdout.write(
                    gettext("%(number)s：%(checked)s 个文件与封卷清单一致")
                    % {"number": dossier.plan.number, "checked": check.checked}
                )
                continue
            failed += 1
            self.stdout.write(
                gettext("%(number)s：发现 %(len)s 处不一致")
                % {"number": dossier.plan.number, "len": len(check.problems)}
            )
            for problem in check.problems:
                self.stdout.write(f"  - {problem}")
        if failed:
            raise CommandError(gettext("%(failed)s 份档案核对未通过") % {"failed": failed})
