"""The entry-stage timeline (征集 → 遴选 → 评估 → 备案 → 公布) shown on application pages."""

from __future__ import annotations

from typing import Any

from django import template

from skillcert.institutions.choices import ApplicationKind, ApplicationStatus, EntryStage
from skillcert.institutions.models import FilingApplication
from skillcert.institutions.selectors import calls_for_application, entry_timeline

register = template.Library()


@register.inclusion_tag("institutions/_entry_stages.html", takes_context=True)
def entry_stages(context: dict[str, Any], application: FilingApplication, decide: bool = False) -> dict[str, Any]:
    """The timeline of a first filing; with `decide`, the competent authority's forms for the open stage."""
    if application.kind != ApplicationKind.INITIAL:
        return {"lines": []}
    lines = entry_timeline(application)
    current = next((line.stage for line in lines if line.state == "current"), "")
    user = context.get("request").user if context.get("request") else None  # type: ignore[union-attr]
    may_decide = bool(
        decide
        and user is not None
        and user.is_authenticated
        and application.status == ApplicationStatus.SUBMITTED
        and (user.is_superuser or user.organisation_id == application.competent_authority_id)
    )
    return {
        "application": application,
        "lines": lines,
        "current": current,
        "may_select": may_decide and current == EntryStage.SELECTION,
        "may_assess": may_decide and current == EntryStage.ASSESSMENT,
        "calls": list(calls_for_application(application)) if may_decide else [],
        "csrf_token": context.get("csrf_token"),
    }
