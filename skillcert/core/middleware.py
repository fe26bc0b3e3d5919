"""Request id for every request, echoed in the response and recorded in audit events."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from skillcert.core.context import RequestMeta, reset_request_meta, set_request_meta

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = set_request_meta(RequestMeta(request_id=request_id, ip_address=client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            reset_request_meta(token)
        response["X-Request-ID"] = request_id
        return response
