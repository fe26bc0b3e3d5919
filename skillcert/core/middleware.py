"""Request id for every request, echoed in the response and recorded in audit events; the client address."""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from skillcert.core.context import RequestMeta, reset_request_meta, set_request_meta

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@lru_cache(maxsize=8)
def _trusted(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str) -> bool:
    proxies = getattr(settings, "SKILLCERT_TRUSTED_PROXIES", ())
    if not proxies:
        return False  # no proxy is trusted: nothing to parse (public verification asks on every look-up)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _trusted(tuple(proxies)))


def client_ip(request: HttpRequest) -> str:
    """The client's address for rate limits and the audit trail (R-X-1, R-CERT-4).

    X-Forwarded-For is believed only when the connection comes from a proxy listed in
    SKILLCERT_TRUSTED_PROXIES, and then only as far as the hops those proxies appended:
    the address is the rightmost one not itself a trusted proxy. A client cannot choose
    its address by sending the header itself.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if not _is_trusted(remote):
        return remote[:64]
    hops = [h.strip() for h in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))[:64]
            except ValueError:
                break  # a malformed hop: trust nothing to its left
    return remote[:64]


def request_id_for(incoming: str) -> str:
    """The request's id: the caller's X-Request-ID when it is a safe token, else a new one."""
    return incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request.headers.get("X-Request-ID", ""))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = set_request_meta(RequestMeta(request_id=request_id, ip_address=client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            reset_request_meta(token)
        response["X-Request-ID"] = request_id
        return response


class DomainErrorMiddleware:
    """A broken rule that escapes a page view answers 400 with its Chinese message, not a server error.

    Views handle the errors they expect (a form re-rendered with the message on its field); this
    catches the rest, e.g. a bad `?export=` or an out-of-range filter, so every page answers bad
    input the same way as the API: 400, naming the field and the rule (R-X-4).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from skillcert.core.errors import DomainError

        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        return render(request, "core/bad_request.html", {"error": exception}, status=400)
