"""Shared pieces of the REST API's viewsets: documented error responses and input validation (R-X-4, R-X-5)."""

from __future__ import annotations

import inspect
from typing import Any

from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request

from skillcert.core.api_support import flatten_messages
from skillcert.core.errors import DomainError


class AutoSchema(SpectacularAutoSchema):
    """The schema generator of the API (``DEFAULT_SCHEMA_CLASS``).

    drf-spectacular documents every list answer of a paginated viewset as a page object, also the
    custom actions (``@action``) that answer a plain list; the fuzzer found those answers untrue to
    the schema (issue #17). A custom action is documented as paginated only when it pages itself
    (its code calls ``paginate_queryset``)."""

    def _get_paginator(self) -> Any:
        action = getattr(self.view, "action", None)
        if isinstance(action, str) and action != "list" and not _pages_itself(getattr(self.view, action, None)):
            return None
        return super()._get_paginator()


def _pages_itself(handler: Any) -> bool:
    try:
        return "paginate_queryset" in inspect.getsource(handler)
    except (OSError, TypeError):
        return True  # source unknown: keep the library's default


BAD_INPUT = OpenApiResponse(
    description=gettext_lazy("输入不符合规则：返回 code、detail（中文说明）和按字段列出的 errors")
)
HIDDEN = OpenApiResponse(description=gettext_lazy("记录不存在或无权查看（二者答复相同）"))
FORBIDDEN = OpenApiResponse(description=gettext_lazy("可以查看但无权办理"))


class ImportRefusalSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The 400 of every import: a refused file (code, detail, the messages by field) and, for bad rows,
    the first errors, their total and the full report."""

    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))  # type: ignore[assignment]
    error_count = serializers.IntegerField(required=False)
    errors_shown = serializers.IntegerField(required=False)
    error_report = serializers.CharField(required=False, help_text=gettext_lazy("完整错误报告（.xlsx）的下载地址"))


IMPORT_REFUSED = OpenApiResponse(
    ImportRefusalSerializer,
    description=gettext_lazy("文件或数据行不符合规则：列出前若干条错误、错误总数和完整错误报告的下载地址"),
)
XLSX = OpenApiResponse(OpenApiTypes.BINARY, description=gettext_lazy("Excel 文件（.xlsx）"))


def document_error_answers(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: every operation documents the errors it can answer.

    Any operation may answer 400 (bad input, including bad query parameters), an operation on
    a record 404 (missing or hidden), a logged-in operation 401 and 403. Operations that
    already document a code keep their own description.
    """
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            wanted = {"400": str(BAD_INPUT.description)}
            if "{" in path:
                wanted["404"] = str(HIDDEN.description)
            if {} not in operation.get("security", []):
                wanted["401"] = gettext("未登录或令牌无效")
                wanted["403"] = str(FORBIDDEN.description)
            for code, description in wanted.items():
                responses.setdefault(code, {"description": description})
    return result


def validated_input(serializer_class: Any, request: Request) -> dict[str, Any]:
    """The request body checked by an input serializer (R-X-4).

    A bad body answers 400; each message starts with the field's Chinese label ("等级：请填写合法的整数值。").
    """
    serializer = serializer_class(data=request.data)
    if serializer.is_valid():
        return dict(serializer.validated_data)
    errors: dict[str, list[str]] = {}
    for name, detail in serializer.errors.items():
        field = serializer.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        prefix = f"{label}：" if label else ""
        errors[name] = [m if m.startswith(prefix) else f"{prefix}{m}" for m in flatten_messages(detail)]
    first_field, first = next(iter(errors.items()))
    err = DomainError(first[0], field=first_field, code="invalid")
    err.errors = errors
    raise err


ERRORS = {400: BAD_INPUT, 403: FORBIDDEN, 404: HIDDEN}
"""The three refusals every write answers with, for `extend_schema(responses={...: ..., **ERRORS})`."""
PDF = OpenApiResponse(OpenApiTypes.BINARY, description=gettext_lazy("PDF 文件"))
