"""Session rules (R-X-2): the idle timeout, and confinement of a session that has not finished logging in.

`IdleTimeoutMiddleware` keeps the time of the last request in the session and logs the
session out after session.idle_minutes without one. `SecondFactorMiddleware` lets a
session that passed the password but not yet the TOTP step reach only the second-factor
pages and logout, and a session whose password has expired only the change-password page
and logout. Both sit after MessageMiddleware so they can leave a message for the next page.
API requests get a JSON 401/403 instead of a redirect.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from skillcert.accounts import services
from skillcert.core.policy import get_policy

SESSION_LAST_ACTIVITY = "skillcert.last_activity"
SESSION_SECOND_FACTOR_PENDING = "skillcert.second_factor_pending"
SESSION_LOGIN_NEXT = "skillcert.login_next"
ACTIVITY_RESOLUTION_SECONDS = 30
"""The stored time moves at most this often, so an active session is not re-saved on every request."""


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _login_redirect(request: HttpRequest) -> HttpResponseRedirect:
    url = reverse("accounts:login")
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url)


def timeout_message() -> str:
    return _("由于长时间未操作，您已自动退出，请重新登录。")


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = time.time()
            last = request.session.get(SESSION_LAST_ACTIVITY)
            idle_seconds = int(get_policy("session.idle_minutes")) * 60
            if isinstance(last, int | float) and now - last > idle_seconds:
                services.record_logout(user=user, timeout=True)  # type: ignore[arg-type]
                logout(request)
                if is_api_request(request):
                    return JsonResponse({"code": "session_timeout", "detail": timeout_message()}, status=401)
                messages.warning(request, timeout_message())
                return _login_redirect(request)
            if not isinstance(last, int | float) or now - last >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[SESSION_LAST_ACTIVITY] = now
            # The session row and its cookie expire with the idle period too, not after SESSION_COOKIE_AGE.
            lifetime = idle_seconds + ACTIVITY_RESOLUTION_SECONDS
            if request.session.get("_session_expiry") != lifetime:
                request.session.set_expiry(lifetime)
        return self.get_response(request)


def _path(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        admin_login = _path("admin:login")
        if admin_login is not None and path == admin_login:
            # The admin's own login form would skip the lockout page and the second factor.
            target = reverse("accounts:login")
            next_url = request.GET.get("next")
            return HttpResponseRedirect(target + ("?" + urlencode({"next": next_url}) if next_url else ""))
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        logout_path = reverse("accounts:logout")
        if request.session.get(SESSION_SECOND_FACTOR_PENDING):
            allowed = {reverse("accounts:second_factor"), reverse("accounts:totp_enrol"), logout_path}
            if path in allowed:
                return self.get_response(request)
            if is_api_request(request):
                return JsonResponse(
                    {"code": "second_factor_required", "detail": _("请先在登录页面完成动态口令验证")}, status=403
                )
            return HttpResponseRedirect(reverse("accounts:second_factor"))
        if user.password_expired():  # type: ignore[union-attr]
            change = reverse("accounts:password_change")
            if path in {change, logout_path}:
                return self.get_response(request)
            if is_api_request(request):
                return JsonResponse(
                    {"code": "password_expired", "detail": _("密码已过期，请先在“修改密码”页面设置新密码")}, status=403
                )
            return HttpResponseRedirect(change)
        return self.get_response(request)
