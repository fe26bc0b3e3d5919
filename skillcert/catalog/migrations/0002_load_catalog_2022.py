"""Load the occupations of 职业分类大典（2022年版）, their standards and rules (R-CAT-1..4).

Runs the same loader as the `load_catalog` command, on the historical models. Seeding is
not audited (there is no actor and the audit chain may not exist yet); later refreshes
through `load_catalog` are.
"""

from django.db import migrations

from skillcert.catalog.loader import load_catalog_data, read_catalog_data, unload_catalog_data


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    load_catalog_data(read_catalog_data(), get_model=lambda name: apps.get_model("catalog", name), validate=True)


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    unload_catalog_data(read_catalog_data(), get_model=lambda name: apps.get_model("catalog", name))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
