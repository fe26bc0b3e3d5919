"""Public verification's JSON look-ups answered before Django's request handler (issue #16, R-CERT-4).

`config.wsgi` wraps Django's WSGI handler in `LeanVerification`. A cookie-less GET of
/api/v1/public/certificates/verify that DRF would answer with its JSON renderer (no `format`, an Accept
header that negotiates plain `application/json`), for an allowed host and needing no HTTPS redirect, is
answered here: the same rate limit (shared cache, the client address from `core.middleware.client_ip`),
the same look-up (`verification.find_by_number_and_name`, replica routing as `@reads_from_replica`), the
same language (`Accept-Language`, as LocaleMiddleware chooses it), the body as DRF's JSONRenderer writes
it, and the headers the platform's own middleware chain gives that answer. Those headers are found once per
(status, HTTPS, language) by passing a stand-in of DRF's response through the configured MIDDLEWARE, then
reused with this request's id and length; sessions, CSRF, authentication and messages have nothing to do
for a request without cookies, and URL resolution is one constant path.

Everything else takes Django's full path, unchanged: other paths and methods, browsers, `?format=`, any
cookie, a bad host. A malformed number, a missing name, a client over its limit and an unexpected error
go there too, carrying what the look-up found in the environ (`ERROR_KEY`), so the DRF view answers
them as it always has without counting the look-up twice. Found and unknown numbers never log a line
(an unknown number is an ordinary answer of a public look-up, not a fault).
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from functools import lru_cache
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core import signals
from django.core.exceptions import DisallowedHost, SuspiciousOperation
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.test.signals import setting_changed
from django.urls import get_script_prefix, reverse
from django.utils import translation
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from skillcert.certificates import verification
from skillcert.core.context import RequestMeta, reset_request_meta, set_request_meta
from skillcert.core.errors import NotFoundError
from skillcert.core.middleware import client_ip, request_id_for
from skillcert.core.replica import replica_reads

ERROR_KEY = "skillcert.verify_error"
"""Environ key: the error the lean look-up met, for the DRF view to answer (no second count)."""

StartResponse = Callable[..., Any]
_MARK = "skillcert0lean0request0id0mark0"  # stands for the request id in the header templates
_RENDERER = JSONRenderer()


class _Body(list[bytes]):
    """The answer's body; closing it ends the request as Django's response does (request_finished)."""

    def close(self) -> None:
        signals.request_finished.send(sender=WSGIHandler)


class _TemplateHandler(BaseHandler):
    """The configured middleware chain around a stand-in of the DRF view's answer (no URL resolution)."""

    def __init__(self, answer: HttpResponse) -> None:
        super().__init__()
        self.answer = answer
        self.load_middleware()

    def _get_response(self, request: HttpRequest) -> HttpResponse:
        return self.answer


class LeanVerification:
    """WSGI application: public verification's JSON look-ups here, everything else to Django."""

    def __init__(self, application: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.application = application
        self.path: str | None = None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if self.path is None:
            self.path = "/" + reverse("public-certificate-verify")[len(get_script_prefix()) :]
        if (
            environ.get("PATH_INFO") != self.path
            or environ.get("REQUEST_METHOD") != "GET"
            or "HTTP_COOKIE" in environ
            or not _negotiates_plain_json(environ.get("HTTP_ACCEPT"))
        ):
            return self.application(environ, start_response)
        signals.request_started.send(sender=WSGIHandler, environ=environ)
        request = WSGIRequest(environ)
        try:
            query = _query(environ)
            request.get_host()  # DisallowedHost: Django answers 400
            secure = request.is_secure()
        except (ValueError, DisallowedHost, SuspiciousOperation):  # too many fields, a bad host: Django's 400
            return self.application(environ, start_response)
        if api_settings.URL_FORMAT_OVERRIDE in query or (settings.SECURE_SSL_REDIRECT and not secure):
            return self.application(environ, start_response)
        if is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]:
            return self.application(environ, start_response)
        translation.activate(translation.get_language_from_request(request))
        language = translation.get_language()
        request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))
        client = client_ip(request)
        number, name = query.get("number", ""), query.get("name", "")
        token = set_request_meta(RequestMeta(request_id=request_id, ip_address=client))
        try:
            with replica_reads():
                record = verification.rate_checked(client, lambda: verification.find_by_number_and_name(number, name))
            status, body = 200, _RENDERER.render(dict(vars(verification.public_answer(record))))
        except NotFoundError:
            status, body = 404, _not_found_body(language)
        except Exception as exc:  # noqa: BLE001 - the DRF view answers it (400, 429, or a 500 as Django's)
            environ[ERROR_KEY] = exc
            return self.application(environ, start_response)
        finally:
            reset_request_meta(token)
        headers = [
            (key, str(len(body)) if key == "Content-Length" else request_id if value == _MARK else value)
            for key, value in _headers(status, secure, language, environ)
        ]
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return _Body([body])


def _query(environ: dict[str, Any]) -> dict[str, str]:
    """The query's last value of each name, parsed as Django's QueryDict parses it (without its lists)."""
    raw = environ.get("QUERY_STRING", "").encode("iso-8859-1")  # as django.core.handlers.wsgi reads it
    try:
        text = raw.decode(settings.DEFAULT_CHARSET)
    except UnicodeDecodeError:
        text = raw.decode("iso-8859-1")
    pairs = parse_qsl(
        text,
        keep_blank_values=True,
        encoding=settings.DEFAULT_CHARSET,
        max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    )
    return dict(pairs)


@lru_cache(maxsize=64)
def _negotiates_plain_json(accept: str | None) -> bool:
    """DRF's content negotiation for the view picks its JSON renderer with no media-type parameters."""
    from skillcert.certificates.public_api import verify

    shim = types.SimpleNamespace(query_params={}, META={} if accept is None else {"HTTP_ACCEPT": accept})
    renderers = [renderer() for renderer in verify.cls.renderer_classes]
    try:
        renderer, media_type = DefaultContentNegotiation().select_renderer(shim, renderers)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - not acceptable: DRF answers 406
        return False
    return isinstance(renderer, JSONRenderer) and media_type == renderer.media_type


@lru_cache(maxsize=8)
def _not_found_body(language: str) -> bytes:
    """The API's answer to an unknown number, as its exception handler words it in that language."""
    from skillcert.core.api_support import exception_handler

    with translation.override(language):
        response = exception_handler(NotFoundError(verification.NOT_FOUND), {})
        return _RENDERER.render(response.data if response is not None else None)


_templates: dict[tuple[int, bool, str], list[tuple[str, str]]] = {}


def _headers(status: int, secure: bool, language: str, environ: dict[str, Any]) -> list[tuple[str, str]]:
    """The headers of the full path's answer with this status, the request id left as a mark (found once)."""
    key = (status, secure, language)
    if (found := _templates.get(key)) is None:
        from skillcert.certificates.public_api import verify

        answer = HttpResponse(b"", status=status, content_type=_RENDERER.media_type)
        answer["Vary"] = "Accept"  # as DRF's finalize_response: Vary, then Allow
        answer["Allow"] = ", ".join(verify.cls().allowed_methods)
        stand_in = {k: v for k, v in environ.items() if k != ERROR_KEY}
        stand_in.update(QUERY_STRING="", HTTP_X_REQUEST_ID=_MARK)
        response = _TemplateHandler(answer)._middleware_chain(WSGIRequest(stand_in))  # type: ignore[attr-defined]
        found = [(k, v) for k, v in response.items()]
        found += [("Set-Cookie", c.output(header="")) for c in response.cookies.values()]
        _templates[key] = found
    return found


def _forget(**_: Any) -> None:
    _templates.clear()
    _negotiates_plain_json.cache_clear()
    _not_found_body.cache_clear()


setting_changed.connect(_forget)
