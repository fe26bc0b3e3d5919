"""Actor-scoped viewsets: every API queryset goes through restrict(actor, action)."""

from __future__ import annotations

from typing import Any, ClassVar


class ScopedViewSetMixin:
    """Narrows every queryset with `restrict(actor, action)`; forbidden rows are 404s."""

    scope_actions: ClassVar[dict[str, str]] = {
        "list": "view",
        "retrieve": "view",
        "create": "add",
        "update": "change",
        "partial_update": "change",
        "destroy": "delete",
    }

    def scoped_action(self) -> str:
        action = getattr(self, "action", None) or "view"
        return self.scope_actions.get(action, action)

    def get_queryset(self) -> Any:
        qs = super().get_queryset()  # type: ignore[misc]
        return qs.restrict(self.request.user, self.scoped_action())  # type: ignore[attr-defined]
