"""API error format (R-X-4) and pagination; kept apart from viewsets so DRF settings can import it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.pagination import EstimatedCountPaginator


class Pagination(pagination.PageNumberPagination):
    django_paginator_class = EstimatedCountPaginator  # an unfiltered million-row list is counted by estimate
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Any) -> int | None:
        """A page_size that is not a whole number from 1 up answers 400 instead of being ignored."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("每页条数：应为1至%(n)s之间的整数") % {"n": self.max_page_size}]}
            )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_size_query_param, self.page_query_param):
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters


def flatten_messages(detail: Any) -> list[str]:
    """Every message in a DRF error detail (nested dicts and lists), in order."""
    if isinstance(detail, dict):
        return [m for v in detail.values() for m in flatten_messages(v)]
    if isinstance(detail, list):
        return [m for v in detail for m in flatten_messages(v)]
    return [str(detail)]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Domain and validation errors become 400 with Chinese messages per field (R-X-4)."""
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        err = DomainError.from_validation_error(exc)
        return Response(err.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, NotFoundError | Http404):
        exc = exceptions.NotFound(gettext("未找到该记录"))
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"__all__": exc.detail}
        messages = flatten_messages(errors)
        response.data = {
            "code": "invalid",
            "detail": messages[0] if messages else gettext("输入有误"),
            "errors": {k: flatten_messages(v) for k, v in errors.items()},
        }
    elif isinstance(exc, exceptions.ParseError):
        # A body that cannot be parsed (a broken multipart boundary, malformed JSON) is a 400 like any
        # other bad input: the same keys, in Chinese, so every 400 has the documented shape.
        detail = gettext("请求体无法解析，请按接口文档的格式提交（%(reason)s）") % {"reason": exc.detail}
        response.data = {"code": "parse_error", "detail": detail, "errors": {"__all__": [detail]}}
    elif isinstance(exc, exceptions.APIException):
        response.data = {
            "code": exc.get_codes() if isinstance(exc.get_codes(), str) else "error",
            "detail": str(exc.detail),
        }
    return response
