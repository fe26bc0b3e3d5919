"""The public address printed in certificate QR codes and credentials (R-CERT-3, R-CERT-4).

`SKILLCERT_PUBLIC_URL`, when set, is the address for everything. When it is empty the address
follows the server: the scheme and host of the request being served (a `make run PORT=8201`
prints 8201), and outside a request (background issuance, commands) `FALLBACK_URL`. A production
site sets the variable, so that a certificate printed behind a proxy carries the public name.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FALLBACK_URL = "http://127.0.0.1:8000"

_request_base: contextvars.ContextVar[str] = contextvars.ContextVar("skillcert_public_base", default="")


def public_base_url() -> str:
    """The address the public reaches the portal at, without a trailing slash."""
    configured = str(getattr(settings, "SKILLCERT_PUBLIC_URL", "") or "").rstrip("/")
    return configured or _request_base.get() or FALLBACK_URL


class PublicAddressMiddleware:
    """Remember the address of the request being served, for `public_base_url`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_base.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
