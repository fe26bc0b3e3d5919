"""Core API: the audit log, scoped like the page (R-X-1, R-X-5)."""

from __future__ import annotations

from typing import Any

import django_filters
from rest_framework import generics, serializers

from skillcert.core.models import AuditEvent
from skillcert.core.selectors import audit_events_visible_to


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "actor_id",
            "actor_repr",
            "organisation_id",
            "organisation_repr",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "request_id",
            "prev_hash",
            "hash",
        ]


class AuditEventFilterSet(django_filters.FilterSet):
    action = django_filters.CharFilter(label="操作（前缀）", lookup_expr="startswith")
    object_type = django_filters.CharFilter(label="对象类型")
    object_id = django_filters.CharFilter(label="对象ID")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id"]


class AuditEventList(generics.ListAPIView[AuditEvent]):
    """Audit events the actor may read, newest first."""

    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet

    def get_queryset(self) -> Any:
        return audit_events_visible_to(self.request.user).order_by("-id")
