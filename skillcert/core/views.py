"""Operational endpoints."""

from __future__ import annotations

import time

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness plus a real database round trip, as JSON for the load balancer."""
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure is "down"
        return JsonResponse({"status": "error", "database": "down", "error": type(exc).__name__}, status=503)
    return JsonResponse(
        {
            "status": "ok",
            "database": connection.vendor,
            "database_ms": round((time.monotonic() - started) * 1000, 2),
        }
    )
