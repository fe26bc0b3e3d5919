"""Workbench tiles of the personnel app, counted in the actor's own scope (R-PER-1, R-SUP-7)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from skillcert.accounts.types import Actor
from skillcert.personnel.selectors import may_view_people, register_counts
from skillcert.portal.dashboard import Tile, register


@register
def personnel_tiles(actor: Actor) -> list[Tile]:
    if not may_view_people(actor):
        return []
    counts = register_counts(actor)
    people = reverse("personnel:people")
    tiles = [
        Tile(gettext("在岗考评与督导人员"), counts["serving"], people, gettext("持有效证卡")),
        Tile(
            gettext("%(value)s天内证卡到期") % {"value": counts["warn_days"]},
            counts["expiring"],
            f"{people}?card=expiring",
            gettext("请安排培训和续期"),
        ),
        Tile(gettext("证卡已过期"), counts["expired"], f"{people}?card=expired", gettext("过期不能派遣")),
        Tile(gettext("处分期内人员"), counts["sanctioned"], reverse("personnel:violations") + "?in_force=true"),
    ]
    if counts["proposals"] or actor.organisation.kind in ("league_center", "region_center"):
        tiles.insert(1, Tile(gettext("待审核的人员推荐"), counts["proposals"], f"{people}?status=proposed"))
    if counts["open_violations"]:
        tiles.append(
            Tile(gettext("待处理违规违纪"), counts["open_violations"], reverse("personnel:violations") + "?status=open")
        )
    return tiles
