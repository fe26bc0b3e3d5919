"""One exception type for domain rules (R-X-4): a code, the field, a Chinese message."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A request broke a domain rule; nothing was saved.

    `errors` maps a field name (or "__all__") to a list of Chinese messages; the API turns
    it into a 400 body and forms into field errors.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field or "__all__"
        self.code = code
        self.errors: dict[str, list[str]] = {self.field: [message]}
        self.extra: dict[str, Any] = {}
        """More keys for the 400 body (e.g. the full error report of an import)."""

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> DomainError:
        if hasattr(exc, "error_dict"):
            errors = {f: [str(m) for e in errs for m in e.messages] for f, errs in exc.error_dict.items()}
        else:
            errors = {"__all__": [str(m) for m in exc.messages]}
        field, messages = next(iter(errors.items()))
        code = getattr(exc, "code", None)
        if code is None and getattr(exc, "error_list", None):
            code = exc.error_list[0].code
        err = cls(messages[0], field=field, code=code or "invalid")
        err.errors = errors
        return err

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "detail": self.message, "errors": self.errors, **self.extra}


class NotFoundError(Exception):
    """The object does not exist or the actor may not see it — the two are indistinguishable."""
