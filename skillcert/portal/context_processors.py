from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext

from skillcert.portal.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"nav_items": navigation_for(user), "site_title": gettext("职业技能等级认定监管平台")}
