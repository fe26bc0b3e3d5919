"""Workbench tiles for examiners and supervisors (their own tasks) and for institutions whose
confirmed staffing was set aside by a later change (R-EXAM-6, R-PER-1)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from skillcert.accounts.choices import Role
from skillcert.accounts.types import Actor
from skillcert.exams.selectors.conduct import sessions_in_scope
from skillcert.exams.selectors.workbench import workbench_for
from skillcert.portal.dashboard import Tile, register

PEOPLE_ROLES = (Role.EXAMINER, Role.INTERNAL_SUPERVISOR, Role.EXTERNAL_SUPERVISOR, Role.EXPERT)
OFFICE = ("admin", "manager", "clerk", "auditor")


@register
def workbench_tiles(actor: Actor) -> list[Tile]:
    tiles: list[Tile] = []
    if actor.has_role(*PEOPLE_ROLES):
        bench = workbench_for(actor)
        url = reverse("exams:my_assignments")
        tiles += [
            Tile(_("我的考务任务"), len(bench.assignments), url),
            Tile(_("证卡即将到期"), len(bench.cards_due), url, _("90天内到期，请及时续期")),
            Tile(_("须参加培训"), len(bench.training_due), url),
        ]
        if bench.sheets:
            tiles.append(Tile(_("待签名评分表"), bench.to_sign, url + "#sheets"))
        if bench.gaps:
            tiles.append(Tile(_("待裁定分差"), len(bench.gaps), url + "#gaps", _("考评人员评分分差超过上限")))
    if actor.is_superuser or actor.has_role(*OFFICE):
        set_aside = (
            sessions_in_scope(actor)
            .filter(staffing_confirmation__set_aside_at__isnull=False)
            .exclude(plan__status__in=["final", "cancelled", "stopped", "publicity"])
            .count()
        )
        if set_aside:
            tiles.append(
                Tile(
                    _("人员配备确认已失效的场次"),
                    set_aside,
                    reverse("exams:session_list") + "?set_aside=1",
                    _("考生、座位或人员资格变化后配备不再符合要求，请按原因调整后重新确认"),
                )
            )
    return tiles
