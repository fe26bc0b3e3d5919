"""Public verification API (R-CERT-4, R-PUB-1): by number and name, or by the QR code's signed token.

No login; rate-limited per client address. A malformed number answers 400 naming each wrong
segment, an unknown number (or a name that does not match) 404, too many look-ups 429.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.certificates import verification
from skillcert.certificates.public_wsgi import ERROR_KEY
from skillcert.certificates.serializers import PublicAnswerSerializer
from skillcert.core.errors import DomainError
from skillcert.core.middleware import client_ip
from skillcert.core.replica import reads_from_replica

MALFORMED = OpenApiResponse(description=gettext_lazy("证书编号格式错误（逐段说明哪一段不符）或缺少姓名"))
UNKNOWN = OpenApiResponse(description=gettext_lazy("未查询到与该编号和姓名相符的证书"))
LIMITED = OpenApiResponse(description=gettext_lazy("查询过于频繁（按客户端地址限流），见 Retry-After"))


def _throttle(request: Request) -> None:
    if (error := request._request.META.get(ERROR_KEY)) is not None:
        _raise_for(error)  # the lean path (public_wsgi) counted this look-up already and met this error
    try:
        verification.check_rate(client_ip(request._request))
    except verification.RateLimited as exc:
        # The message already says how long to wait; DRF would append the wait a second time.
        _raise_for(exc)


def _answer(certificate: object) -> Response:
    answer = verification.public_answer(certificate)  # type: ignore[arg-type]
    return Response(PublicAnswerSerializer(answer).data)


@extend_schema(
    summary=gettext_lazy("证书查验：按证书编号和姓名"),
    parameters=[
        OpenApiParameter("number", OpenApiTypes.STR, required=True, description=gettext_lazy("22位证书编号")),
        OpenApiParameter("name", OpenApiTypes.STR, required=True, description=gettext_lazy("持证人姓名")),
    ],
    responses={200: PublicAnswerSerializer, 400: MALFORMED, 404: UNKNOWN, 429: LIMITED},
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([permissions.AllowAny])
@reads_from_replica
def verify(request: Request) -> Response:
    _throttle(request)
    try:
        certificate = verification.find_by_number_and_name(
            request.query_params.get("number", ""), request.query_params.get("name", "")
        )
    except ValidationError as exc:
        _raise_for(exc)
    return _answer(certificate)


def _raise_for(exc: Exception) -> Any:
    """Raise what the DRF view answers for a failed look-up (a malformed number names each segment)."""
    if isinstance(exc, verification.RateLimited):
        throttled = exceptions.Throttled(detail=str(exc))
        throttled.wait = exc.retry_after  # type: ignore[attr-defined]
        raise throttled from exc
    if isinstance(exc, ValidationError):
        messages = [str(m) for m in exc.messages]
        error = DomainError(gettext("证书编号：") + "；".join(messages), field="number", code="certificate_number")
        error.errors = {"number": messages}
        raise error from exc
    raise exc


@extend_schema(
    summary=gettext_lazy("证书查验：按二维码中的签名令牌"),
    parameters=[
        OpenApiParameter("token", OpenApiTypes.STR, required=True, description=gettext_lazy("二维码链接中的令牌"))
    ],
    responses={200: PublicAnswerSerializer, 400: MALFORMED, 404: UNKNOWN, 429: LIMITED},
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([permissions.AllowAny])
@reads_from_replica
def verify_qr(request: Request) -> Response:
    _throttle(request)
    return _answer(verification.find_by_token(request.query_params.get("token", "")))
