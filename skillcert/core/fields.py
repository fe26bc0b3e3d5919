"""Model fields for personal data encrypted at rest, with a blind index for look-up (R-X-3).

Usage::

    class Candidate(BaseModel):
        id_number = EncryptedTextField(_("证件号码"))
        id_number_index = BlindIndexField("id_number", unique=True)

    Candidate.objects.filter(id_number_index=blind_index_for(Candidate, "id_number", raw))

The attribute on the instance is always the plaintext; the column holds the token from
`skillcert.core.crypto.encrypt`. The blind index is recomputed in `pre_save` from the
source field, so it is written by `save()` and `bulk_create()`. Three writes bypass
`pre_save` and leave the index stale unless the caller handles it:
``save(update_fields=[...])`` without the index field (use `with_blind_indexes`),
``QuerySet.update()`` and ``bulk_update()``.

Empty strings are stored as empty strings (not encrypted) so that blank optional values
stay cheap to query with ``isnull``/``=""``; only emptiness is revealed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import models
from django.db.models.lookups import Exact, Lookup, Transform

from skillcert.core import crypto
from skillcert.core.crypto import normalize_identifier

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.expressions import Expression

__all__ = [
    "BlindIndexField",
    "EncryptedTextField",
    "blind_index_for",
    "with_blind_indexes",
]

BLIND_INDEX_LENGTH = 64


def _lookup_refused(field: models.Field[Any, Any], lookup_name: str) -> FieldError:
    model = getattr(field, "model", None)
    where = f"{model._meta.label}.{field.name}" if model is not None else field.name
    return FieldError(
        f"{where} is an EncryptedTextField: its ciphertext is randomised, so the "
        f"'{lookup_name}' lookup cannot work (only isnull and exact None/'' are allowed). "
        f"Filter on its BlindIndexField instead, e.g. "
        f"filter(<index field>=blind_index_for(Model, {field.name!r}, value))."
    )


class _EncryptedExact(Exact):
    """`exact` limited to None (turned into IS NULL by the query) and the empty string."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        if rhs is not None and rhs != "":
            raise _lookup_refused(lhs.output_field, "exact")
        super().__init__(lhs, rhs)


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted with AES-GCM in the column, plaintext on the instance (R-X-3).

    `context` (the associated data) defaults to ``"<app_label>.<model>.<field>"``. It is part
    of every stored token: renaming the model or field changes it, so either pass the old
    string as an explicit `context=` or re-encrypt the column in a data migration.
    """

    description = "Text encrypted at rest (AES-GCM)"

    def __init__(self, *args: Any, context: str | None = None, **kwargs: Any) -> None:
        self.explicit_context = context
        self.encryption_context = context or ""
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls: type[models.Model], name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        if not self.explicit_context:
            self.encryption_context = f"{cls._meta.label_lower}.{self.name}"

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        for flag in ("primary_key", "unique", "db_index"):
            if getattr(self, flag if flag != "unique" else "_unique", False):
                errors.append(
                    checks.Error(
                        f"EncryptedTextField cannot set {flag}=True: encrypted values are randomised.",
                        hint="Put unique/db_index on a BlindIndexField over this field.",
                        obj=self,
                        id="skillcert.E001",
                    )
                )
        return errors

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.explicit_context:
            kwargs["context"] = self.explicit_context
        return name, path, args, kwargs

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value), self.encryption_context)

    def from_db_value(self, value: Any, expression: Expression, connection: BaseDatabaseWrapper) -> Any:
        if value is None or value == "":
            return value
        try:
            return crypto.decrypt(value, self.encryption_context)
        except crypto.DecryptionError as exc:
            raise crypto.DecryptionError(f"{self.model._meta.label}.{self.name}: {exc}") from exc

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        if lookup_name == "exact":
            return _EncryptedExact
        raise _lookup_refused(self, lookup_name)

    def get_transform(self, lookup_name: str) -> type[Transform] | None:
        raise _lookup_refused(self, lookup_name)

    def formfield(self, **kwargs: Any) -> Any:
        # Identifiers are short: a one-line input, not the TextField's textarea.
        defaults: dict[str, Any] = {"form_class": forms.CharField, "widget": forms.TextInput}
        defaults.update(kwargs)
        return super().formfield(**defaults)


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """HMAC-SHA256 (hex) of another field's normalised value, filled in `pre_save` (R-X-3).

    Defaults: ``max_length=64, null=True, blank=True, editable=False`` and ``db_index=True``
    unless ``unique=True``. An empty source gives NULL, so a unique index allows many blanks.

    `context` defaults to the source field's encryption context when the source is an
    `EncryptedTextField`, otherwise ``"<app_label>.<model>.<source>"``. Give two models the
    same explicit context (on the source field) to match the same person across tables.
    """

    description = "Blind index (HMAC-SHA256) of another field"

    def __init__(
        self,
        source_field_name: str,
        *args: Any,
        normalizer: Callable[[str], str] | None = normalize_identifier,
        context: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.source_field_name = source_field_name
        self.normalizer = normalizer
        self.explicit_context = context
        kwargs.setdefault("max_length", BLIND_INDEX_LENGTH)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        if not kwargs.get("unique") and not kwargs.get("primary_key"):
            kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for key in ("max_length", "null", "blank", "editable", "db_index"):
            kwargs.pop(key, None)
        # Emit only what differs from this field's own defaults, so __init__ rebuilds it.
        if self.max_length != BLIND_INDEX_LENGTH:
            kwargs["max_length"] = self.max_length
        if not self.null:
            kwargs["null"] = False
        if not self.blank:
            kwargs["blank"] = False
        if self.editable:
            kwargs["editable"] = True
        default_db_index = not self._unique and not self.primary_key
        if self.db_index != default_db_index:
            kwargs["db_index"] = self.db_index
        kwargs["source_field_name"] = self.source_field_name
        if self.normalizer is not normalize_identifier:
            kwargs["normalizer"] = self.normalizer
        if self.explicit_context:
            kwargs["context"] = self.explicit_context
        return name, path, args, kwargs

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        try:
            source = self.model._meta.get_field(self.source_field_name)
        except FieldDoesNotExist:
            errors.append(
                checks.Error(
                    f"BlindIndexField source {self.source_field_name!r} is not a field of "
                    f"{self.model._meta.label}.",
                    obj=self,
                    id="skillcert.E002",
                )
            )
        else:
            if source is self or isinstance(source, BlindIndexField):
                errors.append(
                    checks.Error(
                        "BlindIndexField must index a data field, not itself or another index.",
                        obj=self,
                        id="skillcert.E003",
                    )
                )
        if self.max_length is not None and self.max_length < BLIND_INDEX_LENGTH:
            errors.append(
                checks.Error(
                    f"BlindIndexField needs max_length >= {BLIND_INDEX_LENGTH}.",
                    obj=self,
                    id="skillcert.E004",
                )
            )
        return errors

    @property
    def source_field(self) -> models.Field[Any, Any]:
        field = self.model._meta.get_field(self.source_field_name)
        assert isinstance(field, models.Field)
        return field

    @property
    def index_context(self) -> str:
        if self.explicit_context:
            return self.explicit_context
        source_context = getattr(self.source_field, "encryption_context", "")
        return source_context or f"{self.model._meta.label_lower}.{self.source_field_name}"

    def compute(self, value: object) -> str | None:
        """The index of a raw source value, or None for None/empty."""
        if value is None:
            return None
        text = str(value)
        normalised = self.normalizer(text) if self.normalizer is not None else text
        if normalised == "":
            return None
        return crypto.blind_index(normalised, self.index_context, normalizer=None)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.compute(getattr(model_instance, self.source_field.attname))
        if value is None and not self.null:
            value = ""
        setattr(model_instance, self.attname, value)
        return value


def _index_field(model: type[models.Model], field_name: str) -> BlindIndexField:
    try:
        named = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        named = None
    if isinstance(named, BlindIndexField):
        return named
    for field in model._meta.get_fields():
        if isinstance(field, BlindIndexField) and field.source_field_name == field_name:
            return field
    raise FieldDoesNotExist(f"{model._meta.label} has no BlindIndexField over {field_name!r}")


def blind_index_for(model: type[models.Model], field_name: str, value: object) -> str:
    """The blind index to filter on for `value` of `model.field_name`.

    `field_name` may name the source field (``"id_number"``) or the index itself
    (``"id_number_index"``). The value is normalised exactly as on save.
    Raises ValueError for an empty value, which has no index (it is stored as NULL).
    """
    index = _index_field(model, field_name).compute(value)
    if index is None:
        raise ValueError(f"an empty value has no blind index ({model._meta.label}.{field_name})")
    return index


def with_blind_indexes(model: type[models.Model], update_fields: Iterable[str]) -> list[str]:
    """`update_fields` plus every BlindIndexField whose source is among them.

    ``obj.save(update_fields=with_blind_indexes(type(obj), ["id_number"]))``
    """
    fields = list(dict.fromkeys(update_fields))
    wanted = set(fields)
    for field in model._meta.get_fields():
        if isinstance(field, BlindIndexField) and field.source_field_name in wanted and field.name not in wanted:
            fields.append(field.name)
            wanted.add(field.name)
    return fields
