"""Workbench tiles for sessions, staffing and open cases (R-EXAM-6, R-EXAM-9), from the actor's scope."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from skillcert.accounts.types import Actor
from skillcert.exams.selectors.conduct import case_counts, sessions_in_scope
from skillcert.portal.dashboard import Tile, register

OFFICE = ("admin", "manager", "clerk", "auditor")


@register
def conduct_tiles(actor: Actor) -> list[Tile]:
    if not (actor.is_superuser or actor.has_role(*OFFICE)):
        return []
    now = timezone.now()
    upcoming = sessions_in_scope(actor).filter(starts_at__gte=now, starts_at__lt=now + datetime.timedelta(days=14))
    url = reverse("exams:session_list")
    tiles = [
        Tile(gettext("未来14天考试场次"), upcoming.count(), url),
        Tile(
            gettext("人员配备未确认的场次"),
            upcoming.filter(staffing_confirmation__isnull=True).count(),
            f"{url}?unstaffed=1",
        ),
    ]
    cases = case_counts(actor)
    if cases["objections"] or cases["rechecks"]:
        tiles.append(
            Tile(
                gettext("待办结的公示异议与成绩复核"),
                cases["objections"] + cases["rechecks"],
                "",
                gettext("见各计划“成绩与公示”页"),
            )
        )
    return tiles
