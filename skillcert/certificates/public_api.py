"""Public verification API (R-CERT-4, R-PUB-1): by number and name, or by the QR code's signed token.

No login; rate-limited per client address. A malformed number answers 400 naming each wrong
segment, an unknown number (or a name that does not match) 404, too many look-ups 429.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language, gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.certificates import verification
from skillcert.certificates.serializers import PublicAnswerSerializer
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.middleware import client_ip
from skillcert.core.replica import reads_from_replica

MALFORMED = OpenApiResponse(description=gettext_lazy("证书编号格式错误（逐段说明哪一段不符）或缺少姓名"))
UNKNOWN = OpenApiResponse(description=gettext_lazy("未查询到与该编号和姓名相符的证书"))
LIMITED = OpenApiResponse(description=gettext_lazy("查询过于频繁（按客户端地址限流），见 Retry-After"))


def _throttle(request: Request) -> None:
    if (error := getattr(request._request, "_verify_error", None)) is not None:
        _raise_for(error)  # the lean path counted this look-up already and found what went wrong
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
def verify_api(request: Request) -> Response:
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


# The lean path (issue #16): the answers DRF gives for the common look-ups, found or not found, written
# directly as DRF's JSONRenderer writes them (compact, unescaped), with DRF's headers. Everything else
# (a browser asking for the browsable API, a format, a malformed number, the rate limit) goes to the
# DRF view above, which answers as it always has; the OpenAPI schema is the DRF view's.
_DRF_HEADERS = {"Vary": "Accept", "Allow": "GET, OPTIONS"}
_not_found_bodies: dict[str, bytes] = {}


def _json(status: int, data: dict[str, Any]) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _bytes(status, body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode())


def _bytes(status: int, body: bytes) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type="application/json", headers=_DRF_HEADERS)
    response.headers["Content-Length"] = str(len(body))  # as CommonMiddleware sets it on the full chain
    return response


def _lean(request: HttpRequest) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "*/*") or "*/*"
    return (
        request.method == "GET"
        and "format" not in request.GET
        and "html" not in accept
        and ("*/*" in accept or "application/json" in accept)
    )


@reads_from_replica
def verify(request: HttpRequest) -> HttpResponse:
    """Public verification by number and name: the lean path for found and unknown (R-CERT-4)."""
    if not _lean(request):
        return verify_api(request)  # type: ignore[no-any-return]
    try:
        number, name = request.GET.get("number", ""), request.GET.get("name", "")
        record = verification.rate_checked(
            client_ip(request), lambda: verification.find_by_number_and_name(number, name)
        )
    except NotFoundError:
        language = get_language() or ""
        if (body := _not_found_bodies.get(language)) is None:
            body = _json(404, {"code": "not_found", "detail": gettext("未找到该记录")}).content
            _not_found_bodies[language] = body
        response = _bytes(404, body)
        # An unknown number is an ordinary answer of a public look-up, not a fault: no WARNING line each.
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
    except (ValidationError, DomainError, verification.RateLimited) as exc:
        request._verify_error = exc  # type: ignore[attr-defined]
        return verify_api(request)  # type: ignore[no-any-return]
    return _json(200, dataclasses.asdict(verification.public_answer(record)))


# drf-spectacular documents a path whose view has `cls`: the DRF view's, so the schema is unchanged.
verify.cls = verify_api.cls  # type: ignore[attr-defined]
verify.initkwargs = verify_api.initkwargs  # type: ignore[attr-defined]


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


def _rendered_verify(request: HttpRequest) -> HttpResponse:
    """The view, its DRF answers rendered as Django's handler renders them before the middleware sees them."""
    response = verify(request)
    if callable(getattr(response, "render", None)):
        response = response.render()  # type: ignore[attr-defined]
    if not response.streaming and not response.has_header("Content-Length"):
        response.headers["Content-Length"] = str(len(response.content))  # as CommonMiddleware does
    return response


class LeanVerifyMiddleware:
    """Public verification's JSON look-ups skip the middleware that serves signed-in pages (issue #16).

    Placed after the security, request-id, replica-pin and public-address middleware, it answers a GET of
    /api/v1/public/certificates/verify that the lean path takes (JSON, no format) through only the
    middleware such an answer needs: language (Accept-Language, Content-Language, Vary), X-Frame-Options and
    the Content-Security-Policy, the same classes the rest of the site uses. Sessions, CSRF, authentication,
    messages, the idle timeout and the second factor are for signed-in users, and URL resolution is a
    constant path; the rate limit is the view's own (shared cache). Everything else, a browser included,
    takes the full chain as before.
    """

    def __init__(self, get_response: Any) -> None:
        from csp.middleware import CSPMiddleware
        from django.middleware.clickjacking import XFrameOptionsMiddleware
        from django.middleware.locale import LocaleMiddleware

        self.get_response = get_response
        chain: Any = CSPMiddleware(_rendered_verify)
        chain = XFrameOptionsMiddleware(chain)
        self.lean: Any = LocaleMiddleware(chain)
        self.path: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.path is None:
            from django.urls import reverse

            self.path = reverse("public-certificate-verify")
        if request.path_info == self.path and _lean(request):
            return self.lean(request)  # type: ignore[no-any-return]
        return self.get_response(request)  # type: ignore[no-any-return]
