"""The candidate's exam endpoints under /api/v1/public/itembank/ (R-BANK-4).

No platform login: the candidate signs in with exam number, ID number and the session code
the proctor reveals, and gets a sitting token that every later call sends in the
``X-Sitting-Token`` header. A token names one sitting: using it on another is refused.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from skillcert.itembank.api import serializers as s
from skillcert.itembank.services import cbt

TOKEN = OpenApiParameter(
    "X-Sitting-Token",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=gettext_lazy("登录时取得的作答凭据"),
)
BAD = OpenApiResponse(description=gettext_lazy("输入不符合规则、已交卷、考试时间已到或保存序号已过期（code 说明原因）"))
DENIED = OpenApiResponse(description=gettext_lazy("凭据无效或不属于该作答"))


def _sitting(request: Request, pk: int) -> object:
    try:
        return cbt.sitting_for_token(request.headers.get("X-Sitting-Token", ""), sitting_id=pk)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc)) from exc


@extend_schema(
    summary=gettext_lazy("机考登录"), request=s.SignInSerializer, responses={200: s.SignInResultSerializer, 400: BAD}
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([permissions.AllowAny])
def sign_in(request: Request) -> Response:
    data = s.SignInSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    sitting, token = cbt.sign_in(**data.validated_data)
    return Response({"token": token, "state": cbt.exam_state(sitting)})


@extend_schema(
    summary=gettext_lazy("作答状态（试题、已保存的作答、剩余时间）"),
    parameters=[TOKEN],
    responses={200: s.ExamStateSerializer, 403: DENIED},
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([permissions.AllowAny])
def state(request: Request, pk: int) -> Response:
    return Response(cbt.exam_state(_sitting(request, pk)))  # type: ignore[arg-type]


@extend_schema(
    summary=gettext_lazy("保存一题作答（带序号，幂等）"),
    parameters=[TOKEN],
    request=s.SaveSerializer,
    responses={200: s.SaveResultSerializer, 400: BAD, 403: DENIED},
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([permissions.AllowAny])
def save(request: Request, pk: int) -> Response:
    sitting = _sitting(request, pk)
    data = s.SaveSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    return Response(cbt.save_answer(sitting=sitting, **data.validated_data))  # type: ignore[arg-type]


@extend_schema(
    summary=gettext_lazy("交卷"),
    parameters=[TOKEN],
    request=None,
    responses={200: s.ExamStateSerializer, 400: BAD, 403: DENIED},
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([permissions.AllowAny])
def submit(request: Request, pk: int) -> Response:
    sitting = cbt.submit_own(sitting=_sitting(request, pk))  # type: ignore[arg-type]
    return Response(cbt.exam_state(sitting), status=status.HTTP_200_OK)
