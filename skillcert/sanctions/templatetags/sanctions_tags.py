"""Sanctions shown on institution pages: the public history and the staff history (R-SUP-6)."""

from __future__ import annotations

from typing import Any

from django import template

from skillcert.sanctions import selectors

register = template.Library()


@register.inclusion_tag("sanctions/_public_history.html")
def public_sanctions(institution: Any) -> dict[str, Any]:
    """通报批评 in publication, 限期整改 orders and decisions in force, on the institution's public page."""
    return {"sanctions": selectors.public_history(institution)}


@register.inclusion_tag("sanctions/_history.html", takes_context=True)
def sanction_history(context: Any, institution: Any) -> dict[str, Any]:
    """Every measure on the institution the viewer may see, for the staff institution page."""
    user = context["request"].user
    return {"sanctions": selectors.sanctions_visible_to(user).filter(institution=institution)}


@register.inclusion_tag("sanctions/_portal_criticisms.html")
def portal_criticisms(limit: int = 5) -> dict[str, Any]:
    """The latest 通报批评 in publication, on the public portal's home page."""
    return {"sanctions": selectors.published_criticisms()[:limit]}
