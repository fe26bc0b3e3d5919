"""Template pieces every list page shares: `{% pager page export=True %}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from skillcert.core.listing import EXPORT_FORMATS, query_without

register = template.Library()


@register.inclusion_tag("core/_pager.html", takes_context=True)
def pager(context: template.Context, page: Any, export: bool = False, unit: str = "") -> dict[str, Any]:
    """Count, previous/next links keeping the filters, and the Excel/PDF export links."""
    request = context.get("request")
    query = query_without(request) if request is not None else ""
    return {
        "page": page,
        "query": query,
        "unit": unit or _("条"),
        "exports": list(EXPORT_FORMATS.items()) if export else [],
    }
