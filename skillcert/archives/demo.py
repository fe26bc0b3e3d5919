"""Demo archive: one sealed dossier for a plan whose results are final and certificates issued (R-ARC-1)."""

from __future__ import annotations

from typing import Any

from skillcert.accounts.choices import Role
from skillcert.accounts.models import User
from skillcert.archives.choices import DossierStatus
from skillcert.archives.models import Dossier
from skillcert.archives.services.dossiers import open_dossier, seal_dossier
from skillcert.certificates.models import Certificate
from skillcert.exams.choices import PlanStatus
from skillcert.exams.models import ExamPlan


def seed(ctx: dict[str, Any]) -> None:
    if Dossier.objects.filter(status=DossierStatus.SEALED).exists():
        return
    plan = (
        ExamPlan.objects.filter(status=PlanStatus.FINAL, pk__in=Certificate.objects.values("plan"))
        .select_related("institution")
        .order_by("id")
        .first()
    )
    if plan is None:
        ctx.setdefault("notes", []).append("档案演示：没有已发证的演示计划，未封卷")
        return
    clerk = User.objects.filter(organisation=plan.institution.organisation, roles__role=Role.CLERK).first()
    dossier = seal_dossier(actor=clerk, dossier=open_dossier(actor=clerk, plan=plan))
    ctx.setdefault("summary", []).append(
        f"认定档案：计划 {plan.number} 已封卷，{dossier.items.count()}个卷内文件，"
        f"清单摘要 {dossier.manifest_sha256[:16]}…"
    )
