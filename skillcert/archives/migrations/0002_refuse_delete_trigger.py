"""PostgreSQL refuses a raw DELETE of archive rows in retention or on hold (R-ARC-2).

Services and the admin refuse deletion themselves; this trigger also stops a SQL DELETE typed
at the database. Files may go only once disposal has marked them; dossiers and their
contents only once disposed and with no hold in force.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION archives_refuse_delete() RETURNS trigger AS $$
DECLARE
    target_id bigint;
BEGIN
    IF TG_TABLE_NAME = 'archives_storedfile' THEN
        IF OLD.disposed_at IS NOT NULL THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION USING
            MESSAGE = '档案文件在保管期内不能删除（存储文件 ' || OLD.id || '），保管期满后须经销毁审批',
            ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_TABLE_NAME = 'archives_dossier' THEN
        target_id := OLD.id;
    ELSE
        target_id := OLD.dossier_id;
    END IF;
    IF EXISTS (SELECT 1 FROM archives_dossier d WHERE d.id = target_id AND d.status = 'disposed')
       AND NOT EXISTS (SELECT 1 FROM archives_legalhold h WHERE h.dossier_id = target_id AND h.lifted_at IS NULL) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = '档案在保管期内或诉讼保留中不能删除（' || TG_TABLE_NAME || '，档案 ' || target_id || '）',
        ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""

TABLES = ["archives_storedfile", "archives_dossier", "archives_dossieritem", "archives_legalhold", "archives_disposal"]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_refuse_delete BEFORE DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION archives_refuse_delete()"
        )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_refuse_delete ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS archives_refuse_delete()")


class Migration(migrations.Migration):
    dependencies = [("archives", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
