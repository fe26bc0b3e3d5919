"""Migration operations shared by every app (R-X-5: schema changes without locking big tables).

`AddIndexConcurrently` builds the index with CREATE INDEX CONCURRENTLY on PostgreSQL, so a
million-row table keeps taking writes while it is built, and falls back to a plain CREATE INDEX
on other databases (SQLite, the embedded default). A migration using it must set
``atomic = False``: PostgreSQL refuses a concurrent build inside a transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently as PostgresAddIndexConcurrently
from django.contrib.postgres.operations import RemoveIndexConcurrently as PostgresRemoveIndexConcurrently
from django.db.migrations.operations import AddIndex, RemoveIndex


class _ConcurrentlyOnPostgres:
    """Run the concurrent form of an operation on PostgreSQL and the plain form elsewhere."""

    concurrent: Any
    plain: Any

    def _form(self, schema_editor: Any) -> Any:
        return self.concurrent if schema_editor.connection.vendor == "postgresql" else self.plain

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        self._form(schema_editor).database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        self._form(schema_editor).database_backwards(self, app_label, schema_editor, from_state, to_state)


class AddIndexConcurrently(_ConcurrentlyOnPostgres, PostgresAddIndexConcurrently):
    """Add an index without blocking writes on PostgreSQL; a plain AddIndex elsewhere."""

    concurrent, plain = PostgresAddIndexConcurrently, AddIndex


class RemoveIndexConcurrently(_ConcurrentlyOnPostgres, PostgresRemoveIndexConcurrently):
    """Drop an index without blocking writes on PostgreSQL; a plain RemoveIndex elsewhere."""

    concurrent, plain = PostgresRemoveIndexConcurrently, RemoveIndex
