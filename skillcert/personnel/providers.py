"""Workbench tiles of the personnel app, counted in the actor's own scope (R-PER-1, R-SUP-7)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from skillcert.personnel.selectors import may_view_people, register_counts
from skillcert.portal.dashboard import Tile, register


@register
def personnel_tiles(actor: Any) -> list[Tile]:
    if not may_view_people(actor):
        return []
    counts = register_counts(actor)
    people = reverse("personnel:people")
    tiles = [
        Tile("在岗考评与督导人员", counts["serving"], people, "持有效证卡"),
        Tile(
            f"{counts['warn_days']}天内证卡到期",
            counts["expiring"],
            f"{people}?card=expiring",
            "请安排培训和续期",
        ),
        Tile("证卡已过期", counts["expired"], f"{people}?card=expired", "过期不能派遣"),
        Tile("处分期内人员", counts["sanctioned"], reverse("personnel:violations") + "?in_force=true"),
    ]
    if counts["proposals"] or actor.organisation.kind in ("league_center", "region_center"):
        tiles.insert(1, Tile("待审核的人员推荐", counts["proposals"], f"{people}?status=proposed"))
    if counts["open_violations"]:
        tiles.append(
            Tile("待处理违规违纪", counts["open_violations"], reverse("personnel:violations") + "?status=open")
        )
    return tiles
