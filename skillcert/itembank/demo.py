"""Demo data of the item bank (via `seed_demo`): 呼和浩特示范中心's 中式烹调师 level-4 theory bank with
its 细目表, approved items of every type and two waiting for review, a blueprint assembled into two
sealed parallel variants, and the 第二批 plan's theory session held on computers (R-BANK-1..4).
Built by the public builders in `skillcert.demo.itembank`; running the seed again changes nothing."""

from __future__ import annotations

from typing import Any

from skillcert.catalog.choices import ComponentKind
from skillcert.catalog.models import StandardLevel
from skillcert.demo.builders import demo_user
from skillcert.demo.itembank import assemble_demo_papers, build_demo_bank, demo_blueprint, schedule_demo_cbt
from skillcert.exams.models import ExamSession
from skillcert.institutions.models import Institution
from skillcert.itembank.models import Bank, CbtSession

OCCUPATION = "4-03-02-01"  # i18n: data


def seed(ctx: dict[str, Any]) -> None:
    institution = Institution.objects.filter(organisation__code="demo-inst-150100").first()
    if institution is None:
        return
    level = StandardLevel.objects.filter(
        standard__occupation__code=OCCUPATION, standard__is_current=True, level=4
    ).first()
    if level is None:
        return
    manager, clerk = demo_user("inst_150100_manager"), demo_user("inst_150100_clerk")
    bank = Bank.objects.filter(institution=institution, standard_level=level).first()
    if bank is None:
        bank = build_demo_bank(institution=institution, standard_level=level, author=clerk, reviewer=manager).bank
        assembly = assemble_demo_papers(blueprint=demo_blueprint(bank=bank, actor=manager), actor=clerk)
        session = (
            ExamSession.objects.filter(
                plan__institution=institution,
                plan__occupation__code=OCCUPATION,
                component=ComponentKind.THEORY,
                level=4,
                cbt__isnull=True,
            )
            .order_by("-starts_at")
            .first()
        )
        if session is not None:
            schedule_demo_cbt(exam_session=session, assembly=assembly, actor=clerk)
    sessions = CbtSession.objects.filter(assembly__bank=bank).count()
    ctx.setdefault("summary", []).append(
        f"题库：{bank.name}，试题 {bank.items.count()} 道，组卷 {bank.assemblies.count()} 次（密封平行卷），"
        f"机考场次 {sessions} 个；题库 /itembank/，机考 /itembank/cbt/"
    )
