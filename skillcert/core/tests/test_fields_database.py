"""Encrypted fields against a real table (transactional: it creates and drops the table).

Kept in a file of its own so the transactional flush runs after the ordinary tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from skillcert.core import crypto
from skillcert.core.fields import blind_index_for, with_blind_indexes
from skillcert.core.tests.test_fields import models_  # noqa: F401 - fixture


@pytest.mark.django_db(transaction=True)
def test_database_round_trip(models_: dict[str, Any]) -> None:  # noqa: F811 - the imported fixture
    Person = models_["Person"]
    with connection.schema_editor() as editor:
        editor.create_model(Person)
    try:
        Person.objects.create(name="张三", id_number="15010219900307123x", mobile="13812345678")
        Person.objects.create(name="李四", id_number=None, mobile="")
        Person.objects.create(name="王五", id_number=None, mobile="")  # NULL indexes do not collide

        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id_number, mobile FROM {Person._meta.db_table} WHERE name = %s", ["张三"])
            raw_id, raw_mobile = cursor.fetchone()
        assert crypto.is_token(raw_id) and crypto.is_token(raw_mobile)

        found = Person.objects.get(id_number_index=blind_index_for(Person, "id_number", "15010219900307123X"))
        assert found.name == "张三"
        assert found.id_number == "15010219900307123x"
        assert found.mobile == "13812345678"
        assert list(Person.objects.filter(id_number__isnull=True).order_by("name").values_list("name", flat=True)) == [
            "李四",
            "王五",
        ]
        assert Person.objects.values_list("mobile", flat=True).get(name="张三") == "13812345678"

        found.id_number = "150102199003071237"
        found.save(update_fields=with_blind_indexes(Person, ["id_number"]))
        assert Person.objects.get(id_number_index=blind_index_for(Person, "id_number", "150102199003071237")) == found

        # A second person with the same number is a validation error, not an IntegrityError.
        duplicate = Person(name="赵六", id_number="150102199003071237", mobile="")
        with pytest.raises(ValidationError) as exc:
            duplicate.full_clean()
        assert list(exc.value.message_dict) == ["id_number_index"]
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Person)
