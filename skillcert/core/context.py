"""Per-request facts (request id, client address) that the audit log records."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    request_id: str = ""
    ip_address: str = ""


_meta: contextvars.ContextVar[RequestMeta] = contextvars.ContextVar("skillcert_request_meta", default=RequestMeta())  # noqa: B039 - frozen


def current_request_meta() -> RequestMeta:
    return _meta.get()


def set_request_meta(meta: RequestMeta) -> contextvars.Token[RequestMeta]:
    return _meta.set(meta)


def reset_request_meta(token: contextvars.Token[RequestMeta]) -> None:
    _meta.reset(token)
