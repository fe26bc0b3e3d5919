"""Shared pieces of the REST API's viewsets: documented error responses and input validation (R-X-4, R-X-5)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request

BAD_INPUT = OpenApiResponse(description="输入不符合规则：返回 code、detail（中文说明）和按字段列出的 errors")
HIDDEN = OpenApiResponse(description="记录不存在或无权查看（二者答复相同）")
FORBIDDEN = OpenApiResponse(description="可以查看但无权办理")


class ImportRefusalSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The 400 of an import with bad rows: the first errors, their total and the full report."""

    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))  # type: ignore[assignment]
    error_count = serializers.IntegerField(required=False)
    errors_shown = serializers.IntegerField(required=False)
    error_report = serializers.CharField(required=False, help_text="完整错误报告（.xlsx）的下载地址")


IMPORT_REFUSED = OpenApiResponse(
    ImportRefusalSerializer,
    description="文件或数据行不符合规则：列出前若干条错误、错误总数和完整错误报告的下载地址",
)
XLSX = OpenApiResponse(OpenApiTypes.BINARY, description="Excel 文件（.xlsx）")


def validated_input(serializer_class: Any, request: Request) -> dict[str, Any]:
    """The request body checked by an input serializer; a bad body answers 400 with Chinese messages."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
