"""Encrypted fields and blind indexes (R-X-3), on throw-away models outside the app registry."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import connection, models
from django.db.migrations.state import ModelState
from django.db.migrations.writer import MigrationWriter
from django.test import override_settings
from django.test.utils import isolate_apps

from skillcert.core import crypto
from skillcert.core.fields import BlindIndexField, EncryptedTextField, blind_index_for, with_blind_indexes

KEYS = f"k1:{base64.b64encode(bytes(range(32))).decode()}"
INDEX_KEY = base64.b64encode(b"i" * 32).decode()


def digits_only(value: str) -> str:
    return re.sub(r"\D", "", value)


@pytest.fixture(autouse=True)
def keys() -> Iterator[None]:
    with override_settings(SKILLCERT_DATA_KEYS=KEYS, SKILLCERT_BLIND_INDEX_KEY=INDEX_KEY):
        yield
    crypto.reset_keyring()


@pytest.fixture
def models_() -> Iterator[dict[str, Any]]:
    with isolate_apps("skillcert.core"):

        class Person(models.Model):
            name = models.CharField(max_length=50, blank=True)
            id_number = EncryptedTextField(blank=True, null=True)
            id_number_index = BlindIndexField("id_number", unique=True)
            mobile = EncryptedTextField(blank=True, context="people.mobile")
            mobile_index = BlindIndexField("mobile", normalizer=digits_only, null=False)

            class Meta:
                app_label = "core"

        class Examiner(models.Model):
            id_number = EncryptedTextField(context="people.id_number")
            id_number_index = BlindIndexField("id_number", context="shared.id_number", db_index=False)

            class Meta:
                app_label = "core"

        yield {"Person": Person, "Examiner": Examiner}


def field(model: type[models.Model], name: str) -> Any:
    return model._meta.get_field(name)


def test_value_is_encrypted_for_the_column_and_decrypted_on_load(models_: dict[str, Any]) -> None:
    Person = models_["Person"]
    f = field(Person, "id_number")
    assert f.encryption_context == "core.person.id_number"
    token = f.get_prep_value("150102199003071237")
    assert crypto.is_token(token)
    assert "150102199003071237" not in token
    assert crypto.decrypt(token, "core.person.id_number") == "150102199003071237"
    assert f.from_db_value(token, None, connection) == "150102199003071237"
    assert f.get_db_prep_save("150102199003071237", connection) != f.get_db_prep_save("150102199003071237", connection)


def test_none_and_empty_are_stored_as_is(models_: dict[str, Any]) -> None:
    f = field(models_["Person"], "id_number")
    assert f.get_prep_value(None) is None
    assert f.get_prep_value("") == ""
    assert f.from_db_value(None, None, connection) is None
    assert f.from_db_value("", None, connection) == ""


def test_token_from_another_column_does_not_load(models_: dict[str, Any]) -> None:
    Person = models_["Person"]
    token = field(Person, "mobile").get_prep_value("13812345678")
    with pytest.raises(crypto.DecryptionError, match=r"core\.Person\.id_number"):
        field(Person, "id_number").from_db_value(token, None, connection)


def test_index_is_filled_in_pre_save(models_: dict[str, Any]) -> None:
    Person = models_["Person"]
    person = Person(id_number="15010219900307123x", mobile="138 1234 5678")
    index = field(Person, "id_number_index").pre_save(person, add=True)
    assert person.id_number_index == index
    assert index == crypto.blind_index("15010219900307123X", "core.person.id_number")
    assert index == blind_index_for(Person, "id_number", " 15010219900307123X")
    assert index == blind_index_for(Person, "id_number_index", "15010219900307123x")

    mobile_index = field(Person, "mobile_index").pre_save(person, add=True)
    assert mobile_index == blind_index_for(Person, "mobile", "138-1234-5678")
    assert mobile_index == crypto.blind_index("13812345678", "people.mobile", normalizer=None)


def test_full_clean_refreshes_the_index_before_unique_checks(models_: dict[str, Any]) -> None:
    Person = models_["Person"]
    person = Person(id_number="150102199003071237", mobile="13812345678")
    person.id_number_index = "stale"
    person.clean_fields()
    assert person.id_number_index == blind_index_for(Person, "id_number", "150102199003071237")
    assert person.mobile_index == blind_index_for(Person, "mobile", "13812345678")


def test_empty_source_gives_null_or_empty_index(models_: dict[str, Any]) -> None:
    Person = models_["Person"]
    person = Person(id_number=None, mobile="")
    assert field(Person, "id_number_index").pre_save(person, add=True) is None
    assert field(Person, "mobile_index").pre_save(person, add=True) == ""  # null=False
    with pytest.raises(ValueError, match="empty value"):
        blind_index_for(Person, "id_number", "  ")


def test_shared_context_matches_across_models(models_: dict[str, Any]) -> None:
    Examiner = models_["Examiner"]
    value = "150102199003071237"
    assert blind_index_for(Examiner, "id_number", value) == crypto.blind_index(value, "shared.id_number")
    with pytest.raises(FieldDoesNotExist):
        blind_index_for(Examiner, "nothing", value)


def test_lookups_other_than_isnull_are_refused(models_: dict[str, Any]) -> None:
    Person = models_["Person"]
    with pytest.raises(FieldError, match="blind_index_for"):
        Person.objects.filter(id_number="150102199003071237")
    with pytest.raises(FieldError, match="'startswith'"):
        Person.objects.filter(id_number__startswith="1501")
    with pytest.raises(FieldError, match="'in'"):
        Person.objects.filter(id_number__in=["1"])
    with pytest.raises(FieldError):
        Person.objects.exclude(mobile__icontains="138")
    with pytest.raises(FieldError):
        Person.objects.filter(id_number__lower="x")


def test_null_and_empty_lookups_work(models_: dict[str, Any]) -> None:
    Person = models_["Person"]
    assert "IS NULL" in str(Person.objects.filter(id_number__isnull=True).query)
    assert "IS NULL" in str(Person.objects.filter(id_number=None).query)
    assert "IS NOT NULL" in str(Person.objects.filter(id_number__isnull=False).query)
    Person.objects.exclude(mobile="")  # builds without error


def test_with_blind_indexes(models_: dict[str, Any]) -> None:
    Person = models_["Person"]
    assert with_blind_indexes(Person, ["id_number"]) == ["id_number", "id_number_index"]
    assert with_blind_indexes(Person, ["name", "mobile", "mobile_index"]) == ["name", "mobile", "mobile_index"]
    assert with_blind_indexes(Person, ["name"]) == ["name"]


def rebuild(f: models.Field[Any, Any]) -> Any:
    _name, path, args, kwargs = f.deconstruct()
    assert path.startswith("skillcert.core.fields.")
    return type(f)(*args, **kwargs)


def test_deconstruct_round_trips(models_: dict[str, Any]) -> None:
    for model_name, names in {
        "Person": ["id_number", "id_number_index", "mobile", "mobile_index"],
        "Examiner": ["id_number", "id_number_index"],
    }.items():
        for name in names:
            original = field(models_[model_name], name)
            copy = rebuild(original)
            assert copy.deconstruct()[1:] == original.deconstruct()[1:]
            # Migration files can be written for it.
            MigrationWriter.serialize(original)

    index = field(models_["Person"], "id_number_index")
    assert rebuild(index).unique and not rebuild(index).db_index
    assert rebuild(index).max_length == 64 and rebuild(index).null and not rebuild(index).editable
    mobile_index = rebuild(field(models_["Person"], "mobile_index"))
    assert mobile_index.normalizer is digits_only and mobile_index.db_index and not mobile_index.null
    examiner_index = rebuild(field(models_["Examiner"], "id_number_index"))
    assert examiner_index.explicit_context == "shared.id_number" and not examiner_index.db_index
    assert rebuild(field(models_["Person"], "mobile")).explicit_context == "people.mobile"
    assert "context" not in field(models_["Person"], "id_number").deconstruct()[3]


def test_migration_state_keeps_the_context(models_: dict[str, Any]) -> None:
    # A historical model (as seen by data migrations) encrypts and indexes the same way.
    from django.db.migrations.state import ProjectState

    state = ProjectState()
    state.add_model(ModelState.from_model(models_["Person"]))
    Historical = state.apps.get_model("core", "Person")
    f = field(Historical, "id_number")
    assert f.encryption_context == "core.person.id_number"
    token = field(models_["Person"], "id_number").get_prep_value("x")
    assert f.from_db_value(token, None, connection) == "x"
    person = Historical(id_number="15010219900307123X", mobile="")
    assert field(Historical, "id_number_index").pre_save(person, add=True) == blind_index_for(
        models_["Person"], "id_number", "15010219900307123X"
    )


def test_system_checks() -> None:
    with isolate_apps("skillcert.core"):

        class Bad(models.Model):
            secret = EncryptedTextField(unique=True)
            other = EncryptedTextField(db_index=True)
            orphan_index = BlindIndexField("missing")
            index_of_index = BlindIndexField("orphan_index")
            short_index = BlindIndexField("secret", max_length=32)

            class Meta:
                app_label = "core"

        ids = {e.id for f in Bad._meta.local_fields for e in f.check()}
    assert ids == {"skillcert.E001", "skillcert.E002", "skillcert.E003", "skillcert.E004"}


def test_audit_snapshot_masks_the_plaintext_but_shows_the_index(models_: dict[str, Any]) -> None:
    from skillcert.core.audit import snapshot

    Person = models_["Person"]
    person = Person(id_number="150102199003071237", mobile="13812345678")
    field(Person, "id_number_index").pre_save(person, add=True)
    data = snapshot(person)
    assert data["id_number"] == "***" and data["mobile"] == "***"
    assert data["id_number_index"] == blind_index_for(Person, "id_number", "150102199003071237")
    assert "150102199003071237" not in str(data) and "13812345678" not in str(data)


def test_encrypted_field_form_input_is_one_line(models_: dict[str, Any]) -> None:
    from django import forms

    form_field = field(models_["Person"], "id_number").formfield()
    assert isinstance(form_field, forms.CharField)
    assert isinstance(form_field.widget, forms.TextInput)
