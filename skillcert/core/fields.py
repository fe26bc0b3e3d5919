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
stay cheap to query with ``isnull``/``=""``; only emptiness is revealed. Serialisation
(``dumpdata``) writes the plaintext, which ``loaddata`` encrypts again: fixtures made from
real data are personal data.
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
    # skillcert.core.audit.snapshot writes "***" instead of the value for such fields; the
    # BlindIndexField beside it stays in the snapshot, so a change is still visible.
    audit_masked = True

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
        flags = {"primary_key": self.primary_key, "unique": self.unique, "db_index": getattr(self, "db_index", False)}
        for flag, value in flags.items():
            if value:
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

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        # Identifiers are short: a one-line input, not the TextField's textarea.
        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(
            form_class=form_class or forms.CharField, choices_form_class=choices_form_class, **kwargs
        )


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """HMAC-SHA256 (hex) of another field's normalised value, filled in `pre_save` (R-X-3).

    Defaults: ``max_length=64, null=True, editable=False`` and ``db_index=True`` unless
    ``unique=True``. An empty source gives NULL, so a unique index allows many blanks.
    `Model.full_clean()` recomputes the index before `validate_unique`, so a duplicate is a
    ValidationError on this field (give it a `verbose_name` for the message) rather than an
    IntegrityError; `blank` stays False so that `clean_fields` does not skip it.

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
        kwargs.setdefault("editable", False)
        if not kwargs.get("unique") and not kwargs.get("primary_key"):
            kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        # Django emits these only when they differ from *its* defaults; re-emit them only
        # when they differ from this field's defaults, so __init__ rebuilds the same field.
        current = {
            "max_length": kwargs.pop("max_length", None),
            "null": kwargs.pop("null", False),
            "editable": kwargs.pop("editable", True),
            "db_index": kwargs.pop("db_index", False),
        }
        own_defaults = {
            "max_length": BLIND_INDEX_LENGTH,
            "null": True,
            "editable": False,
            "db_index": not self.unique,
        }
        kwargs.update({k: v for k, v in current.items() if v != own_defaults[k]})
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
                    f"BlindIndexField source {self.source_field_name!r} is not a field of {self.model._meta.label}.",
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

    def clean(self, value: Any, model_instance: models.Model | None) -> Any:
        if model_instance is None:
            return value
        return self._fresh(model_instance)

    def _fresh(self, model_instance: models.Model) -> str | None:
        value = self.compute(getattr(model_instance, self.source_field.attname))
        if value is None and not self.null:
            return ""
        return value

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self._fresh(model_instance)
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
