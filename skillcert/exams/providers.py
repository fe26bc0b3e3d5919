"""Workbench tiles of the exams app (plans, registrations, reviews), each a real count from the actor's scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from skillcert.accounts.choices import Role
from skillcert.accounts.types import Actor
from skillcert.exams.choices import ANNOUNCED_STATUSES, PlanStatus, RegistrationStatus
from skillcert.exams.models import ExamPlan, PlanQuery, Registration
from skillcert.exams.models.policies import OFFICE_ROLES
from skillcert.portal.dashboard import Tile, register


@register
def exam_tiles(actor: Actor) -> list[Tile]:
    if actor.has_role(Role.CANDIDATE):
        mine = Registration.objects.restrict(actor, "apply")
        return [
            Tile(gettext("我的报名"), mine.count(), reverse("exams:my_registrations")),
            Tile(
                gettext("正在报名的认定公告"),
                ExamPlan.objects.filter(status=PlanStatus.OPEN).count(),
                reverse("exams:announcements"),
            ),
        ]
    if not (actor.is_superuser or actor.role_codes & OFFICE_ROLES):
        return []
    plans = ExamPlan.objects.restrict(actor, "view")
    url = reverse("exams:plan_list")
    tiles = [
        Tile(
            gettext("认定计划（进行中）"), plans.filter(status__in=ANNOUNCED_STATUSES - {PlanStatus.FINAL}).count(), url
        ),
        Tile(
            gettext("待答复的质询"),
            PlanQuery.objects.restrict(actor, "view").filter(answered_at__isnull=True).count(),
            url + "?status=questioned",
        ),
    ]
    if actor.organisation.scope_level == "institution":
        tiles.append(
            Tile(
                gettext("待资格审核的报名"),
                Registration.objects.restrict(actor, "view").filter(status=RegistrationStatus.SUBMITTED).count(),
                url,
                gettext("在计划的“报名与资格审核”中逐人审核"),
            )
        )
    return tiles
