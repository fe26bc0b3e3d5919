"""Demo sanctions (seed_demo): one institution under 通报批评, shown on the portal and its public page."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from skillcert.accounts.models import User
from skillcert.institutions.models import Institution
from skillcert.sanctions import services
from skillcert.sanctions.models import Sanction

CRITICISM_GROUNDS = (
    "2026年第三季度“双随机”抽查发现：该机构收费标准未按规定在机构网站和评价场所公示，"
    "部分考场未开启视频监控。依据内人社办发〔2021〕193号 五（五），予以通报批评。"
)


def seed(ctx: dict[str, Any]) -> None:
    """Once: a 通报批评 of the 呼和浩特 demo institution by its league bureau."""
    if Sanction.objects.exists():
        return
    institution = Institution.objects.filter(organisation__code="demo-inst-150100").first()
    bureau = User.objects.filter(username="bureau_150100").first()
    if institution is None or bureau is None:
        return
    services.publish_criticism(
        actor=bureau,
        institution=institution,
        grounds=CRITICISM_GROUNDS,
        publish_from=timezone.localdate() - datetime.timedelta(days=3),
    )
    ctx.setdefault("summary", []).append(f"机构处理：{institution.filed_name} 通报批评（门户首页、机构公开页可见）")
